"""Search on PostgreSQL: to_tsquery matched against the GIN-indexed documents of
knowledge.search_schema, ranked by ts_rank (normalised by length), marked by ts_headline.

Raw SQL rather than Django's SearchVector: the planner uses an expression index only for the
very expression it indexes, and these queries spell it with the schema's own constants. Each
query ranks and limits the matches first and only then marks the few hits (ts_headline parses
the whole text). The words are parameters everywhere; only our own fragments are formatted in.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, transaction

from inservice.knowledge.choices import State
from inservice.knowledge.search.marks import START, STOP
from inservice.knowledge.search.rows import Row, fetch
from inservice.knowledge.search.terms import Terms
from inservice.knowledge.search_schema import (
    BLOCK,
    BLOCK_TOKEN,
    CONFIG,
    SERVICE_DOCUMENT,
    TEAM_TOKEN,
    TICKET_DOCUMENT,
    TICKET_WORDS,
)

QUERY = f"to_tsquery('{CONFIG}', %s)"
# Snippets come from the start of long texts only: ts_headline parses all it is given (about
# 1 ms for 6,000 characters). A match further on shows the summary, or the text's start.
HEADLINE_CHARS = 3_000
SNIPPET = (
    f'StartSel="{START}", StopSel="{STOP}", MaxWords=30, MinWords=12, MaxFragments=2, '
    'FragmentDelimiter=" … "'
)
WHOLE = f'StartSel="{START}", StopSel="{STOP}", HighlightAll=true'
# Requests: the most relevant among this many of the newest matches (as on SQLite).
CANDIDATES = 50
# Suggestions take any of the words, but not those in more than this share of the articles
# (PostgreSQL's own statistics say which, once there are COMMON_FROM articles): "update" or
# "team" would match nearly every article and rank them all for nothing.
COMMON_SHARE = 0.2
COMMON_FROM = 1_000


def _headline(column: str, query: str = QUERY) -> str:
    return f"ts_headline('{CONFIG}', left({column}, {HEADLINE_CHARS}), {query}, %s)"


def _whole(column: str, query: str = QUERY) -> str:
    return f"ts_headline('{CONFIG}', {column}, {query}, %s)"


# The query of any of the words, less the common ones; NULL when every word is common.
_ANY_WORD = f"""
    words AS (
        SELECT word FROM unnest(tsvector_to_array(to_tsvector('{CONFIG}', %s))) AS word
    ),
    common AS (
        SELECT e.word
        FROM pg_stats s,
             unnest(s.most_common_elems::text::text[]) WITH ORDINALITY AS e(word, n)
        WHERE s.schemaname = current_schema() AND s.tablename = 'knowledge_article'
          AND s.attname = 'search_document' AND s.most_common_elem_freqs[e.n] > %s
          AND (SELECT reltuples FROM pg_class WHERE oid = 'knowledge_article'::regclass) >= %s
    ),
    asked AS (
        SELECT to_tsquery('simple', string_agg(quote_literal(word), ' | ')) AS q
        FROM words WHERE word NOT IN (SELECT word FROM common)
    ),
