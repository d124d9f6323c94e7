"""Promises: acknowledged with a time, kept by the promised step, broken by time or a late step,
renegotiated honestly; the lapse check; the emails the requester gets; the promise-kept rate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TransactionTestCase

from inservice.concurrency import all_at_once
from inservice.notifications.tests.support import NotificationTestCase
from inservice.sla import services as sla
from inservice.sla.choices import ClockState, PromiseState, PromiseStep, Target
from inservice.sla.models import Clock, Promise
from inservice.sla.services.promises import PromiseRecord
from inservice.sla.tests.promise_support import settled_promise
from inservice.test import Cast
from inservice.tickets import services as tickets
from inservice.tickets.choices import EntryKind, Status
from inservice.tickets.lifecycle import IllegalTransition
from inservice.tickets.models import Ticket, TimelineEntry

T = TypeVar("T")

# IT works Mon-Fri 09:00-17:00 UTC (no calendar). Alice asks from New York (UTC-5 in November).
MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
TUESDAY_14 = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)  # 09:00 EST for alice


class PromiseTestCase(NotificationTestCase):
    def setUp(self) -> None:
        super().setUp()
        with time_machine.travel(MONDAY_10, tick=False):
            self.ticket = self.ask(self.alice)

    def at(self, moment: datetime, action: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Runs a service action at `moment`, with what it scheduled on commit (the emails)."""
        with time_machine.travel(moment, tick=False):
            return self.done(action, *args, **kwargs)

    def acknowledged(
        self, promised_for: datetime = TUESDAY_14, step: str = PromiseStep.UPDATE, **kw: Any
    ) -> Promise:
        return self.at(
            MONDAY_10 + timedelta(minutes=30),
            sla.acknowledge,
            self.carol,
            self.ticket,
            promised_for,
            step,
            **kw,
        )

    def state(self, promise: Promise) -> tuple[str, datetime | None]:
        promise.refresh_from_db()
        return promise.state, promise.settled_at

    def fresh(self) -> Ticket:
        return Ticket.objects.get(pk=self.ticket.pk)


