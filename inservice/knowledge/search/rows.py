"""The hits as the engines return them: each engine's queries (postgres.py, sqlite.py) select the
same ten columns in the same order, read here into `Row`s; knowledge.search makes them `Hit`s."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from django.db import connection


class Row(NamedTuple):
    """One hit as a database engine returns it (marked texts not yet escaped)."""

    pk: int
    ref: str  # article slug, service slug, request key
    title: str
    team: str
    kind: str  # an article's kind, a request's status; "" for a service
    title_marked: str
    summary_marked: str  # "" when the hit has no summary
    body_marked: str  # a snippet of the longer text
    rank: float  # higher is better
    preferred: bool = False


def fetch(sql: str, params: Sequence[Any]) -> list[Row]:
    """The rows of `sql`: id, ref, title, team, kind, the three marked texts (NULL read as ""),
    rank and preferred."""
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return [
            Row(
                pk=r[0],
                ref=r[1],
                title=r[2],
                team=r[3],
                kind=r[4],
                title_marked=r[5] or "",
                summary_marked=r[6] or "",
                body_marked=r[7] or "",
                rank=float(r[8]),
                preferred=bool(r[9]),
            )
            for r in cursor.fetchall()
        ]
