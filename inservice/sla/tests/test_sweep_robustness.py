"""The SLA sweep when things go wrong: it runs every minute, a worker dies between the sweep's
commit and the notification task, a batch fails half-way, two sweeps run at once; and the
lead's manager hears after the policy's own delay, not the default one."""

from __future__ import annotations

import importlib
import threading
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from unittest import mock

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.test import SimpleTestCase, TransactionTestCase

from inservice.celery import app
from inservice.concurrency import all_at_once
from inservice.notifications.choices import Kind
from inservice.notifications.models import Notification
from inservice.sla import services as sla
from inservice.sla.choices import Health, Level, Target
from inservice.sla.models import Clock, Escalation
from inservice.sla.services.sweep import ANNOUNCE_GRACE
from inservice.sla.tasks import sweep_clocks
from inservice.sla.tests.escalation_support import MONDAY_10, EscalationTestCase
from inservice.test import Cast
from inservice.tickets import services as tickets
from inservice.tickets.choices import EntryKind, Priority
from inservice.tickets.models import Ticket, TimelineEntry

AT_RISK = MONDAY_10 + timedelta(hours=3, minutes=1)
BREACH = MONDAY_10 + timedelta(hours=4)
# The module itself: `sla.services.sweep` names the function it exports.
sweep_module = importlib.import_module("inservice.sla.services.sweep")


class BeatScheduleTests(SimpleTestCase):
    def test_it_sweeps_service_levels_and_lapses_promises_every_minute(self) -> None:
        schedules = {
            entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
        }
        for task in ("inservice.sla.tasks.sweep_clocks", "inservice.sla.tasks.lapse_promises"):
            with self.subTest(task=task):
                self.assertEqual(schedules.get(task), crontab())  # every minute
                self.assertIn(task, app.tasks)  # beat sends a name a worker knows


class SweepTestCase(EscalationTestCase):
    def beat_at(self, moment: datetime) -> int:
        """The task beat sends every minute: re-announcing the lost, then the sweep."""
        with time_machine.travel(moment, tick=False), self.captureOnCommitCallbacks(execute=True):
            escalations: int = sweep_clocks.delay().get()
        return escalations

    def escalation_notices(self) -> list[tuple[str, str]]:
        rows = Notification.objects.filter(kind__in=[Kind.AT_RISK, Kind.BREACHED])
        return sorted(rows.values_list("kind", "recipient__username"))


class LostAnnouncementTests(SweepTestCase):
    def test_it_announces_once_what_a_worker_that_died_after_the_commit_never_announced(
        self,
    ) -> None:
        ticket = self.ask_at_monday_10()
        moment = BREACH + timedelta(minutes=1)
        with time_machine.travel(moment, tick=False), self.captureOnCommitCallbacks() as lost:
            made = sla.sweep(moment).escalations
        # Committed, but the batch's task announcing the at-risk and breach escalations never ran.
        self.assertEqual((made, len(lost)), (2, 1))
        self.assertEqual(self.escalation_notices(), [])

        self.beat_at(moment + ANNOUNCE_GRACE + timedelta(minutes=1))

        self.assertEqual(
            self.escalation_notices(),
            [(Kind.AT_RISK, "carol"), (Kind.BREACHED, "erin"), (Kind.BREACHED, "lena")],
        )
        to_lena = self.outbox_to(self.lena)
        self.assertEqual(
            [m.subject for m in to_lena],
            [f"[{ticket.key}] Breached — First response: {ticket.subject}"],
        )
        self.assertFalse(Escalation.objects.filter(announced_at__isnull=True).exists())

        mail.outbox.clear()
        self.beat_at(moment + timedelta(minutes=10))
        self.beat_at(moment + timedelta(minutes=11))

        self.assertEqual(mail.outbox, [])
        self.assertEqual(len(self.escalation_notices()), 3)


class FailedBatchTests(SweepTestCase):
    def test_it_rolls_back_a_batch_that_fails_half_way_and_escalates_it_on_the_next_sweep(
        self,
    ) -> None:
        asked = [self.ask_at_monday_10(assignee=False) for _ in range(3)]
        real: Callable[[Clock, Level], dict[str, int | None]] = sweep_module._addressed_to
        calls = 0

        def fail_on_the_second_clock(clock: Clock, level: Level) -> dict[str, int | None]:
            nonlocal calls
            calls += 1
            if calls == 2:
                raise RuntimeError("the database went away")
            return real(clock, level)

        # By the second clock's escalation, the clocks and timeline entries are already written.
        with (
            mock.patch.object(sweep_module, "_addressed_to", side_effect=fail_on_the_second_clock),
            self.assertRaises(RuntimeError),
            self.captureOnCommitCallbacks() as queued,
        ):
            sla.sweep(AT_RISK)

        self.assertEqual(calls, 2)
        self.assertEqual(queued, [])  # nothing announced for escalations that do not exist
        self.assertFalse(Escalation.objects.exists())
        self.assertFalse(TimelineEntry.objects.filter(kind=EntryKind.SLA).exists())
        firsts = Clock.objects.filter(target=Target.FIRST_RESPONSE)
        self.assertEqual(
            list(firsts.values_list("escalated_level", "was_at_risk_at", "next_check_at")),
            [(0, None, MONDAY_10 + timedelta(hours=3))] * 3,
        )
        self.assertEqual(set(Ticket.objects.values_list("health", flat=True)), {Health.OK})

        self.assertEqual(self.sweep_at(AT_RISK + timedelta(minutes=1)), 3)
        self.assertEqual(self.sweep_at(AT_RISK + timedelta(minutes=2)), 0)

        for ticket in asked:
            with self.subTest(ticket=ticket.key):
                self.assertEqual(
                    list(
                        Escalation.objects.filter(clock__ticket=ticket).values_list(
                            "clock__target", "level"
                        )
                    ),
                    [(Target.FIRST_RESPONSE, Level.AT_RISK)],
                )
                self.assertEqual(ticket.entries.filter(kind=EntryKind.SLA).count(), 1)
                told = Notification.objects.filter(ticket=ticket, kind=Kind.AT_RISK)
                self.assertEqual(
                    sorted(told.values_list("recipient__username", flat=True)),
                    ["carol", "erin", "lena"],  # nobody assigned: the whole team, once each
                )