class AcknowledgeTests(PromiseTestCase):
    def test_it_acknowledges_with_a_promise_and_tells_the_requester_at_once_in_her_zone(
        self,
    ) -> None:
        mail.outbox.clear()
        promise = self.acknowledged(message="We have one in **stock**. <script>x()</script>")

        self.assertEqual(self.fresh().status, Status.ACKNOWLEDGED)
        self.assertEqual(
            (promise.made_by, promise.team, promise.step, promise.promised_for, promise.state),
            (self.carol, self.it, PromiseStep.UPDATE, TUESDAY_14, PromiseState.OPEN),
        )
        entry = self.ticket.entries.get(kind=EntryKind.PROMISE)
        self.assertFalse(entry.is_internal)
        self.assertIn("We will get back to you by Tue 24 Nov 2026, 09:00 EST", entry.body)
        self.assertIn("We have one in **stock**.", entry.body)

        (message,) = self.outbox_to(self.alice)
        self.assertEqual(message.subject, f"[{self.ticket.key}] We have it: {self.ticket.subject}")
        for part in (message.body, self.html_of(message)):
            self.assertIn("Carol Agent of IT Service Desk has picked up the request.", part)
            self.assertIn(
                "We will get back to you with an update by Tue 24 Nov 2026, 09:00 EST.", part
            )
        self.assertIn("We have one in **stock**.", message.body)
        html = self.html_of(message)
        self.assertIn("We have one in <strong>stock</strong>.", html)
        self.assertNotIn("<script>", html)
        self.assertEqual(self.told("acknowledged"), {"alice"})

    def test_it_counts_the_acknowledgment_as_the_first_response(self) -> None:
        self.acknowledged()
        first = Clock.objects.get(ticket=self.ticket, target=Target.FIRST_RESPONSE)
        self.assertEqual(
            (first.state, first.met_at), (ClockState.MET, MONDAY_10 + timedelta(minutes=30))
        )

    def test_it_tells_watchers_and_whoever_asked_on_behalf_but_not_the_agent(self) -> None:
        with time_machine.travel(MONDAY_10, tick=False):
            self.ticket = self.ask(self.bob, requester=self.alice, watchers=[self.erin])
        self.acknowledged()
        self.assertEqual(self.told("acknowledged"), {"alice", "bob", "erin"})

    def test_it_refuses_a_promise_time_in_the_past_and_changes_nothing(self) -> None:
        for when in (MONDAY_10, MONDAY_10 + timedelta(minutes=29), datetime(2026, 11, 23, 10, 30)):
            with self.subTest(when=when), self.assertRaises(ValidationError) as refused:
                self.acknowledged(promised_for=when)
            self.assertIn("promised_for", refused.exception.message_dict)
        with self.assertRaises(ValidationError) as refused:
            self.acknowledged(promised_for=MONDAY_10 - timedelta(days=1))
        self.assertEqual(
            refused.exception.message_dict["promised_for"],
            ["That time has passed: promise a time in the future."],
        )
        self.assertEqual(self.fresh().status, Status.NEW)
        self.assertFalse(Promise.objects.exists())
        self.assertFalse(self.ticket.entries.filter(kind=EntryKind.PROMISE).exists())

    def test_it_refuses_an_unknown_step(self) -> None:
        with self.assertRaises(ValidationError) as refused:
            self.acknowledged(step="lunch")
        self.assertIn("step", refused.exception.message_dict)
        self.assertEqual(self.fresh().status, Status.NEW)

    def test_it_lets_only_the_team_acknowledge(self) -> None:
        with self.assertRaises(IllegalTransition):
            self.at(MONDAY_10, sla.acknowledge, self.alice, self.ticket, TUESDAY_14, "update")
        self.assertFalse(Promise.objects.exists())

    def test_it_refuses_a_second_promise_while_one_stands(self) -> None:
        self.acknowledged()
        with self.assertRaises(ValidationError) as refused:
            self.acknowledged(promised_for=TUESDAY_14 + timedelta(hours=1))
        self.assertIn("renegotiate", refused.exception.message_dict["promised_for"][0])
        self.assertEqual(Promise.objects.count(), 1)

    def test_it_promises_the_next_step_once_the_last_promise_was_kept(self) -> None:
        first = self.acknowledged()
        self.at(MONDAY_10 + timedelta(hours=2), tickets.reply, self.carol, self.ticket, "Ordered.")
        self.at(
            MONDAY_10 + timedelta(hours=3),
            sla.acknowledge,
            self.carol,
            self.ticket,
            TUESDAY_14 + timedelta(days=1),
            PromiseStep.RESOLUTION,
        )
        second = Promise.objects.get(state=PromiseState.OPEN)
        self.assertEqual((second.step, second.replaces), (PromiseStep.RESOLUTION, None))
        self.assertEqual(self.state(first)[0], PromiseState.KEPT)

    def test_it_replaces_the_promise_of_the_team_that_handed_the_request_over(self) -> None:
        first = self.acknowledged(step=PromiseStep.RESOLUTION)
        self.at(
            MONDAY_10 + timedelta(hours=1),
            tickets.transfer,
            self.carol,
            self.ticket,
            self.payroll,
            "Theirs",
            reason="next_step",
        )
        self.at(
            MONDAY_10 + timedelta(hours=2),
            sla.acknowledge,
            self.dave,
            self.fresh(),
            TUESDAY_14 + timedelta(hours=2),
            PromiseStep.RESOLUTION,
        )
        second = Promise.objects.get(state=PromiseState.OPEN)
        self.assertEqual((second.team, second.replaces), (self.payroll, first))
        self.assertEqual(
            self.state(first), (PromiseState.RENEGOTIATED, MONDAY_10 + timedelta(hours=2))
        )

    def test_it_suggests_the_target_due_next_then_the_resolution(self) -> None:
        suggestion = sla.suggest(self.ticket, MONDAY_10 + timedelta(minutes=30))
        self.assertEqual(
            (suggestion.promised_for, suggestion.step),
            (MONDAY_10 + timedelta(hours=4), PromiseStep.UPDATE),  # first response: 4 h
        )
        self.at(MONDAY_10 + timedelta(hours=1), tickets.reply, self.carol, self.ticket, "On it")
        suggestion = sla.suggest(self.ticket, MONDAY_10 + timedelta(hours=1))
        self.assertEqual(
            (suggestion.promised_for, suggestion.step),
            (datetime(2026, 11, 30, 10, 0, tzinfo=UTC), PromiseStep.RESOLUTION),  # 40 h
        )

    def test_it_suggests_a_business_day_on_when_the_service_has_no_target(self) -> None:
        friday_evening = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)
        with time_machine.travel(friday_evening, tick=False):
            ticket = self.ask(self.alice, self.payslip)  # Payroll: no targets, no calendar
        suggestion = sla.suggest(ticket, friday_evening)
        self.assertEqual(
            (suggestion.promised_for, suggestion.step),
            (datetime(2026, 11, 30, 17, 0, tzinfo=UTC), PromiseStep.UPDATE),
        )


