"""A request's clocks through its life: started from the policy, paused while waiting on the
requester, met by replies and resolution, carried across a transfer; the sweep's escalations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine

from inservice.notifications.models import Notification
from inservice.org import services as org
from inservice.sla import services as sla
from inservice.sla.calendar import Interval
from inservice.sla.choices import ClockState, Health, Level, Target
from inservice.sla.models import Clock, Escalation, Policy, RequestSla
from inservice.sla.tests.escalation_support import lead_with_manager
from inservice.test import BaseTestCase
from inservice.tickets import services as tickets
from inservice.tickets.choices import Priority
from inservice.tickets.models import Ticket

MONDAY_10 = datetime(
    2026, 11, 23, 10, 0, tzinfo=UTC
)  # IT works Mon-Fri 09:00-17:00 UTC (no calendar)


def clock(ticket: Ticket, target: str, cycle: int = 1) -> Clock:
    return Clock.objects.get(ticket=ticket, target=target, cycle=cycle)


class ClockTests(BaseTestCase):
    def ask_at(self, moment: datetime, **kwargs: object) -> Ticket:
        with time_machine.travel(moment, tick=False):
            return self.ask(**kwargs)  # type: ignore[arg-type]

    def test_it_starts_the_services_targets_in_business_time(self) -> None:
        ticket = self.ask_at(MONDAY_10)  # laptop: first response 4 h, resolution 40 h
        first, resolution = clock(ticket, Target.FIRST_RESPONSE), clock(ticket, Target.RESOLUTION)
        self.assertEqual(first.due_at, MONDAY_10 + timedelta(hours=4))
        self.assertEqual(first.at_risk_at, MONDAY_10 + timedelta(hours=3))
        self.assertEqual(
            resolution.due_at, datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
        )  # five days on
        ticket.refresh_from_db()
        self.assertEqual((ticket.due_at, ticket.health), (first.due_at, Health.OK))

    def test_it_notes_a_request_asked_outside_working_hours(self) -> None:
        saturday = datetime(2026, 11, 28, 11, 0, tzinfo=UTC)
        ticket = self.ask_at(saturday)
        record = RequestSla.objects.get(ticket=ticket)
        self.assertTrue(record.opened_outside_hours)
        self.assertEqual(record.back_at, datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
        self.assertEqual(
            clock(ticket, Target.FIRST_RESPONSE).due_at, datetime(2026, 11, 30, 13, 0, tzinfo=UTC)
        )

    def test_it_uses_the_priority_policy_and_keeps_it_when_the_policy_changes(self) -> None:
        policy = Policy.objects.create(
            service=self.laptop,
            priority=Priority.URGENT,
            first_response_minutes=30,
            resolution_minutes=240,
            update_every_minutes=60,
            pause_statuses=["waiting"],
        )
        ticket = self.ask_at(MONDAY_10, priority=Priority.URGENT)
        Policy.objects.filter(pk=policy.pk).update(first_response_minutes=600)
        self.assertEqual(
            clock(ticket, Target.FIRST_RESPONSE).due_at, MONDAY_10 + timedelta(minutes=30)
        )
        self.assertEqual(RequestSla.objects.get(ticket=ticket).policy["first_response_minutes"], 30)
        self.assertEqual(clock(ticket, Target.UPDATE).due_at, MONDAY_10 + timedelta(hours=1))

    def test_it_pauses_while_waiting_on_the_requester(self) -> None:
        ticket = self.ask_at(MONDAY_10)
        with time_machine.travel(MONDAY_10 + timedelta(hours=1), tick=False):
            tickets.transition(self.carol, ticket, "wait")
        paused = clock(ticket, Target.RESOLUTION)
        self.assertEqual(
            (paused.state, paused.due_at, paused.used_micros),
            (ClockState.PAUSED, None, 3600 * 10**6),
        )
        ticket.refresh_from_db()
        self.assertEqual(ticket.health, Health.PAUSED)
        tuesday_10 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
        with time_machine.travel(tuesday_10, tick=False):
            tickets.reply(self.alice, ticket, "It is the grey one")  # back to the team
        # 3 of the 4 hours were left: due Tuesday 13:00, the day of waiting not counted.
        self.assertEqual(
            clock(ticket, Target.FIRST_RESPONSE).due_at, tuesday_10 + timedelta(hours=3)
        )

    def test_it_keeps_how_long_each_clock_waited_paused(self) -> None:
        ticket = self.ask_at(MONDAY_10)
        with time_machine.travel(MONDAY_10 + timedelta(hours=1), tick=False):
            tickets.transition(self.carol, ticket, "wait")
        waiting = clock(ticket, Target.RESOLUTION)
        self.assertEqual(
            (waiting.paused_since, waiting.paused_micros), (MONDAY_10 + timedelta(hours=1), 0)
        )
        self.assertEqual(
            waiting.paused_for(MONDAY_10 + timedelta(hours=3)), timedelta(hours=2)
        )  # the pause under way counts
        tuesday_10 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
        with time_machine.travel(tuesday_10, tick=False):
            tickets.reply(self.alice, ticket, "It is the grey one")
        with time_machine.travel(tuesday_10 + timedelta(hours=1), tick=False):
            tickets.transition(self.carol, ticket, "wait")
        with time_machine.travel(tuesday_10 + timedelta(hours=4), tick=False):
            tickets.transition(self.carol, ticket, "resolve")  # resolved while waiting
        resolution = clock(ticket, Target.RESOLUTION)
        # Wall-clock time, nights included: 23 h, then 3 h.
        self.assertEqual(
            (resolution.paused_since, resolution.paused_micros),
            (None, 26 * 3600 * 10**6),
        )
        self.assertEqual(resolution.paused_for(tuesday_10 + timedelta(days=5)), timedelta(hours=26))
        first = clock(ticket, Target.FIRST_RESPONSE)  # unanswered until resolved: both waits
        self.assertEqual((first.state, first.paused_micros), (ClockState.MET, 26 * 3600 * 10**6))

    def test_it_reopens_into_a_paused_status_with_the_new_clocks_paused(self) -> None:
        sla.save_policy(
            self.laptop,
            Priority.NORMAL,
            first_response_minutes=240,
            resolution_minutes=2400,
            update_every_minutes=None,
            pause_statuses=["in_progress", "waiting"],
        )
        ticket = self.ask_at(MONDAY_10)
        with time_machine.travel(MONDAY_10 + timedelta(hours=1), tick=False):
            tickets.transition(self.carol, ticket, "resolve", message="Swapped it")
        with time_machine.travel(MONDAY_10 + timedelta(hours=2), tick=False):
            tickets.transition(self.alice, ticket, "reopen", message="Still broken")
        ticket.refresh_from_db()
        again = clock(ticket, Target.RESOLUTION, 2)
        self.assertEqual(ticket.status, "in_progress")  # reopening lands in progress
        self.assertEqual(
            (again.state, again.due_at, again.paused_since, ticket.health),
            (ClockState.PAUSED, None, MONDAY_10 + timedelta(hours=2), Health.PAUSED),
        )

    def test_it_meets_the_first_response_with_a_public_reply_and_resolution_with_resolving(
        self,
    ) -> None:
        ticket = self.ask_at(MONDAY_10)
        with time_machine.travel(MONDAY_10 + timedelta(hours=2), tick=False):
            tickets.reply(self.carol, ticket, "Internal first", internal=True)
            self.assertEqual(clock(ticket, Target.FIRST_RESPONSE).state, ClockState.RUNNING)
            tickets.reply(self.carol, ticket, "On it")
        first = clock(ticket, Target.FIRST_RESPONSE)
        self.assertEqual(
            (first.state, first.met_at, first.breached_at),
            (ClockState.MET, MONDAY_10 + timedelta(hours=2), None),
        )
        with time_machine.travel(MONDAY_10 + timedelta(days=1), tick=False):
            tickets.transition(self.carol, ticket, "resolve")
        self.assertEqual(clock(ticket, Target.RESOLUTION).state, ClockState.MET)
        ticket.refresh_from_db()
        self.assertEqual((ticket.health, ticket.due_at), (Health.NONE, None))

    def test_it_starts_a_new_update_cycle_with_each_public_update(self) -> None:
        Policy.objects.create(
            service=self.laptop,
            priority=Priority.NORMAL,
            update_every_minutes=120,
            pause_statuses=["waiting"],
        )
        ticket = self.ask_at(MONDAY_10)
        with time_machine.travel(MONDAY_10 + timedelta(minutes=90), tick=False):
            tickets.reply(self.carol, ticket, "Ordered")
        self.assertEqual(clock(ticket, Target.UPDATE, 1).state, ClockState.MET)
        self.assertEqual(clock(ticket, Target.UPDATE, 2).due_at, MONDAY_10 + timedelta(minutes=210))

    def test_it_counts_the_rest_of_a_target_in_the_receiving_teams_calendar(self) -> None:
        berlin = sla.save_calendar(
            None,
            name="Berlin office",
            time_zone="Europe/Berlin",
            intervals=[Interval(d, 9 * 60, 17 * 60) for d in range(5)],
            country="DE",
            subdivision="BE",
        )
        org.set_calendar(self.payroll, berlin)
        ticket = self.ask_at(MONDAY_10)  # first response 4 h: 10:00-12:00 UTC used with IT (2 h)
        with time_machine.travel(MONDAY_10 + timedelta(hours=2), tick=False):
            tickets.transfer(
                self.carol, ticket, self.payroll, "Payroll question really", reason="wrong_team"
            )
        # 2 h left in Berlin hours (08:00-16:00 UTC in winter): 12:00 UTC + 2 h = 14:00 UTC.
        self.assertEqual(
            clock(ticket, Target.FIRST_RESPONSE).due_at, MONDAY_10 + timedelta(hours=4)
        )
        stint = ticket.stints.order_by("started_at").first()
        assert stint is not None
        self.assertEqual(stint.business_minutes, 120)


class SweepTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.lead, self.boss = lead_with_manager(self.it)
        with time_machine.travel(MONDAY_10, tick=False):
            self.ticket = self.ask()
            tickets.assign(self.erin, self.ticket, self.carol)

    def sweep_at(self, moment: datetime) -> sla.SweepResult:
        with time_machine.travel(moment, tick=False), self.captureOnCommitCallbacks(execute=True):
            return sla.sweep(moment)

    def told(self, kind: str) -> set[str]:
        return set(
            Notification.objects.filter(kind=kind, ticket=self.ticket).values_list(
                "recipient__username", flat=True
            )
        )

    def test_it_escalates_at_risk_then_breach_then_the_leads_manager_each_once(self) -> None:
        self.assertEqual(self.sweep_at(MONDAY_10 + timedelta(hours=2)).escalations, 0)
        self.assertEqual(self.sweep_at(MONDAY_10 + timedelta(hours=3, minutes=1)).escalations, 1)
        self.assertEqual(self.told("at_risk"), {"carol"})
        self.ticket.refresh_from_db()
        self.assertEqual(self.ticket.health, Health.AT_RISK)
        self.assertEqual(self.sweep_at(MONDAY_10 + timedelta(hours=4, minutes=1)).escalations, 1)
        self.assertEqual(self.told("breached"), {"erin", "lena"})
        self.ticket.refresh_from_db()
        self.assertEqual(self.ticket.health, Health.BREACHED)
        self.assertEqual(self.sweep_at(MONDAY_10 + timedelta(hours=8, minutes=1)).escalations, 1)
        self.assertIn("boss", self.told("breached"))
        self.assertTrue(
            self.ticket.watchers.filter(person=self.boss).exists()
        )  # so they can see it
        self.assertEqual(self.sweep_at(MONDAY_10 + timedelta(hours=9)).escalations, 0)
        levels = sorted(
            Escalation.objects.filter(clock__ticket=self.ticket).values_list(
                "clock__target", "level"
            )
        )
        self.assertEqual(
            levels,
            [
                (Target.FIRST_RESPONSE, Level.AT_RISK),
                (Target.FIRST_RESPONSE, Level.BREACHED),
                (Target.FIRST_RESPONSE, Level.SECOND),
            ],
        )

    def test_it_escalates_once_when_two_sweeps_look_at_the_same_moment(self) -> None:
        moment = MONDAY_10 + timedelta(hours=3, minutes=1)
        first = clock(self.ticket, Target.FIRST_RESPONSE)
        with time_machine.travel(moment, tick=False), self.captureOnCommitCallbacks(execute=True):
            made = [
                sla.look_at(first.pk, moment),
                sla.look_at(first.pk, moment),
                sla.sweep(moment).escalations,
            ]
        self.assertEqual(made, [1, 0, 0])
        self.assertEqual(Notification.objects.filter(kind="at_risk").count(), 1)

    def test_it_does_not_escalate_a_target_that_was_met(self) -> None:
        with time_machine.travel(MONDAY_10 + timedelta(hours=1), tick=False):
            tickets.reply(self.carol, self.ticket, "On it")
        self.assertEqual(self.sweep_at(MONDAY_10 + timedelta(hours=5)).escalations, 0)
        self.assertFalse(Escalation.objects.filter(clock__target=Target.FIRST_RESPONSE).exists())

    def test_it_records_a_breach_missed_between_two_sweeps_when_the_target_is_met_late(
        self,
    ) -> None:
        with time_machine.travel(MONDAY_10 + timedelta(hours=5), tick=False):
            tickets.reply(self.carol, self.ticket, "Sorry for the wait")
        first = clock(self.ticket, Target.FIRST_RESPONSE)
        self.assertEqual(
            (first.state, first.breached_at), (ClockState.MET, MONDAY_10 + timedelta(hours=4))
        )
