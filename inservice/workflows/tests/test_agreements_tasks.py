"""The daily reminder of an agreement's review: both leads, two weeks before, once."""

from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from inservice.notifications import services as notify
from inservice.notifications.choices import Channel, DeliveryStatus, Kind
from inservice.notifications.delivery import attempt_delivery
from inservice.notifications.models import Delivery, Notification
from inservice.workflows import services
from inservice.workflows.models import Agreement
from inservice.workflows.tasks import remind_agreement_reviews
from inservice.workflows.tests.agreements_support import MONDAY, AgreementTestCase

# The review is on Saturday 1 May 2027: the leads hear from Saturday 17 April.
FIFTEEN_DAYS_BEFORE = datetime(2027, 4, 16, 6, 17, tzinfo=UTC)
FOURTEEN_DAYS_BEFORE = datetime(2027, 4, 17, 6, 17, tzinfo=UTC)


class ReviewReminderTests(AgreementTestCase):
    def setUp(self) -> None:
        super().setUp()
        with time_machine.travel(MONDAY, tick=False):
            self.agreement = self.agree()

    def remind(self, moment: datetime) -> int:
        with time_machine.travel(moment, tick=False), self.captureOnCommitCallbacks(execute=True):
            return int(remind_agreement_reviews.delay().get())

    def told(self) -> list[str]:
        return sorted(
            Notification.objects.filter(kind=Kind.AGREEMENT_REVIEW).values_list(
                "recipient__username", flat=True
            )
        )

    def test_it_tells_both_leads_two_weeks_before_and_only_once(self) -> None:
        self.assertEqual(self.remind(FIFTEEN_DAYS_BEFORE), 0)
        self.assertEqual(self.told(), [])
        self.assertEqual(self.remind(FOURTEEN_DAYS_BEFORE), 1)
        self.assertEqual(self.told(), ["bob", "erin"])  # the leads of IT and of Sales West
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox), ["bob@example.org", "erin@example.org"]
        )
        self.agreement.refresh_from_db()
        self.assertEqual(self.agreement.review_reminded_on, date(2027, 4, 17))
        for later in (FOURTEEN_DAYS_BEFORE, datetime(2027, 4, 20, 6, tzinfo=UTC)):
            self.assertEqual(self.remind(later), 0)
        self.assertEqual(self.told(), ["bob", "erin"])
        self.assertEqual(len(mail.outbox), 2)

    def test_the_email_names_the_agreement_its_sides_and_the_date(self) -> None:
        self.remind(FOURTEEN_DAYS_BEFORE)
        message = next(m for m in mail.outbox if m.to == ["erin@example.org"])
        assert isinstance(message, EmailMultiAlternatives)
        self.assertEqual(
            message.subject, "Agreement due for review on 1 May 2027: IT and Sales West"
        )
        self.assertIn(
            "between IT Service Desk (providing) and Sales West (receiving)", message.body
        )
        url = settings.SITE_URL + reverse("workflows:agreement_detail", args=[self.agreement.pk])
        self.assertIn(url, message.body)
        html = message.alternatives[0][0]
        self.assertIn(f'href="{url}"', str(html))

    def test_a_new_review_date_is_reminded_again(self) -> None:
        self.remind(FOURTEEN_DAYS_BEFORE)
        with time_machine.travel(datetime(2027, 5, 3, 9, tzinfo=UTC), tick=False):
            services.update_agreement(
                self.bob, self.agreement, self.draft(review_on=date(2027, 11, 1))
            )
        self.assertEqual(self.remind(datetime(2027, 10, 18, 6, tzinfo=UTC)), 1)
        self.assertEqual(Notification.objects.filter(recipient=self.erin).count(), 2)

    def test_an_overdue_review_never_reminded_is_reminded_at_once(self) -> None:
        Agreement.objects.filter(pk=self.agreement.pk).update(review_on=date(2026, 11, 20))
        self.assertEqual(self.remind(MONDAY), 1)
        self.assertEqual(self.told(), ["bob", "erin"])

    def test_it_follows_each_leads_preferences(self) -> None:
        notify.set_preferences(self.erin, {(Kind.AGREEMENT_REVIEW, Channel.EMAIL): False})
        self.remind(FOURTEEN_DAYS_BEFORE)
        self.assertEqual(self.told(), ["bob", "erin"])
        self.assertEqual([m.to for m in mail.outbox], [["bob@example.org"]])

    def test_no_email_for_an_agreement_ended_before_it_went(self) -> None:
        services.remind_review(self.agreement.pk, date(2027, 4, 17))  # no commit: nothing sent
        services.end_agreement(self.erin, self.agreement)
        delivery = Delivery.objects.filter(kind=Kind.AGREEMENT_REVIEW).first()
        assert delivery is not None
        self.assertEqual(attempt_delivery(delivery.pk).status, DeliveryStatus.SKIPPED)
        self.assertEqual(mail.outbox, [])

    def test_the_notification_list_links_to_the_agreement(self) -> None:
        self.remind(FOURTEEN_DAYS_BEFORE)
        self.login(self.bob)
        response = self.client.get(reverse("notifications:list"))
        self.assertContains(response, "A service agreement of your team is due for review")
        link = reverse("workflows:agreement_detail", args=[self.agreement.pk])
        self.assertContains(response, f'<a href="{link}">{self.agreement.title}</a>', html=True)

    def test_beat_runs_it_daily(self) -> None:
        tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
        self.assertIn("inservice.workflows.tasks.remind_agreement_reviews", tasks)
