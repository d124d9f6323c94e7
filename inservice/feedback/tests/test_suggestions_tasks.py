"""Who hears of what, and when: the leads of new suggestions (named ones at once, anonymous ones at
the end of their day), of the submitter's replies, of overdue ones (once); a named submitter of
each answer. In-app notifications with a link, and emails written when they go out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from inservice.feedback.models.suggestions import Suggestion
from inservice.feedback.services import suggestions as services
from inservice.feedback.tasks_suggestions import announce_suggestions, escalate_overdue
from inservice.feedback.tests.test_suggestions_support import (
    ANONYMOUS_DUE,
    MONDAY,
    TUESDAY,
    SuggestionTestCase,
)
from inservice.notifications.choices import DeliveryStatus, Kind
from inservice.notifications.delivery import attempt_delivery
from inservice.notifications.models import Delivery, Notification


class SuggestionNotificationTests(SuggestionTestCase):
    def run_task(self, task: object, at: datetime) -> int:
        with time_machine.travel(at, tick=False), self.captureOnCommitCallbacks(execute=True):
            return int(task.delay().get())  # type: ignore[attr-defined]  # a Celery task

    def told(self, kind: Kind) -> list[str]:
        rows = Notification.objects.filter(kind=kind).order_by("recipient__username")
        return list(rows.values_list("recipient__username", flat=True))

    def email_to(self, address: str) -> EmailMultiAlternatives:
        message = next(m for m in mail.outbox if m.to == [address])
        assert isinstance(message, EmailMultiAlternatives)
        return message

    def test_the_leads_hear_of_a_named_suggestion_at_once(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            suggestion = self.suggest(self.bob, anonymous=False).suggestion
        self.assertEqual(self.told(Kind.SUGGESTION), ["erin"])  # the lead, not every member
        notification = Notification.objects.get()
        self.assertEqual(notification.title, "Longer opening hours")
        self.assertEqual(notification.link, f"/feedback/suggestions/{suggestion.pk}/")
        message = self.email_to("erin@example.org")
        self.assertEqual(message.subject, "A new suggestion: Longer opening hours")
        self.assertIn("Please keep the desk open until six", message.body)
        self.assertIn("From Bob Bystander.", message.body)
        self.assertIn(settings.SITE_URL + notification.link, message.body)
        self.assertIn("Answer with a status by 4 Dec 2026", message.body)

    def test_an_anonymous_suggestion_reaches_the_leads_at_the_end_of_its_day_once(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            self.suggest(self.alice)
        self.assertEqual(self.told(Kind.SUGGESTION), [])
        self.assertEqual(self.run_task(announce_suggestions, MONDAY.replace(hour=23)), 0)
        self.assertEqual(self.run_task(announce_suggestions, TUESDAY.replace(hour=0, minute=5)), 1)
        self.assertEqual(self.told(Kind.SUGGESTION), ["erin"])
        message = self.email_to("erin@example.org")
        self.assertIn("It is anonymous", message.body)
        self.assertNotIn("Alice", message.body)
        self.assertEqual(self.run_task(announce_suggestions, TUESDAY), 0)
        self.assertEqual(len(mail.outbox), 1)

    def test_an_overdue_suggestion_goes_to_the_leads_once(self) -> None:
        late = self.suggest(title="Nobody answered").suggestion
        answered = self.suggest(title="Answered").suggestion
        self.answer(answered, "planned")
        self.assertEqual(self.run_task(escalate_overdue, ANONYMOUS_DUE - timedelta(minutes=1)), 0)
        after = ANONYMOUS_DUE + timedelta(minutes=30)
        self.assertEqual(self.run_task(escalate_overdue, after), 1)
        self.assertEqual(self.told(Kind.SUGGESTION_LATE), ["erin"])
        message = self.email_to("erin@example.org")
        self.assertEqual(message.subject, "Overdue an answer: Nobody answered")
        self.assertIn("was due an answer by 7 Dec 2026", message.body)
        late.refresh_from_db()
        self.assertEqual(late.escalated_at, after)
        self.assertEqual(self.run_task(escalate_overdue, after + timedelta(hours=1)), 0)
        self.assertEqual(Notification.objects.filter(kind=Kind.SUGGESTION_LATE).count(), 1)

    def test_a_team_without_a_lead_escalates_to_the_administrators(self) -> None:
        self.suggest(team=None)  # the whole organisation, with no owning team set
        self.run_task(escalate_overdue, ANONYMOUS_DUE + timedelta(hours=1))
        self.assertEqual(self.told(Kind.SUGGESTION_LATE), ["root"])

    def test_a_named_author_hears_of_each_answer(self) -> None:
        suggestion = self.suggest(self.bob, anonymous=False).suggestion
        with self.captureOnCommitCallbacks(execute=True):
            self.answer(suggestion, "declined", "Sorry.", reason="The building closes at five.")
        self.assertEqual(self.told(Kind.SUGGESTION_ANSWER), ["bob"])
        message = self.email_to("bob@example.org")
        self.assertEqual(
            message.subject, "Your suggestion “Longer opening hours” was answered: Declined"
        )
        self.assertIn("IT Service Desk answered your suggestion", message.body)
        self.assertIn("Why it is declined: The building closes at five.", message.body)
        with self.captureOnCommitCallbacks(execute=True):
            self.answer(suggestion, "planned", "The landlord agreed after all.")
        self.assertEqual(Notification.objects.filter(recipient=self.bob).count(), 2)

    def test_nobody_is_told_of_answers_to_an_anonymous_suggestion(self) -> None:
        suggestion = self.suggest(self.alice).suggestion
        with self.captureOnCommitCallbacks(execute=True):
            self.answer(suggestion, "planned")
        self.assertFalse(Notification.objects.filter(kind=Kind.SUGGESTION_ANSWER).exists())
        self.assertEqual(mail.outbox, [])

    def test_the_team_hears_of_the_submitter_s_replies(self) -> None:
        suggestion = self.suggest(self.alice).suggestion
        self.answer(suggestion, "planned", person=self.carol)
        afternoon = TUESDAY.replace(hour=14)
        with (
            time_machine.travel(afternoon, tick=False),
            self.captureOnCommitCallbacks(execute=True),
        ):
            services.reply_as_submitter(suggestion, "Could it start in December?")
        self.assertEqual(self.told(Kind.SUGGESTION), [])  # anonymous: at the end of the day
        self.run_task(announce_suggestions, datetime(2026, 11, 25, 0, 30, tzinfo=UTC))
        # Both leads' announcements (the suggestion's and the reply's) and carol, who answered.
        replies = Notification.objects.filter(event_key__contains=":reply:")
        self.assertEqual(
            sorted(replies.values_list("recipient__username", flat=True)), ["carol", "erin"]
        )
        message = self.email_to("carol@example.org")
        self.assertIn("Could it start in December?", message.body)

    def test_no_email_once_there_is_nothing_left_to_tell(self) -> None:
        suggestion = self.suggest().suggestion
        services.escalate_suggestion(suggestion.pk, ANONYMOUS_DUE + timedelta(hours=1))
        Suggestion.objects.filter(pk=suggestion.pk).update(
            first_answered_at=ANONYMOUS_DUE + timedelta(hours=2)
        )
        delivery = Delivery.objects.get(kind=Kind.SUGGESTION_LATE)
        self.assertEqual(attempt_delivery(delivery.pk).status, DeliveryStatus.SKIPPED)
        self.assertEqual(mail.outbox, [])

    def test_the_notification_list_links_to_the_suggestion(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            suggestion = self.suggest(self.bob, anonymous=False).suggestion
        self.login(self.erin)
        response = self.client.get("/notifications/")
        self.assertContains(response, "A suggestion was made to your team")
        self.assertContains(
            response, f'<a href="/feedback/suggestions/{suggestion.pk}/">Longer opening hours</a>'
        )
