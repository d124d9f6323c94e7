"""Search over articles, services and (for agents) requests: one function, whatever the database.

    from inservice.knowledge.search import search

    found = search(person, "vpn drops", scope=("articles", "services"), limit=10)
    for hit in found.articles:
        hit.title_html, hit.snippet, hit.url  # marked matches, everything else escaped

`search` reads the words (knowledge.search.terms), asks the engine for the connection's vendor
(PostgreSQL full-text search or SQLite FTS5, over the structures of knowledge.search_schema) and
returns the hits of each scope ranked, best first:
- articles: published ones only (editors find their drafts in the article list); with
  `service`, those linked to it come first (the ask page's suggestions);
- services: active ones the person may see in the catalog;
- requests: only for agents, and only those held by the teams they serve in, each of which they
  may see; for anyone else none (no hint that any exist).
One query per scope, plus the teams or services the person may see: never more with more rows.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Literal

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils.safestring import SafeString

from inservice.catalog.models import Service
from inservice.knowledge.permissions import serving_team_ids
from inservice.knowledge.search import postgres, sqlite
from inservice.knowledge.search.marks import has_marks, marked
from inservice.knowledge.search.rows import Row
from inservice.knowledge.search.terms import Terms, terms_of
from inservice.org.models import Person

Scope = Literal["articles", "services", "requests"]
SCOPES: tuple[Scope, ...] = ("articles", "services", "requests")
MAX_LIMIT = 50


@dataclass(frozen=True)
class Hit:
    scope: Scope
    pk: int
    ref: str  # the article's or service's slug, the request's key
    title: str
    title_html: SafeString  # the title with its matches marked
    snippet: SafeString  # a passage of the text with its matches marked
    team: str
    kind: str  # an article's kind, a request's status; "" for a service
    rank: float
    preferred: bool = False  # linked to the service being asked for

    @property
    def url(self) -> str:
        if self.scope == "articles":
            return reverse("knowledge:article", args=[self.ref])
        if self.scope == "services":
            return reverse("portal:service", args=[self.ref])
        return reverse("tickets:detail", args=[self.ref])


@dataclass(frozen=True)
class Results:
    query: str
    terms: Terms
    articles: list[Hit] = field(default_factory=list)
    services: list[Hit] = field(default_factory=list)
    requests: list[Hit] = field(default_factory=list)
    searched_requests: bool = False  # the person is an agent and requests were asked for

    @property
    def empty(self) -> bool:
        return not (self.articles or self.services or self.requests)


def search(
    viewer: Person,
    query: str,
    *,
    scope: Collection[str] = SCOPES,
    limit: int = 10,
    service: Service | None = None,
    any_word: bool = False,
) -> Results:
    """The hits for `query` that `viewer` may see, at most `limit` per scope (of SCOPES), best first.
    `any_word`: a hit needs any of the words rather than all (suggestions while asking);
    `service`: articles linked to it first."""
    terms = terms_of(query, any_word=any_word)
    if not terms:
        return Results(query, terms)
    limit = max(1, min(limit, MAX_LIMIT))
    engine = _engine()
    articles = services = requests = []
    if "articles" in scope:
        rows = engine.articles(terms, limit, service.pk if service else None)
        articles = [_hit("articles", row) for row in rows]
    if "services" in scope:
        rows = engine.services(terms, _visible_services(viewer), limit)
        services = [_hit("services", row) for row in rows]
    teams = serving_team_ids(viewer) if "requests" in scope else []
    if teams:
        requests = [_hit("requests", row) for row in engine.requests(terms, teams, limit)]
    return Results(query, terms, articles, services, requests, searched_requests=bool(teams))


def _engine() -> ModuleType:
    if connection.vendor == "postgresql":
        return postgres
    if connection.vendor == "sqlite":
        return sqlite
    raise ImproperlyConfigured(f"search needs PostgreSQL or SQLite, not {connection.vendor}")


def _visible_services(viewer: Person) -> Sequence[int] | None:
    """The ids of the services the viewer may see in the catalog (None: all, administrators):
    their audience's, and their own teams' (catalog.permissions.can_view_service, in SQL)."""
    if viewer.is_superuser:
        return None
    offered = Service.objects.offered_to(viewer).values("pk")
    rows = Service.objects.filter(
        Q(pk__in=offered) | Q(team_id__in=sorted(viewer.team_ids())), is_active=True
    )
    return list(rows.order_by().values_list("pk", flat=True))


def _hit(scope: Scope, row: Row) -> Hit:
    return Hit(
        scope=scope,
        pk=row.pk,
        ref=row.ref,
        title=row.title,
        title_html=marked(row.title_marked or row.title),
        snippet=marked(_passage(row)),
        team=row.team,
        kind=row.kind,
        rank=row.rank,
        preferred=row.preferred,
    )


def _passage(row: Row) -> str:
    """The snippet of the longer text when a match is in it, else the summary (marked if a
    match is there), else the start of the longer text."""
    if has_marks(row.body_marked) or not row.summary_marked:
        return row.body_marked
    return row.summary_marked