"""  # noqa: S608 — our own names; the words are a parameter


def articles(terms: Terms, limit: int, prefer_service: int | None) -> list[Row]:
    preferred = (
        "EXISTS (SELECT 1 FROM knowledge_article_services s "
        "WHERE s.article_id = a.id AND s.service_id = %s)"
        if prefer_service is not None
        else "false"
    )
    if terms.any_word:  # the query is worked out in SQL (_ANY_WORD) and joined in as "asked"
        query, head, joined = "asked.q", f"WITH {_ANY_WORD}", ", asked"
        words = [" ".join(terms.words), COMMON_SHARE, COMMON_FROM]
    else:
        query, head, joined, words = QUERY, "WITH", "", []
    # The words of an all-words query are repeated at each use: a constant the planner reads.
    each = [] if terms.any_word else [terms.tsquery()]
    sql = f"""
        {head}
        hit AS (
            SELECT a.id, ts_rank(a.search_document, {query}, 1) AS rank, {preferred} AS preferred
            FROM knowledge_article a{joined}
            WHERE a.state = %s AND a.search_document @@ {query}
            ORDER BY preferred DESC, rank DESC, a.id DESC
            LIMIT %s
        )
        SELECT a.id, a.slug, a.title, t.name, a.kind,
               {_whole("a.title", query)}, {_whole("a.summary", query)},
               {_headline("a.body", query)},
               hit.rank, hit.preferred
        FROM hit
        JOIN knowledge_article a ON a.id = hit.id
        JOIN org_team t ON t.id = a.team_id{joined}
        ORDER BY hit.preferred DESC, hit.rank DESC, a.id DESC
    """  # noqa: S608 — only our own SQL fragments are formatted in; values are parameters
    first = [prefer_service] if prefer_service is not None else []
    params = [
        *words,
        *each,
        *first,
        State.PUBLISHED,
        *each,
        limit,
        *each,
        WHOLE,
        *each,
        WHOLE,
        *each,
        SNIPPET,
    ]
    return fetch(sql, params)


def services(terms: Terms, visible: Sequence[int] | None, limit: int) -> list[Row]:
    """Services matching `terms`, among `visible` ids (None: every service)."""
    among = "AND s.id = ANY(%s)" if visible is not None else ""
    sql = f"""
        WITH hit AS (
            SELECT s.id, ts_rank({SERVICE_DOCUMENT}, {QUERY}, 1) AS rank
            FROM catalog_service s
            WHERE s.is_active AND {SERVICE_DOCUMENT} @@ {QUERY} {among}
            ORDER BY rank DESC, s.id
            LIMIT %s
        )
        SELECT s.id, s.slug, s.name, t.name, '',
               {_whole("s.name")}, {_whole("s.summary")}, {_headline("s.description")},
               hit.rank, false
        FROM hit
        JOIN catalog_service s ON s.id = hit.id
        JOIN org_team t ON t.id = s.team_id
        ORDER BY hit.rank DESC, s.id
    """  # noqa: S608 — only our own SQL fragments are formatted in; values are parameters
    query = terms.tsquery()
    among_params = [list(visible)] if visible is not None else []
    params = [
        query,
        query,
        *among_params,
        limit,
        *(query, WHOLE),
        *(query, WHOLE),
        *(query, SNIPPET),
    ]
    return fetch(sql, params)


def requests(terms: Terms, team_ids: Sequence[int], limit: int) -> list[Row]:
    """Requests held by `team_ids` matching `terms`: the most relevant of the newest matches.

    The index finds the matches of the teams in the two newest blocks of request ids first
    (the words, the team tokens and the block tokens in one GIN scan); only when those are
    fewer than CANDIDATES does it look at all time. `id + 0` keeps PostgreSQL from walking the
    primary key backwards testing each row's words (seconds, for a word the team never saw),
    and the query runs without parallel workers, whose start costs more than these scans."""
    teams = " | ".join(f"{TEAM_TOKEN}{team_id}" for team_id in team_ids)
    # The two newest blocks' tokens, from the highest id.
    newest = f"(SELECT '{BLOCK_TOKEN}' || block || ' | {BLOCK_TOKEN}' || greatest(block - 1, 0) FROM top)"  # noqa: S608
    sql = f"""
        WITH top AS (SELECT coalesce(max(id), 0) / {BLOCK} AS block FROM tickets_ticket),
        newest AS (
            SELECT k.id FROM tickets_ticket k
            WHERE {TICKET_DOCUMENT} @@ ({QUERY} && to_tsquery('simple', %s)
                                        && to_tsquery('simple', {newest}))
            ORDER BY k.id + 0 DESC
            LIMIT {CANDIDATES}
        ),
        older AS (
            SELECT k.id FROM tickets_ticket k
            WHERE (SELECT count(*) FROM newest) < {CANDIDATES}
              AND {TICKET_DOCUMENT} @@ ({QUERY} && to_tsquery('simple', %s))
            ORDER BY k.id + 0 DESC
            LIMIT {CANDIDATES}
        ),
        recent AS (
            SELECT id FROM newest UNION SELECT id FROM older ORDER BY id DESC LIMIT {CANDIDATES}
        ),
        hit AS (
            SELECT k.id, ts_rank({TICKET_WORDS}, {QUERY}, 1) AS rank
            FROM recent JOIN tickets_ticket k ON k.id = recent.id
            ORDER BY rank DESC, k.id DESC
            LIMIT %s
        )
        SELECT k.id, k.key, k.subject, t.name, k.status,
               {_whole("k.subject")}, '', {_headline("k.description")},
               hit.rank, false
        FROM hit
        JOIN tickets_ticket k ON k.id = hit.id
        JOIN org_team t ON t.id = k.team_id
        ORDER BY hit.rank DESC, k.id DESC
    """  # noqa: S608 — only our own SQL fragments are formatted in; values are parameters
    query = terms.tsquery()
    params = [
        *(query, teams),
        *(query, teams),
        query,
        limit,
        *(query, WHOLE),
        *(query, SNIPPET),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        return fetch(sql, params)