class KeepingTests(PromiseTestCase):
    def test_it_keeps_an_update_promise_with_a_public_reply_in_time(self) -> None:
        promise = self.acknowledged()
        reply_at = TUESDAY_14 - timedelta(minutes=5)
        self.at(reply_at, tickets.reply, self.carol, self.ticket, "It ships tomorrow.")
        self.assertEqual(self.state(promise), (PromiseState.KEPT, reply_at))

    def test_it_keeps_an_update_promise_with_a_move_that_carries_a_message(self) -> None:
        promise = self.acknowledged()
        self.at(
            MONDAY_10 + timedelta(hours=1),
            tickets.transition,
            self.carol,
            self.ticket,
            "start",
            message="Imaging it now.",
        )
        self.assertEqual(self.state(promise)[0], PromiseState.KEPT)

    def test_it_keeps_an_update_promise_when_the_team_asks_the_requester_something(self) -> None:
        update = self.acknowledged()
        moment = MONDAY_10 + timedelta(hours=1)
        self.at(moment, tickets.transition, self.carol, self.ticket, "wait")  # she is emailed
        self.assertEqual(self.state(update), (PromiseState.KEPT, moment))

    def test_it_does_not_keep_an_update_promise_by_starting_work_silently(self) -> None:
        update = self.acknowledged()
        self.at(
            MONDAY_10 + timedelta(hours=1), tickets.transition, self.carol, self.ticket, "start"
        )
        self.assertEqual(self.state(update), (PromiseState.OPEN, None))

    def test_it_is_not_kept_by_an_internal_note_nor_by_the_requester_and_she_hears_nothing(
        self,
    ) -> None:
        promise = self.acknowledged()
        mail.outbox.clear()
        self.at(
            MONDAY_10 + timedelta(hours=1),
            tickets.reply,
            self.carol,
            self.ticket,
            "Supplier is slow",
            internal=True,
        )
        self.assertEqual(self.outbox_to(self.alice), [])
        self.at(MONDAY_10 + timedelta(hours=2), tickets.reply, self.alice, self.ticket, "Any news?")
        self.assertEqual(self.state(promise), (PromiseState.OPEN, None))

    def test_it_keeps_a_resolution_promise_only_with_the_resolution(self) -> None:
        promise = self.acknowledged(step=PromiseStep.RESOLUTION)
        self.at(MONDAY_10 + timedelta(hours=1), tickets.reply, self.carol, self.ticket, "Soon")
        self.assertEqual(self.state(promise)[0], PromiseState.OPEN)
        resolved_at = MONDAY_10 + timedelta(hours=3)
        self.at(resolved_at, tickets.transition, self.carol, self.ticket, "resolve")
        self.assertEqual(self.state(promise), (PromiseState.KEPT, resolved_at))

    def test_it_breaks_a_promise_whose_step_comes_late(self) -> None:
        promise = self.acknowledged()
        late = TUESDAY_14 + timedelta(seconds=30)  # before any lapse check looked
        self.at(late, tickets.reply, self.carol, self.ticket, "Sorry, here it is.")
        self.assertEqual(self.state(promise), (PromiseState.BROKEN, late))

    def test_it_breaks_a_promise_when_its_time_passes_without_the_step(self) -> None:
        promise = self.acknowledged()
        mail.outbox.clear()
        self.assertEqual(self.at(TUESDAY_14, sla.lapse_promises, TUESDAY_14), 0)  # not yet
        self.assertEqual(
            self.at(TUESDAY_14, sla.lapse_promises, TUESDAY_14 + timedelta(minutes=1)), 1
        )
        self.assertEqual(self.state(promise), (PromiseState.BROKEN, TUESDAY_14))
        entry = self.ticket.entries.filter(kind=EntryKind.SLA).last()
        assert entry is not None
        self.assertTrue(entry.is_internal)  # the team's record; the page shows the requester
        self.assertIn("The promised time passed", entry.body)
        self.assertEqual(self.outbox_to(self.alice), [])
        # The update that finally comes does not turn it into a kept promise.
        self.at(TUESDAY_14 + timedelta(hours=1), tickets.reply, self.carol, self.ticket, "Here.")
        self.assertEqual(self.state(promise), (PromiseState.BROKEN, TUESDAY_14))

    def test_it_lapses_each_promise_exactly_once_when_two_checks_overlap(self) -> None:
        promise = self.acknowledged()
        later = TUESDAY_14 + timedelta(minutes=1)
        with time_machine.travel(later, tick=False):
            lapsed = [
                sla.lapse(promise.pk, later),
                sla.lapse(promise.pk, later),
                sla.lapse_promises(later),
            ]
        self.assertEqual(lapsed, [True, False, 0])
        self.assertEqual(
            self.ticket.entries.filter(kind=EntryKind.SLA, data__promise=promise.pk).count(), 1
        )

    def test_it_neither_keeps_nor_breaks_the_promise_of_a_cancelled_request(self) -> None:
        promise = self.acknowledged()
        self.at(
            MONDAY_10 + timedelta(hours=1), tickets.transition, self.alice, self.ticket, "cancel"
        )
        self.assertEqual(self.state(promise)[0], PromiseState.WITHDRAWN)
        self.assertEqual(sla.lapse_promises(TUESDAY_14 + timedelta(days=1)), 0)

    def test_it_does_not_break_the_promise_of_a_request_closed_as_a_duplicate(self) -> None:
        promise = self.acknowledged()
        original = self.ask(self.alice)
        self.at(
            MONDAY_10 + timedelta(hours=1),
            tickets.mark_duplicate,
            self.carol,
            self.ticket,
            original,
        )
        self.assertEqual(sla.lapse_promises(TUESDAY_14 + timedelta(days=1)), 1)
        self.assertEqual(self.state(promise)[0], PromiseState.WITHDRAWN)


