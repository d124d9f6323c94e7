"""What the dashboard tests share (no tests of its own): the htmx header, counting a page's
queries, and stand-in figures for the tests of the page's own rendering (the real figures are
tested through the pages in test_views_dashboards.py and their own modules).

The cast (inservice.test): carol (member) and erin (lead) in IT Service Desk, dave (member) and
grace (lead) in Payroll, frank (lead) in Employee Relations, alice and bob in Sales West (a team
of the Sales department), root an administrator in no team.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from inservice.catalog.models import Service
from inservice.insights import services as insights
from inservice.insights.figures.base import ChartKind, Figure, Series, Stat, Unit
from inservice.insights.figures.registry import FigureSpec
from inservice.insights.periods import Period
from inservice.insights.scope import Scope, ScopeKind
from inservice.org.models import Person
from inservice.org.tests.api_support import API, ApiTestCase
from inservice.test import BaseTestCase
from inservice.tickets import services as tickets
from inservice.tickets.models import Ticket

HTMX = {"HX-Request": "true"}
AS_OF = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)
# A period well inside the past (the tests' "today" is the machine's).
MARCH = Period(date(2026, 3, 1), date(2026, 3, 7))
MARCH_QUERY = {"from": "2026-03-01", "to": "2026-03-07"}
EVERY_SCOPE = frozenset(ScopeKind)


def count_queries(client: Client, url: str, **headers: Any) -> tuple[int, str]:
    """Queries one GET makes (after a first, uncounted one), and their SQL for a failure."""
    first = client.get(url, headers=headers)
    assert first.status_code == 200, first.content[:500]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, response.content[:500]
    return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)


# -- real requests, counted by the real figures -------------------------------------------------

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # the first working day of MARCH
BEFORE = datetime(2026, 2, 24, 9, 0, tzinfo=UTC)  # in the period before MARCH


class RequestsTestCase(BaseTestCase):
    """Requests asked, answered and resolved through the services at given moments, then the
    rollups refreshed as the periodic task does (insights.services.refresh_days)."""

    def asked(
        self,
        at: datetime,
        asker: Person | None = None,
        service: Service | None = None,
        resolved_by: Person | None = None,
    ) -> Ticket:
        """A request asked at `at`; with `resolved_by`, that agent took it, answered and
        resolved it within the next hours."""
        with time_machine.travel(at, tick=False):
            ticket = self.ask(asker or self.alice, service=service)
        if resolved_by is not None:
            with time_machine.travel(at + timedelta(hours=1), tick=False):
                tickets.assign(resolved_by, ticket, resolved_by)
                tickets.reply(resolved_by, ticket, "On it: ready this afternoon.")
            with time_machine.travel(at + timedelta(hours=3), tick=False):
                ticket = tickets.transition(resolved_by, ticket, "resolve")
        return ticket

    def refresh(self, period: Period = MARCH) -> None:
        insights.refresh_days(period.previous().start, period.end)

    def march(self) -> None:
        """Two requests to IT in MARCH (one resolved by carol), one the week before, one to
        Payroll resolved by dave; the rollups refreshed."""
        self.asked(BEFORE, self.alice)
        self.asked(MONDAY, self.alice, resolved_by=self.carol)
        self.asked(MONDAY + timedelta(days=1), self.bob)
        self.asked(MONDAY + timedelta(days=2), self.alice, self.payslip, resolved_by=self.dave)
        self.refresh()


class DashboardApiTestCase(ApiTestCase):
    def api(self, path: str, person: Person, **params: str) -> Any:
        """The API as `person`'s token calls it (ApiTestCase.get keeps `scope` for the token's)."""
        return self.client.get(API + path, params, headers=self.auth(person))


# -- stand-in figures: what the page does with any Figure ----------------------------------------


def daily(scope: Scope, period: Period) -> Figure:
    """Requests a day: a line, a stat with a target."""
    days = period.each_day()
    return Figure(
        key="daily",
        title="Requests a day",
        description="Every request <asked> in the period, by day.",
        chart=ChartKind.LINE,
        unit=Unit.COUNT,
        labels=[d.isoformat() for d in days],
        series=[Series("Requests", [float(n) for n in range(len(days))])],
        columns=["Day", "Requests"],
        rows=[[d.isoformat(), n] for n, d in enumerate(days)],
        stats=[Stat("Requests", 12, 8, Unit.COUNT, target=10)],
        as_of=AS_OF,
        note="Counted in the reporting time zone.",
    )


def ranked(scope: Scope, period: Period) -> Figure:
    """Services ranked, with names a person wrote: text that must stay text."""
    names = ['=HYPERLINK("http://x")', "<script>alert(1)</script>", "-Minus", "Plain"]
    return Figure(
        key="ranked",
        title="Busiest services",
        description="Services by requests.",
        chart=ChartKind.HORIZONTAL,
        unit=Unit.PERCENT,
        labels=names,
        series=[Series("Share", [40.0, 30.0, 20.0, 10.0])],
        columns=["Service", "Share", "Score"],
        rows=[
            [name, share, -20] for name, share in zip(names, [40.0, 30.0, 20.0, 10.5], strict=True)
        ],
        stats=[Stat("Met", 82.5, 90.0, Unit.PERCENT, target=95.0)],
        as_of=AS_OF,
    )


def waits(scope: Scope, period: Period) -> Figure:
    """A table only, lower is better."""
    return Figure(
        key="waits",
        title="Waiting times",
        description="Median business minutes.",
        chart=ChartKind.NONE,
        unit=Unit.MINUTES,
        columns=["Step", "Minutes"],
        rows=[["First response", 95.25], ["Resolution", None]],
        stats=[
            Stat("Median wait", 95, 200, Unit.MINUTES, higher_is_better=False),
            Stat("Longest wait", None, 30, Unit.MINUTES, higher_is_better=False),
        ],
    )


def per_agent(scope: Scope, period: Period) -> Figure:
    """Names agents: only for those who may see individuals."""
    return Figure(
        key="per_agent",
        title="Requests per agent",
        description="Requests resolved by each agent.",
        chart=ChartKind.BAR,
        unit=Unit.COUNT,
        labels=["Carol Agent"],
        series=[Series("Resolved", [3.0])],
        columns=["Agent", "Resolved"],
        rows=[["Carol Agent", 3]],
    )


def empty(scope: Scope, period: Period) -> Figure:
    return Figure(
        key="empty",
        title="Nothing yet",
        description="Nothing counted.",
        chart=ChartKind.STACKED,
        unit=Unit.SCORE,
        stats=[Stat("Score", None, None, Unit.SCORE)],
    )


STAND_INS: tuple[FigureSpec, ...] = (
    FigureSpec("daily", daily, EVERY_SCOPE),
    FigureSpec("ranked", ranked, frozenset({ScopeKind.TEAM, ScopeKind.ORGANISATION})),
    FigureSpec("waits", waits, EVERY_SCOPE),
    FigureSpec("per_agent", per_agent, EVERY_SCOPE, names_agents=True),
    FigureSpec("empty", empty, EVERY_SCOPE),
)
