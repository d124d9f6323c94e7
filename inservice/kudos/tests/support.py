"""What the kudos tests share (no tests of its own): the organisation's four values, giving a
kudos through the service at a moment, a request alice asked and carol resolved, the minute's
telling, and counting a page's queries.

The cast's home teams: alice and bob in Sales West, carol and erin (its lead; carol's manager)
in IT Service Desk, dave and grace (lead; dave's manager) in Payroll, frank (lead) in Employee
Relations. So alice thanking carol is help across teams; erin thanking carol is not.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inservice.catalog.models import Service
from inservice.kudos import services, tasks
from inservice.kudos.models import DELETE_WINDOW, Kudos, Value
from inservice.org.models import Person, Team
from inservice.test import BaseTestCase
from inservice.tickets import services as tickets
from inservice.tickets.models import Ticket

MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
AFTER_WINDOW = MONDAY + DELETE_WINDOW + timedelta(minutes=1)
HTMX = {"HX-Request": "true"}
THANKS = "Thanks for sorting my laptop before the client pitch!"


class KudosTestCase(BaseTestCase):
    caring: Value
    competence: Value
    integrity: Value
    follow_through: Value

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.caring = services.save_value(
            None, name="Caring", description="Treats your problem as theirs.", position=1
        )
        cls.competence = services.save_value(None, name="Competence", position=2)
        cls.integrity = services.save_value(None, name="Integrity", position=3)
        cls.follow_through = services.save_value(None, name="Follow-through", position=4)

    def give(
        self,
        giver: Person | None = None,
        people: Sequence[Person] = (),
        teams: Sequence[Team] = (),
        *,
        message: str = THANKS,
        values: Sequence[Value] = (),
        ticket: Ticket | None = None,
        at: datetime = MONDAY,
    ) -> Kudos:
        """A kudos given through the service at `at`: by alice to carol for caring, unless told."""
        thanked = list(people) or ([] if teams else [self.carol])
        new = services.NewKudos(
            message=message,
            values=list(values) or [self.caring],
            people=thanked,
            teams=list(teams),
            ticket=ticket,
        )
        with time_machine.travel(at, tick=False):
            return services.give_kudos(giver or self.alice, new)

    def resolved(
        self, asker: Person | None = None, service: Service | None = None, **kwargs: Any
    ) -> Ticket:
        """A request of `asker` (alice) that carol answered and resolved (frank for the
        confidential service), its notifications sent."""
        service = service or self.laptop
        agent = self.frank if service.pk == self.er_case.pk else self.carol
        if service.pk == self.payslip.pk:
            agent = self.dave
        with time_machine.travel(MONDAY - timedelta(hours=3), tick=False):
            ticket = self.ask(asker or self.alice, service=service, **kwargs)
        with time_machine.travel(MONDAY - timedelta(hours=2), tick=False):
            tickets.reply(agent, ticket, "On it: I will have it ready this afternoon.")
        with (
            time_machine.travel(MONDAY - timedelta(hours=1), tick=False),
            self.captureOnCommitCallbacks(execute=True),
        ):
            return tickets.transition(agent, ticket, "resolve")

    def tell(self, at: datetime = AFTER_WINDOW) -> int:
        """The minute's telling at `at`, with the emails it queues sent."""
        with time_machine.travel(at, tick=False), self.captureOnCommitCallbacks(execute=True):
            return tasks.tell_due.delay().get()

    def count_page_queries(self, url: str, **headers: Any) -> tuple[int, str]:
        """Queries one GET makes (after a first, uncounted one), and their SQL for a failure."""
        self.client.get(url, headers=headers)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, headers=headers)
        self.assertEqual(response.status_code, 200, response.content[:500])
        return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)
