"""The daily review flag: owners hear once per review date that a published article is due for
review (in the app and by email), never about drafts, archived articles or future dates."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import time_machine
from django.core import mail

from inservice.knowledge import services, tasks
from inservice.knowledge.tests.support import MONDAY, KnowledgeTestCase, write
from inservice.notifications.models import Notification
from inservice.notifications.services import set_preferences


class ReviewFlagTests(KnowledgeTestCase):
    def setUp(self) -> None:
        super().setUp()
        with time_machine.travel(MONDAY - timedelta(days=200), tick=False):
            self.due = write(self.carol, self.it, "Printer setup", review_on=date(2026, 11, 1))
            self.draft = write(
                self.carol, self.it, "Draft", publish=False, review_on=date(2026, 11, 1)
            )
            archived = write(self.carol, self.it, "Old", review_on=date(2026, 11, 1))
        services.archive_article(self.carol, archived)

    def run_task(self, at: datetime | str = MONDAY) -> int:
        with time_machine.travel(at, tick=False), self.captureOnCommitCallbacks(execute=True):
            return int(tasks.flag_articles_past_review.delay().get())

    def test_the_owner_hears_once_per_review_date_in_the_app_and_by_email(self) -> None:
        self.assertEqual(self.run_task(), 1)
        [note] = Notification.objects.filter(kind="article_review")
        self.assertEqual(note.recipient, self.carol)
        self.assertEqual(note.title, "Review “Printer setup”: its review date has passed")
        [email] = [m for m in mail.outbox if m.to == ["carol@example.org"]]
        self.assertEqual(email.subject, "Time to review “Printer setup”")
        self.assertIn("was due for review by 1 November 2026", str(email.body))
        self.assertIn(f"/knowledge/articles/{self.due.slug}/", str(email.body))
        self.assertEqual(self.run_task(MONDAY + timedelta(days=1)), 0)  # the same date: once
        self.assertEqual(Notification.objects.filter(kind="article_review").count(), 1)

    def test_a_new_review_date_is_told_again_once_it_passes(self) -> None:
        self.run_task()
        with time_machine.travel(MONDAY, tick=False):
            services.mark_reviewed(self.carol, self.fresh(self.due), date(2026, 12, 1))
        self.assertEqual(self.run_task(date(2026, 11, 30).isoformat()), 0)
        self.assertEqual(self.run_task("2026-12-02T08:00Z"), 1)
        self.assertEqual(Notification.objects.filter(kind="article_review").count(), 2)

    def test_an_email_switched_off_is_not_sent(self) -> None:
        set_preferences(self.carol, {("article_review", "email"): False})
        self.run_task()
        self.assertEqual(Notification.objects.filter(kind="article_review").count(), 1)
        self.assertEqual([m for m in mail.outbox if "review" in m.subject], [])

    def test_no_email_goes_out_once_the_review_date_moved_before_it_was_sent(self) -> None:
        with time_machine.travel(MONDAY, tick=False):
            with self.captureOnCommitCallbacks() as sending:
                services.flag_review(self.due.pk, MONDAY.date())
            services.mark_reviewed(self.carol, self.fresh(self.due), date(2027, 3, 1))
            for send in sending:
                send()
        self.assertEqual([m for m in mail.outbox if "review" in m.subject], [])
        self.assertEqual(Notification.objects.filter(kind="article_review").count(), 1)