class SecondLevelDelayTests(SweepTestCase):
    def test_it_tells_the_leads_manager_after_the_policys_delay_and_not_before(self) -> None:
        sla.save_policy(
            self.laptop,
            Priority.NORMAL,
            first_response_minutes=240,
            resolution_minutes=2400,
            update_every_minutes=None,
            second_level_after_minutes=30,
        )
        ticket = self.ask_at_monday_10()
        self.assertEqual(self.sweep_at(BREACH + timedelta(minutes=1)), 2)  # at risk, breached

        self.assertEqual(self.sweep_at(BREACH + timedelta(minutes=29)), 0)
        self.assertEqual(self.told(Kind.BREACHED), {"erin", "lena"})
        self.assertFalse(ticket.watchers.filter(person=self.boss).exists())

        self.assertEqual(self.sweep_at(BREACH + timedelta(minutes=30)), 1)
        self.assertEqual(self.told(Kind.BREACHED), {"erin", "lena", "boss"})
        self.assertEqual(
            [m.subject for m in self.outbox_to(self.boss)],
            [f"[{ticket.key}] Still breached — First response: {ticket.subject}"],
        )
        self.assertTrue(ticket.watchers.filter(person=self.boss).exists())  # so they can see it
        # The default delay (4 hours) brings nothing more.
        self.assertEqual(self.sweep_at(BREACH + timedelta(hours=4, minutes=1)), 0)


@pytest.mark.services
class ConcurrentSweepTests(TransactionTestCase):
    """Two sweeps at the same moment on PostgreSQL: they share the clocks, each escalates once."""

    def test_it_escalates_and_announces_each_clock_once_across_two_workers(self) -> None:
        cast = Cast()
        count = 120  # more than a batch: the sweeps meet in both of them
        with time_machine.travel(MONDAY_10, tick=False):
            for _ in range(count):
                tickets.open_ticket(
                    cast.alice,
                    tickets.NewRequest(
                        service=cast.laptop, subject="Same", answers={"model": "Standard"}
                    ),
                )
        moment = BREACH + timedelta(minutes=1)
        made = all_at_once(lambda: sla.sweep(moment).escalations)

        self.assertEqual(sum(made), 2 * count)  # each request's first response: at risk, breached
        levels = Counter(Escalation.objects.values_list("level", flat=True))
        self.assertEqual(levels, {Level.AT_RISK: count, Level.BREACHED: count})
        self.assertEqual(TimelineEntry.objects.filter(kind=EntryKind.SLA).count(), 2 * count)
        self.assertFalse(Escalation.objects.filter(announced_at__isnull=True).exists())
        breached = Notification.objects.filter(kind=Kind.BREACHED)
        self.assertEqual(
            sorted(breached.values_list("recipient__username", flat=True)), ["erin"] * count
        )
        at_risk = Notification.objects.filter(kind=Kind.AT_RISK)
        self.assertEqual(at_risk.count(), 2 * count)  # unassigned: carol and erin, once each
        self.assertEqual(
            len([m for m in mail.outbox if m.to == [cast.erin.email] and "Breached" in m.subject]),
            count,
        )
        self.assertEqual(set(Ticket.objects.values_list("health", flat=True)), {Health.BREACHED})

    def test_it_leaves_a_request_being_changed_for_the_next_sweep_without_waiting(self) -> None:
        cast = Cast()
        with time_machine.travel(MONDAY_10, tick=False):
            busy, quiet = (
                tickets.open_ticket(
                    cast.alice,
                    tickets.NewRequest(
                        service=cast.laptop, subject=subject, answers={"model": "Standard"}
                    ),
                )
                for subject in ("Busy", "Quiet")
            )
        moment = BREACH + timedelta(minutes=1)
        locked, swept = threading.Event(), threading.Event()

        def hold() -> None:
            # As a request's own services do: the request's row first, then (later) its clocks.
            try:
                with transaction.atomic():
                    Ticket.objects.select_for_update().get(pk=busy.pk)
                    locked.set()
                    swept.wait(timeout=60)
            finally:
                connection.close()

        holder = threading.Thread(target=hold)
        holder.start()
        self.assertTrue(locked.wait(timeout=30))
        try:
            result = sla.sweep(
                moment
            )  # would wait on the held row, or deadlock, without SKIP LOCKED
        finally:
            swept.set()
            holder.join(timeout=60)
        self.assertEqual(result.escalations, 2)  # the quiet request's at risk and breach only
        self.assertEqual(
            set(Escalation.objects.values_list("clock__ticket_id", flat=True)), {quiet.pk}
        )
        self.assertEqual(sla.sweep(moment).escalations, 2)  # the busy one, once it is free
        self.assertEqual(
            Counter(Escalation.objects.values_list("clock__ticket_id", flat=True)),
            {busy.pk: 2, quiet.pk: 2},
        )
