"""An agreement's stricter targets on the requests of its receiving side (sla.policies.snapshot):
due sooner for the receiver, as before for everyone else, and no extra query when asking."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inservice.sla import services as sla
from inservice.sla.choices import Target
from inservice.sla.models import Clock, RequestSla
from inservice.tickets.choices import Priority
from inservice.tickets.models import Ticket
from inservice.workflows import services
from inservice.workflows.tests.agreements_support import MONDAY, AgreementTestCase


def due(ticket: Ticket) -> dict[str, tuple[int, datetime | None]]:
    return {
        clock.target: (clock.target_minutes, clock.due_at)
        for clock in Clock.objects.filter(ticket=ticket)
    }


@time_machine.travel(MONDAY, tick=False)
class TargetTests(AgreementTestCase):
    def test_a_request_from_the_receiving_team_gets_the_stricter_due_times(self) -> None:
        agreement = self.agree()
        ticket = self.ask(self.alice)
        self.assertEqual(
            due(ticket),
            {
                # An hour from Monday 10:00; a business day (8 h) is Tuesday 10:00.
                Target.FIRST_RESPONSE: (60, datetime(2026, 11, 23, 11, 0, tzinfo=UTC)),
                Target.RESOLUTION: (480, datetime(2026, 11, 24, 10, 0, tzinfo=UTC)),
            },
        )
        self.assertEqual(ticket.due_at, datetime(2026, 11, 23, 11, 0, tzinfo=UTC))
        self.assertEqual(RequestSla.objects.get(ticket=ticket).policy["agreements"], [agreement.pk])

    def test_a_request_from_another_team_keeps_the_services_own_targets(self) -> None:
        self.agree()
        ticket = self.ask(self.dave)
        self.assertEqual(
            due(ticket),
            {
                Target.FIRST_RESPONSE: (240, datetime(2026, 11, 23, 14, 0, tzinfo=UTC)),
                # 40 business hours: five working days, due next Monday 10:00.
                Target.RESOLUTION: (2400, datetime(2026, 11, 30, 10, 0, tzinfo=UTC)),
            },
        )
        self.assertNotIn("agreements", RequestSla.objects.get(ticket=ticket).policy)

    def test_with_a_department_its_teams_people_are_the_receiver(self) -> None:
        self.agree(receiver=self.sales_dept)
        self.assertEqual(due(self.ask(self.alice))[Target.FIRST_RESPONSE][0], 60)
        self.assertEqual(due(self.ask(self.root))[Target.FIRST_RESPONSE][0], 60)  # in Sales itself
        self.assertEqual(due(self.ask(self.dave))[Target.FIRST_RESPONSE][0], 240)

    def test_a_stricter_policy_for_a_priority_stays_and_no_target_takes_the_agreed_one(
        self,
    ) -> None:
        with time_machine.travel(MONDAY - timedelta(hours=1), tick=False):
            sla.save_policy(
                self.laptop,
                Priority.URGENT,
                first_response_minutes=30,
                resolution_minutes=None,
                update_every_minutes=None,
            )
        self.agree()
        urgent = self.ask(self.alice, priority=Priority.URGENT)
        self.assertEqual(
            {target: minutes for target, (minutes, _due) in due(urgent).items()},
            {Target.FIRST_RESPONSE: 30, Target.RESOLUTION: 480},
        )

    def test_it_applies_from_the_day_it_is_in_force_until_it_ends(self) -> None:
        agreement = self.agree(starts_on=date(2026, 11, 24), review_on=date(2027, 5, 1))
        self.assertEqual(due(self.ask(self.alice))[Target.FIRST_RESPONSE][0], 240)
        with time_machine.travel(MONDAY + timedelta(days=1), tick=False):
            self.assertEqual(due(self.ask(self.alice))[Target.FIRST_RESPONSE][0], 60)
        with time_machine.travel(MONDAY + timedelta(days=1, minutes=1), tick=False):
            services.end_agreement(self.erin, agreement)
            self.assertEqual(due(self.ask(self.alice))[Target.FIRST_RESPONSE][0], 240)

    def test_a_change_applies_to_requests_asked_from_then_on(self) -> None:
        agreement = self.agree()
        before = self.ask(self.alice)
        with time_machine.travel(MONDAY + timedelta(minutes=1), tick=False):
            services.update_agreement(
                self.bob,
                agreement,
                self.draft(services=[services.Commitment(self.laptop, 30, None)]),
            )
            after = self.ask(self.alice)
        self.assertEqual(due(before)[Target.FIRST_RESPONSE][0], 60)
        self.assertEqual(due(after)[Target.FIRST_RESPONSE][0], 30)
        self.assertEqual(due(after)[Target.RESOLUTION][0], 2400)

    def test_asking_costs_no_extra_query_once_the_targets_are_read(self) -> None:
        def queries_to_ask() -> int:
            self.ask(self.alice)  # reads the service's targets into the cache
            with CaptureQueriesContext(connection) as queries:
                self.ask(self.alice)
            return len(queries)

        without = queries_to_ask()
        with time_machine.travel(MONDAY + timedelta(minutes=1), tick=False):
            self.agree()
            with_agreement = queries_to_ask()
        self.assertEqual(with_agreement, without)
