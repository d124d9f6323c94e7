"""The database structures search reads, beside the tables the ORM knows: raw SQL that a
migration runs (`forwards` / `backwards` for RunPython) and tests apply with `ensure`.

PostgreSQL (full-text search, the `english` configuration):
- `knowledge_article.search_document`: a stored generated tsvector (title weight A, summary B,
  body C) with a GIN index. Stored rather than an expression index because ranking reads the
  vector of every match: recomputing it from a long body costs about 0.1 ms an article.
- GIN expression indexes on services (name and keywords A, summary B, description C) and on
  requests. Queries repeat the same expressions (SERVICE_DOCUMENT, TICKET_DOCUMENT) so the
  planner uses the indexes; requests written by tickets.bulk (COPY) are indexed like any other.
  A request's document holds its words (TICKET_WORDS: subject and description) and two tokens
  that are not words: the team holding it ("zzteam12") and its block of BLOCK request ids
  ("zzblock61"). With them the index alone finds what a team holds among the newest requests:
  without, a common word ("laptop": one request in sixteen) made PostgreSQL fetch every match
  of every team, then throw most away (hundreds of milliseconds at a million requests).
SQLite (FTS5, porter stemming, diacritics folded):
- external-content tables `knowledge_article_fts`, `catalog_service_fts`, `tickets_ticket_fts`
  over the real tables' rows (same rowids), kept in step by triggers after insert, delete and
  an update of the indexed columns (also for tickets.bulk's executemany INSERTs), and rebuilt
  once from the tables when created.
  A migration that remakes one of those tables (SQLite's way of altering a column) drops its
  triggers, and the index would silently stop following that table. So after every `migrate`
  (the post_migrate signal, connected in knowledge.apps) `restore_after_migrate` looks in
  sqlite_master, in one query: once the full-text tables exist (migration 0002 has run), any
  missing structure is put back and the index rebuilt from the rows, and `migrate` says so.
  `manage.py rebuild_search` does the same by hand, any time.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TextIO

from django.core.exceptions import ImproperlyConfigured
from django.db import connection as default_connection
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

CONFIG = "english"


def _vector(column: str, weight: str) -> str:
    return f"setweight(to_tsvector('{CONFIG}'::regconfig, coalesce({column}, '')), '{weight}')"


ARTICLE_DOCUMENT = " || ".join(
    (_vector("title", "A"), _vector("summary", "B"), _vector("body", "C"))
)
SERVICE_DOCUMENT = " || ".join(
    (
        _vector("name", "A"),
        _vector("keywords", "A"),
        _vector("summary", "B"),
        _vector("description", "C"),
    )
)
TICKET_WORDS = (
    f"to_tsvector('{CONFIG}'::regconfig, coalesce(subject, '') || ' ' || coalesce(description, ''))"
)
BLOCK = 16_384  # request ids per block: a few weeks of requests at a million in two years
TEAM_TOKEN = "zzteam"  # noqa: S105 — a search token, not a secret
BLOCK_TOKEN = "zzblock"  # noqa: S105 — a search token, not a secret
TICKET_DOCUMENT = (
    f"({TICKET_WORDS} || to_tsvector('simple'::regconfig, "
    f"'{TEAM_TOKEN}' || (team_id)::text || ' {BLOCK_TOKEN}' || (id / {BLOCK})::text))"
)

POSTGRES_FORWARDS = (
    "ALTER TABLE knowledge_article ADD COLUMN IF NOT EXISTS search_document tsvector "
    f"GENERATED ALWAYS AS ({ARTICLE_DOCUMENT}) STORED",
    "CREATE INDEX IF NOT EXISTS knowledge_article_search_idx "
    "ON knowledge_article USING gin (search_document)",
    "CREATE INDEX IF NOT EXISTS catalog_service_search_idx "
    f"ON catalog_service USING gin (({SERVICE_DOCUMENT}))",
    "CREATE INDEX IF NOT EXISTS tickets_ticket_search_idx "
    f"ON tickets_ticket USING gin ({TICKET_DOCUMENT})",
)
POSTGRES_BACKWARDS = (
    "DROP INDEX IF EXISTS tickets_ticket_search_idx",
    "DROP INDEX IF EXISTS catalog_service_search_idx",
    "DROP INDEX IF EXISTS knowledge_article_search_idx",
    "ALTER TABLE knowledge_article DROP COLUMN IF EXISTS search_document",
)

# (full-text table, the table it indexes, its columns): the column order is what bm25's weights,
# highlight() and snippet() number.
FTS_TABLES = (
    ("knowledge_article_fts", "knowledge_article", ("title", "summary", "body")),
    ("catalog_service_fts", "catalog_service", ("name", "keywords", "summary", "description")),
    ("tickets_ticket_fts", "tickets_ticket", ("subject", "description")),
)
TOKENIZER = "porter unicode61 remove_diacritics 2"
TRIGGERS = ("ai", "ad", "au")  # after insert, delete, update: a full-text table's name + _ai…


def _fts_statements(fts: str, table: str, columns: tuple[str, ...]) -> list[str]:
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    insert = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new});"  # noqa: S608 — our own names
    # External content: the index forgets a row by being told its old values.
    delete = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"  # noqa: S608
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({names}, content='{table}', "
        f"content_rowid='id', tokenize='{TOKENIZER}')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF {names} ON {table} "
        f"BEGIN {delete} {insert} END",
    ]


def sqlite_forwards(*, rebuild: bool = True) -> list[str]:
    statements: list[str] = []
    for fts, table, columns in FTS_TABLES:
        statements.extend(_fts_statements(fts, table, columns))
        if rebuild:
            statements.append(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")  # noqa: S608
    return statements


def sqlite_backwards() -> list[str]:
    statements: list[str] = []
    for fts, _table, _columns in FTS_TABLES:
        statements.extend(f"DROP TRIGGER IF EXISTS {fts}_{suffix}" for suffix in TRIGGERS)
        statements.append(f"DROP TABLE IF EXISTS {fts}")
    return statements


def statements(vendor: str, *, backwards: bool = False, rebuild: bool = True) -> list[str]:
    if vendor == "postgresql":
        return list(POSTGRES_BACKWARDS if backwards else POSTGRES_FORWARDS)
    if vendor == "sqlite":
        return sqlite_backwards() if backwards else sqlite_forwards(rebuild=rebuild)
    raise ImproperlyConfigured(f"search needs PostgreSQL or SQLite, not {vendor}")


def forwards(apps: Any, schema_editor: Any) -> None:
    """For a migration's RunPython: after knowledge_article, catalog_service and tickets_ticket
    exist."""
    _run(schema_editor.execute, schema_editor.connection.vendor)


def backwards(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor.execute, schema_editor.connection.vendor, backwards=True)


def ensure(connection: BaseDatabaseWrapper | None = None, *, rebuild: bool = True) -> None:
    """Creates whatever is missing (every statement is IF NOT EXISTS) and, on SQLite, rebuilds
    the full-text tables from their rows: for tests, and after a table was remade."""
    conn = connection or default_connection
    with conn.cursor() as cursor:
        _run(cursor.execute, conn.vendor, rebuild=rebuild)


def _run(
    execute: Callable[[str], Any], vendor: str, *, backwards: bool = False, rebuild: bool = True
) -> None:
    for sql in statements(vendor, backwards=backwards, rebuild=rebuild):
        execute(sql)


def missing_on_sqlite(connection: BaseDatabaseWrapper) -> list[str]:
    """The full-text tables and triggers that are not there, in one query; none before the
    tables were ever made (migration 0002 not run, or unapplied)."""
    tables = [fts for fts, _table, _columns in FTS_TABLES]
    expected = tables + [f"{fts}_{suffix}" for fts in tables for suffix in TRIGGERS]
    marks = ", ".join(["%s"] * len(expected))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name IN ({marks})",  # noqa: S608 — placeholders only
            expected,
        )
        present = {name for (name,) in cursor.fetchall()}
    if not present.intersection(tables):
        return []
    return [name for name in expected if name not in present]


def restore_after_migrate(
    sender: Any, *, using: str, verbosity: int = 1, stdout: TextIO | None = None, **kwargs: Any
) -> None:
    """post_migrate: on SQLite, puts back what a migration dropped (a remade table loses its
    triggers) and rebuilds the index; nothing when all is in place, nothing on PostgreSQL
    (it alters a table in place: its indexes stay)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    missing = missing_on_sqlite(connection)
    if not missing:
        return
    ensure(connection, rebuild=True)
    if verbosity > 0:
        out = stdout or sys.stdout
        out.write(f"  Search: put back {', '.join(missing)} and rebuilt the full-text index.\n")