class RenegotiateTests(PromiseTestCase):
    def test_it_renegotiates_in_time_and_tells_the_requester_why(self) -> None:
        old = self.acknowledged()
        mail.outbox.clear()
        moment = TUESDAY_14 - timedelta(hours=1)
        new = self.at(
            moment,
            sla.renegotiate,
            self.carol,
            self.ticket,
            TUESDAY_14 + timedelta(days=1),
            "The supplier moved the delivery.",
        )
        self.assertEqual(self.state(old), (PromiseState.RENEGOTIATED, moment))
        self.assertEqual((new.replaces, new.state, new.step), (old, PromiseState.OPEN, old.step))
        self.assertEqual(new.reason, "The supplier moved the delivery.")
        entry = self.ticket.entries.filter(kind=EntryKind.PROMISE).last()
        assert entry is not None
        self.assertFalse(entry.is_internal)
        self.assertIn("Wed 25 Nov 2026, 09:00 EST", entry.body)
        self.assertIn("The supplier moved the delivery.", entry.body)

        (message,) = self.outbox_to(self.alice)
        self.assertEqual(
            message.subject, f"[{self.ticket.key}] New promised time: {self.ticket.subject}"
        )
        for part in (message.body, self.html_of(message)):
            self.assertIn("with an update by Wed 25 Nov 2026, 09:00 EST.", part)
            self.assertIn("The time promised before was Tue 24 Nov 2026, 09:00 EST.", part)
            self.assertIn("The supplier moved the delivery.", part)
        self.assertEqual(self.told("promise_changed"), {"alice"})

    def test_it_counts_a_renegotiation_after_the_time_passed_as_broken(self) -> None:
        old = self.acknowledged()
        late = TUESDAY_14 + timedelta(seconds=20)  # no lapse check has run yet
        self.at(late, sla.renegotiate, self.carol, self.ticket, late + timedelta(hours=2), "Ill")
        self.assertEqual(self.state(old), (PromiseState.BROKEN, TUESDAY_14))

    def test_it_renegotiates_a_promise_the_lapse_check_already_broke(self) -> None:
        old = self.acknowledged()
        sla.lapse_promises(TUESDAY_14 + timedelta(minutes=1))
        later = TUESDAY_14 + timedelta(hours=1)
        new = self.at(
            later, sla.renegotiate, self.carol, self.ticket, later + timedelta(hours=2), "Ill"
        )
        self.assertEqual(self.state(old), (PromiseState.BROKEN, TUESDAY_14))
        self.assertEqual(new.replaces, old)
        self.assertEqual(sla.standing_promise(self.ticket), new)

    def test_it_refuses_a_past_time_or_a_missing_reason_and_changes_nothing(self) -> None:
        old = self.acknowledged()
        moment = MONDAY_10 + timedelta(hours=1)
        cases = [
            (moment - timedelta(minutes=1), "Supplier", "promised_for"),
            (TUESDAY_14, "   ", "reason"),
            (TUESDAY_14, "x" * 301, "reason"),
        ]
        for when, reason, field in cases:
            with self.subTest(field=field), self.assertRaises(ValidationError) as refused:
                self.at(moment, sla.renegotiate, self.carol, self.ticket, when, reason)
            self.assertIn(field, refused.exception.message_dict)
        self.assertEqual(self.state(old), (PromiseState.OPEN, None))
        self.assertEqual(Promise.objects.count(), 1)

    def test_it_refuses_when_no_promise_stands(self) -> None:
        with self.assertRaises(ValidationError) as refused:
            self.at(MONDAY_10, sla.renegotiate, self.carol, self.ticket, TUESDAY_14, "Because")
        self.assertIn("No promise stands", refused.exception.message_dict["promised_for"][0])

    def test_it_lets_only_the_team_renegotiate(self) -> None:
        self.acknowledged()
        with self.assertRaises(Exception) as refused:
            self.at(MONDAY_10, sla.renegotiate, self.alice, self.ticket, TUESDAY_14, "Please")
        self.assertIn("Only members of IT Service Desk", str(refused.exception))


