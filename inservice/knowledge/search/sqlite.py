"""Search on SQLite: FTS5 tables (knowledge.search_schema) ranked by bm25, marked by
highlight() and snippet().

Each query first ranks the matches (the hits' ids), then marks only those few: snippet() reads
and tokenizes the whole text again, which costs too much to do for every match. bm25 weights
follow PostgreSQL's A/B/C weights: title 10, summary 4, body 1. bm25 is lower for a better
match: the hits carry it negated (`-hit.score`), a rank that is higher for better as on PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from inservice.knowledge.choices import State
from inservice.knowledge.search.marks import START, STOP
from inservice.knowledge.search.rows import Row, fetch
from inservice.knowledge.search.terms import Terms

SNIPPET_TOKENS = 24
# Requests: the most relevant among this many of the newest matches (a request's date matters
# as much as its wording, and ranking every match of a common word costs too much).
CANDIDATES = 50


def articles(terms: Terms, limit: int, prefer_service: int | None) -> list[Row]:
    preferred = (
        "EXISTS (SELECT 1 FROM knowledge_article_services s "
        "WHERE s.article_id = a.id AND s.service_id = %s)"
        if prefer_service is not None
        else "0"
    )
    sql = f"""
        WITH hit AS (
            SELECT a.id AS id, bm25(knowledge_article_fts, 10.0, 4.0, 1.0) AS score,
                   {preferred} AS preferred
            FROM knowledge_article_fts JOIN knowledge_article a ON a.id = knowledge_article_fts.rowid
            WHERE knowledge_article_fts MATCH %s AND a.state = %s
            ORDER BY preferred DESC, score, a.id DESC
            LIMIT %s
        )
        SELECT a.id, a.slug, a.title, t.name, a.kind,
               highlight(knowledge_article_fts, 0, %s, %s),
               highlight(knowledge_article_fts, 1, %s, %s),
               snippet(knowledge_article_fts, 2, %s, %s, '…', {SNIPPET_TOKENS}),
               -hit.score, hit.preferred
        FROM hit
        JOIN knowledge_article_fts ON knowledge_article_fts.rowid = hit.id
        JOIN knowledge_article a ON a.id = hit.id
        JOIN org_team t ON t.id = a.team_id
        WHERE knowledge_article_fts MATCH %s
        ORDER BY hit.preferred DESC, hit.score, a.id DESC
    """  # noqa: S608 — only our own SQL fragments are formatted in; values are parameters
    first = [prefer_service] if prefer_service is not None else []
    params = [*first, terms.fts5(), State.PUBLISHED, limit, *_marks(3), terms.fts5()]
    return fetch(sql, params)


def services(terms: Terms, visible: Sequence[int] | None, limit: int) -> list[Row]:
    """Services matching `terms`, among `visible` ids (None: every service)."""
    among = "AND s.id IN (SELECT value FROM json_each(%s))" if visible is not None else ""
    sql = f"""
        WITH hit AS (
            SELECT s.id AS id, bm25(catalog_service_fts, 10.0, 10.0, 4.0, 1.0) AS score
            FROM catalog_service_fts JOIN catalog_service s ON s.id = catalog_service_fts.rowid
            WHERE catalog_service_fts MATCH %s AND s.is_active {among}
            ORDER BY score, s.id
            LIMIT %s
        )
        SELECT s.id, s.slug, s.name, t.name, '',
               highlight(catalog_service_fts, 0, %s, %s),
               highlight(catalog_service_fts, 2, %s, %s),
               snippet(catalog_service_fts, 3, %s, %s, '…', {SNIPPET_TOKENS}),
               -hit.score, 0
        FROM hit
        JOIN catalog_service_fts ON catalog_service_fts.rowid = hit.id
        JOIN catalog_service s ON s.id = hit.id
        JOIN org_team t ON t.id = s.team_id
        WHERE catalog_service_fts MATCH %s
        ORDER BY hit.score, s.id
    """  # noqa: S608 — only our own SQL fragments are formatted in; values are parameters
    among_params = [json.dumps(list(visible))] if visible is not None else []
    params = [terms.fts5(), *among_params, limit, *_marks(3), terms.fts5()]
    return fetch(sql, params)


def requests(terms: Terms, team_ids: Sequence[int], limit: int) -> list[Row]:
    """Requests held by `team_ids` matching `terms`: the most relevant of the newest matches."""
    sql = f"""
        WITH recent AS (
            SELECT k.id AS id, bm25(tickets_ticket_fts, 4.0, 1.0) AS score
            FROM tickets_ticket_fts JOIN tickets_ticket k ON k.id = tickets_ticket_fts.rowid
            WHERE tickets_ticket_fts MATCH %s AND k.team_id IN (SELECT value FROM json_each(%s))
            ORDER BY k.id DESC
            LIMIT {CANDIDATES}
        ),
        hit AS (SELECT id, score FROM recent ORDER BY score, id DESC LIMIT %s)
        SELECT k.id, k.key, k.subject, t.name, k.status,
               highlight(tickets_ticket_fts, 0, %s, %s), '',
               snippet(tickets_ticket_fts, 1, %s, %s, '…', {SNIPPET_TOKENS}),
               -hit.score, 0
        FROM hit
        JOIN tickets_ticket_fts ON tickets_ticket_fts.rowid = hit.id
        JOIN tickets_ticket k ON k.id = hit.id
        JOIN org_team t ON t.id = k.team_id
        WHERE tickets_ticket_fts MATCH %s
        ORDER BY hit.score, k.id DESC
    """  # noqa: S608 — only our own SQL fragments are formatted in; values are parameters
    params = [terms.fts5(), json.dumps(list(team_ids)), limit, *_marks(2), terms.fts5()]
    return fetch(sql, params)


def _marks(n: int) -> list[str]:
    return [START, STOP] * n
