"""What the customer map's tests share (no tests of its own): two weeks of requests between the
cast's teams, made through the services at fixed moments and rolled up by
insights.services.refresh_days, as the periodic task does.

The reporting zone is UTC; no team has a calendar, so all work Monday to Friday, 09:00-17:00
UTC. A laptop (IT Service Desk) is due for resolution in 2400 business minutes (five working
days); a payslip question (Payroll) has no targets. The previous week is 16-22 November 2026,
the current one 23-29 November.

Previous week:
- B1, Mon 16 10:00: alice (Sales West) asks IT for a laptop; nobody resolves it, and the sweep on
  Mon 23 at 11:00 finds its resolution breached at 10:00 (counted on the 23rd, this week).
- B2, Tue 17 10:00: bob (Sales West) asks IT; carol resolves it at 11:00 (met).

Current week:
- A1, Mon 23 10:00: alice asks IT; carol resolves it at 11:00 (met); alice rates it 5.
- A2, Mon 23 12:00: bob asks IT; carol resolves it at 13:00 (met); bob rates it 3.
- A3, Tue 24 10:00: alice asks Payroll about her payslip; dave resolves it; alice rates it 4.
- C1, Wed 25 10:00: carol (IT Service Desk) asks Payroll; dave resolves it; carol rates it 2.
- D1, Thu 26 10:00: dave (Payroll) asks IT for a laptop; it stays open.
- E1, Thu 26 11:00: erin (IT Service Desk) asks her own team for a laptop: not between teams.

So, this week: Sales West → IT 2 requests, 2 met and 1 breached (67%), ratings 5 and 3 (4.0);
Sales West → Payroll 1, rated 4; IT → Payroll 1, rated 2; Payroll → IT 1; IT → IT 1. The week
before: Sales West → IT 2 requests, 1 met (100%).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from inservice.insights.periods import Period
from inservice.insights.tests.rollup_support import ask, move, rate, refresh
from inservice.org.models import Person
from inservice.sla import services as sla
from inservice.test import BaseTestCase
from inservice.tickets.models import Ticket

WEEK = Period(date(2026, 11, 23), date(2026, 11, 29))
BEFORE = Period(date(2026, 11, 16), date(2026, 11, 22))
NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
WEEK_QUERY = {"from": "2026-11-23", "to": "2026-11-29"}
HTMX = {"HX-Request": "true"}


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


class FlowsTestCase(BaseTestCase):
    """The two weeks above, rolled up once for the whole class; the tests run 'now' (NOW)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.build()
        refresh(BEFORE.start, WEEK.end, NOW)

    @classmethod
    def build(cls) -> None:
        c = cls.cast
        ask(at(16, 10), c.alice, c.laptop)
        cls.resolved(ask(at(17, 10), c.bob, c.laptop), c.carol, at(17, 11))
        with time_machine.travel(at(23, 11), tick=False):
            sla.sweep(at(23, 11))
        a1 = cls.resolved(ask(at(23, 10), c.alice, c.laptop), c.carol, at(23, 11))
        rate(at(23, 15), a1, c.alice, 5)
        a2 = cls.resolved(ask(at(23, 12), c.bob, c.laptop), c.carol, at(23, 13))
        rate(at(23, 15), a2, c.bob, 3)
        a3 = cls.resolved(ask(at(24, 10), c.alice, c.payslip), c.dave, at(24, 11))
        rate(at(24, 15), a3, c.alice, 4)
        c1 = cls.resolved(ask(at(25, 10), c.carol, c.payslip), c.dave, at(25, 11))
        rate(at(25, 15), c1, c.carol, 2)
        ask(at(26, 10), c.dave, c.laptop)
        ask(at(26, 11), c.erin, c.laptop)

    @staticmethod
    def resolved(ticket: Ticket, agent: Person, when: datetime) -> Ticket:
        move(when - timedelta(minutes=30), agent, ticket, "start")
        move(when, agent, ticket, "resolve")
        return ticket

    def setUp(self) -> None:
        super().setUp()
        self.clock = time_machine.travel(NOW, tick=False)
        self.clock.start()
        self.addCleanup(self.clock.stop)


def count_queries(client: Client, url: str, **headers: Any) -> tuple[int, str]:
    """Queries one GET makes (after a first, uncounted one), and their SQL for a failure."""
    first = client.get(url, headers=headers)
    assert first.status_code == 200, first.content[:500]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, response.content[:500]
    return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)


def more_customers(case: BaseTestCase, count: int) -> None:
    """`count` more teams whose people ask IT for a laptop (and rate it) and Payroll about their
    payslip this week, every team and request through the services; the week rolled up again."""
    from inservice.org.tests.api_support import make_person, make_team

    for n in range(count):
        team = make_team()
        person = make_person(team=team)
        laptop = ask(at(24, 9, n), person, case.laptop)
        move(at(24, 12, n), case.carol, laptop, "resolve")
        rate(at(24, 15, n), laptop, person, 1 + n % 5)
        ask(at(25, 9, n), person, case.payslip)
    refresh(WEEK.start, WEEK.end, NOW)