class OutsideHoursTests(PromiseTestCase):
    def test_it_tells_a_request_asked_outside_working_hours_when_the_team_is_back(self) -> None:
        saturday = datetime(2026, 11, 28, 11, 0, tzinfo=UTC)
        mail.outbox.clear()
        ticket = self.at(saturday, self.ask, self.alice)
        (message,) = self.outbox_to(self.alice)
        self.assertIn(ticket.key, message.subject)
        for part in (message.body, self.html_of(message)):
            self.assertIn(
                "You asked outside IT Service Desk's working hours: they are back on "
                "Mon 30 Nov 2026, 04:00 EST",  # 09:00 UTC, in alice's zone
                part,
            )

    def test_it_says_nothing_of_hours_for_a_request_asked_while_the_team_works(self) -> None:
        mail.outbox.clear()
        self.at(MONDAY_10, self.ask, self.alice)
        (message,) = self.outbox_to(self.alice)
        self.assertNotIn("working hours", message.body)


class RateTests(PromiseTestCase):
    """kept / (kept + broken) over a period; renegotiated in time counted apart."""

    def promise(self, maker: Any, state: str, at: datetime) -> None:
        service = self.payslip if maker == self.dave else self.laptop
        settled_promise(maker, self.ask(self.alice, service), state, at)

    def test_it_computes_the_promise_kept_rate_per_team_and_per_person_over_a_period(
        self,
    ) -> None:
        day = MONDAY_10 - timedelta(days=2)
        for _ in range(3):
            self.promise(self.carol, PromiseState.KEPT, day)
        self.promise(self.carol, PromiseState.BROKEN, day)
        self.promise(self.carol, PromiseState.RENEGOTIATED, day)  # and a new open promise
        self.promise(self.erin, PromiseState.BROKEN, day)
        self.promise(self.carol, PromiseState.KEPT, MONDAY_10 - timedelta(days=35))  # older
        self.promise(self.dave, PromiseState.KEPT, day)  # another team's

        since, until = MONDAY_10 - timedelta(days=30), MONDAY_10
        team = sla.promise_record(since, until, team=self.it)
        self.assertEqual(team, PromiseRecord(kept=3, broken=2, renegotiated=1))
        self.assertEqual((team.rate, team.percent), (0.6, 60))
        carol = sla.promise_record(since, until, person=self.carol)
        self.assertEqual(carol, PromiseRecord(kept=3, broken=1, renegotiated=1))
        self.assertEqual(carol.percent, 75)
        self.assertEqual(
            sla.promise_records_by_person(self.it, since, until),
            {
                self.carol.pk: PromiseRecord(kept=3, broken=1, renegotiated=1),
                self.erin.pk: PromiseRecord(kept=0, broken=1, renegotiated=0),
            },
        )
        self.assertEqual(
            sla.promise_record(since - timedelta(days=60), until, person=self.carol).kept, 4
        )

    def test_it_has_no_rate_when_nothing_was_kept_or_broken(self) -> None:
        self.promise(self.carol, PromiseState.RENEGOTIATED, MONDAY_10 - timedelta(days=2))
        record = sla.promise_record(MONDAY_10 - timedelta(days=30), MONDAY_10, team=self.it)
        self.assertEqual((record.rate, record.percent, record.renegotiated), (None, None, 1))


@pytest.mark.services
class ConcurrentLapseTests(TransactionTestCase):
    """Two lapse checks at the same moment on PostgreSQL: each promise broken once, no waiting."""

    def test_it_breaks_every_lapsed_promise_exactly_once_across_two_workers(self) -> None:
        cast = Cast()
        count = 20
        with time_machine.travel(MONDAY_10, tick=False):
            for _ in range(count):
                ticket = tickets.open_ticket(
                    cast.alice,
                    tickets.NewRequest(
                        service=cast.laptop, subject="Same", answers={"model": "Standard"}
                    ),
                )
                sla.acknowledge(cast.carol, ticket, TUESDAY_14, PromiseStep.UPDATE)
        later = TUESDAY_14 + timedelta(minutes=1)
        results = all_at_once(lambda: sla.lapse_promises(later))
        self.assertEqual(sum(results), count)
        self.assertEqual(Promise.objects.filter(state=PromiseState.BROKEN).count(), count)
        lapses = TimelineEntry.objects.filter(kind=EntryKind.SLA, data__state="broken")
        self.assertEqual(lapses.count(), count)
