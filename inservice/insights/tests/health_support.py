"""What the health check tests share (no tests of its own): a quarter of IT Service Desk work
and the quarter before, built through the services at fixed moments, then rolled up as the
periodic tasks do; and the checks made from them.

The reporting zone is UTC; IT has no calendar, so it works Monday to Friday, 09:00-17:00 UTC.
A laptop's first response is due in 240 business minutes, its resolution in 2400.

The quarter before, Q2 2026 (1 April - 30 June):
- P1, Mon 1 June 10:00: alice asks for a laptop; carol replies at 10:30 (30 minutes) and
  resolves at 11:00 (60). Alice rates it 4, without a comment.

The quarter, Q3 2026 (1 July - 30 September):
- T1, Mon 6 July 10:00: alice asks again; carol replies at 10:30 (30) and resolves at 12:00
  (120). Alice rates it 5: PRAISE.
- T2, Tue 7 July 10:00: bob asks; nobody answers, and the sweep at 15:00 finds the first
  response breached at 14:00. Carol replies on Wed 8 at 10:00 (480) and resolves at 11:00
  (540). Bob rates it 2: HARSH.
- Fri 10 July 10:00: alice thanks carol with a kudos (across teams).

So for IT in Q3 (Q2 beside it): first responses in time 50% (100%), resolutions 100% (100%),
medians interpolated in their buckets 60 (45) and 240 (90) minutes, nothing open at either
end, no reopening (0%), first-contact resolution 100% (100%), no promises, average rating 3.5
(4.0), no NPS campaign, half the texts negative (none the quarter before), no training, one
kudos received (none), all of it across teams.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from inservice.insights import services, services_health
from inservice.insights.models_health import HealthCheck
from inservice.insights.periods import Period
from inservice.insights.tests.rollup_support import ask, move, rate, reply
from inservice.kudos import services as kudos
from inservice.org.models import Person, Team
from inservice.sla import services as sla
from inservice.test import BaseTestCase
from inservice.tickets.models import Ticket

Q2 = Period(date(2026, 4, 1), date(2026, 6, 30))
Q3 = Period(date(2026, 7, 1), date(2026, 9, 30))
NOW = datetime(2026, 10, 2, 8, 0, tzinfo=UTC)  # the second day of Q4
PRAISE = "Thank you so much, this is great help!"
HARSH = "Slow, rude and the problem is still not fixed. Terrible."
HTMX = {"HX-Request": "true"}


def on(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in 2026, UTC."""
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def refresh(start: date = Q2.start, end: date = Q3.end) -> None:
    with time_machine.travel(NOW, tick=False):
        services.refresh_days(start, end)


def generate(team: Team, quarter: Period = Q3) -> HealthCheck:
    """The team's check as the quarterly task makes it."""
    with time_machine.travel(NOW, tick=False):
        made = services_health.generate_check(team.pk, quarter)
    assert made is not None
    return made


def count_queries(client: Client, url: str, **headers: Any) -> tuple[int, str]:
    """Queries one GET makes (after a first, uncounted one), and their SQL for a failure."""
    first = client.get(url, headers=headers)
    assert first.status_code == 200, first.content[:500]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, response.content[:500]
    return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)


class QuarterTestCase(BaseTestCase):
    """The two quarters above, rolled up once for the class."""

    p1: Ticket
    t1: Ticket
    t2: Ticket

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.build_quarters()
        refresh()

    @classmethod
    def build_quarters(cls) -> None:
        cast = cls.cast
        alice, bob, carol = cast.alice, cast.bob, cast.carol
        cls.p1 = ask(on(6, 1, 10), alice, cast.laptop)
        reply(on(6, 1, 10, 30), carol, cls.p1, "On its way.")
        move(on(6, 1, 11), carol, cls.p1, "resolve")
        rate(on(6, 1, 12), cls.p1, alice, 4)

        cls.t1 = ask(on(7, 6, 10), alice, cast.laptop)
        reply(on(7, 6, 10, 30), carol, cls.t1, "Imaging it now.")
        move(on(7, 6, 12), carol, cls.t1, "resolve")
        rate(on(7, 7, 9), cls.t1, alice, 5, comment=PRAISE)

        cls.t2 = ask(on(7, 7, 10), bob, cast.laptop)
        with time_machine.travel(on(7, 7, 15), tick=False):
            sla.sweep(on(7, 7, 15))
        reply(on(7, 8, 10), carol, cls.t2, "Sorry for the wait: it is ready.")
        move(on(7, 8, 11), carol, cls.t2, "resolve")
        rate(on(7, 9, 9), cls.t2, bob, 2, comment=HARSH)

        with time_machine.travel(on(7, 10, 10), tick=False):
            value = kudos.save_value(None, name="Caring", position=1)
            kudos.give_kudos(alice, kudos.NewKudos("Quick laptop!", [value], people=[carol]))


def lead_of(team: Team, name: str) -> Person:
    """A new person leading `team` (a department's lead, say)."""
    from inservice.org import services as org
    from inservice.org.choices import Role

    person = org.create_person(
        username=name.lower(), name=name, email=f"{name.lower()}@example.org", team=team
    )
    org.add_member(team, person, Role.LEAD)
    return person
