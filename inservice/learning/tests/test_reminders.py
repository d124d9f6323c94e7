"""The daily reminders (learning.tasks.send_reminders): three days before the due date, and once
overdue; each once, however often the task runs; none for what is completed."""

from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine
from django.core import mail

from inservice.learning import services, tasks
from inservice.learning.models.progress import Assignment
from inservice.learning.tests.support import DUE, MONDAY, LearningTestCase
from inservice.notifications.choices import Kind
from inservice.notifications.models import Notification

THREE_BEFORE = datetime(2026, 12, 8, 6, 17, tzinfo=UTC)  # DUE is Friday 11 December
DAY_AFTER = datetime(2026, 12, 12, 6, 17, tzinfo=UTC)


class ReminderTests(LearningTestCase):
    def setUp(self) -> None:
        super().setUp()
        with time_machine.travel(MONDAY, tick=False):
            self.assignment = self.assign(self.alice)

    def run_task(self, at: datetime) -> int:
        with time_machine.travel(at, tick=False), self.captureOnCommitCallbacks(execute=True):
            return int(tasks.send_reminders.delay().get())

    def due_notes(self) -> list[str]:
        return list(
            Notification.objects.filter(kind=Kind.COURSE_DUE)
            .order_by("created_at", "pk")
            .values_list("title", flat=True)
        )

    def test_it_reminds_three_days_before_and_once_overdue(self) -> None:
        self.assertEqual(self.run_task(datetime(2026, 12, 7, 6, 17, tzinfo=UTC)), 0)
        self.assertEqual(self.run_task(THREE_BEFORE), 1)
        self.assertEqual(self.run_task(THREE_BEFORE), 0)
        self.assertEqual(self.run_task(datetime(2026, 12, 11, 6, 17, tzinfo=UTC)), 0)  # due today
        self.assertEqual(self.run_task(DAY_AFTER), 1)
        self.assertEqual(self.run_task(datetime(2026, 12, 20, 6, 17, tzinfo=UTC)), 0)
        self.assertEqual(
            self.due_notes(),
            ["Promises we keep is due 11 Dec 2026", "Promises we keep was due 11 Dec 2026"],
        )
        soon, late = [m for m in mail.outbox if "Promises we keep" in m.subject]
        self.assertEqual(soon.subject, "Due 11 Dec: Promises we keep")
        self.assertIn("is due on 11 Dec 2026. A few minutes now", str(soon.body))
        self.assertEqual(late.subject, "Overdue: Promises we keep")
        self.assertIn("was due on 11 Dec 2026 and is not completed yet", str(late.body))

    def test_nothing_is_sent_for_what_is_completed(self) -> None:
        with time_machine.travel(MONDAY, tick=False):
            self.finish(self.alice)
        self.assertIsNotNone(Assignment.objects.get().completed_at)
        self.assertEqual(self.run_task(THREE_BEFORE) + self.run_task(DAY_AFTER), 0)
        self.assertEqual(self.due_notes(), [])

    def test_an_email_queued_before_completion_is_not_sent_after_it(self) -> None:
        with time_machine.travel(THREE_BEFORE, tick=False):
            with self.captureOnCommitCallbacks() as queued:
                services.remind(self.assignment.pk, services.SOON, date(2026, 12, 8))
            self.finish(self.alice)
            for send in queued:
                send()
        self.assertEqual(len(queued), 1)
        self.assertEqual(mail.outbox, [])

    def test_an_assignment_due_within_three_days_gets_no_due_soon_reminder(self) -> None:
        with time_machine.travel(THREE_BEFORE, tick=False):
            self.assign(self.bob, due_on=DUE)
        self.assertEqual(self.run_task(THREE_BEFORE), 1)  # alice's only
        self.assertEqual(
            list(
                Notification.objects.filter(kind=Kind.COURSE_DUE).values_list(
                    "recipient__username", flat=True
                )
            ),
            ["alice"],
        )
