"""The admin's view of the notification log: failed emails found and retried, secrets kept."""

from __future__ import annotations

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.notifications.choices import Channel, DeliveryStatus, Kind
from inservice.notifications.models import Delivery, Notification, Preference
from inservice.notifications.tasks import MAX_ATTEMPTS, send_delivery
from inservice.notifications.tests.support import NotificationTestCase
from inservice.org import services as org
from inservice.tickets import services as tickets

BROKEN = "inservice.notifications.tests.support.BrokenBackend"
DELIVERIES = reverse("admin:notifications_delivery_changelist")


class FailedDeliveryTests(NotificationTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.done(self.ask, self.bob, subject="Sent fine")
        with override_settings(EMAIL_BACKEND=BROKEN):
            self.ticket = self.done(self.ask, self.alice, subject="Docking station")
            self.failed = Delivery.objects.get(recipient=self.alice)
            for _ in range(MAX_ATTEMPTS):
                send_delivery.delay(self.failed.pk)
        mail.outbox.clear()
        self.login(self.root)

    def test_it_lists_failed_emails_with_their_error(self) -> None:
        response = self.client.get(DELIVERIES, {"status__exact": DeliveryStatus.FAILED})

        self.assertContains(response, "alice@example.org")
        self.assertContains(response, "ConnectionRefusedError: mail.example.org refused")
        self.assertNotContains(response, "bob@example.org")

    def test_it_finds_deliveries_by_address_and_event(self) -> None:
        by_address = self.client.get(DELIVERIES, {"q": "bob@example"})
        by_event = self.client.get(DELIVERIES, {"q": self.failed.event_key})

        self.assertEqual(
            [d.pk for d in by_address.context["cl"].result_list],
            [Delivery.objects.get(recipient=self.bob).pk],
        )
        self.assertEqual([d.pk for d in by_event.context["cl"].result_list], [self.failed.pk])

    def test_it_shows_a_failed_email_with_its_last_error(self) -> None:
        response = self.client.get(
            reverse("admin:notifications_delivery_change", args=[self.failed.pk])
        )

        self.assertContains(response, "refused the connection")
        self.assertContains(response, "Docking station")
        self.assertNotContains(response, 'name="_save"')  # a log: read, not edited

    def test_it_retries_a_failed_email_after_the_commit(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                DELIVERIES,
                {"action": "retry", ACTION_CHECKBOX_NAME: [self.failed.pk]},
                follow=True,
            )

        self.assertContains(response, "1 email will be sent again.")
        self.failed.refresh_from_db()
        self.assertEqual(self.failed.status, DeliveryStatus.SENT)
        self.assertEqual([m.to for m in mail.outbox], [["alice@example.org"]])

    def test_it_never_resends_a_sent_email(self) -> None:
        sent = Delivery.objects.get(recipient=self.bob)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                DELIVERIES, {"action": "retry", ACTION_CHECKBOX_NAME: [sent.pk]}, follow=True
            )

        self.assertContains(response, "0 emails will be sent again.")
        self.assertEqual(mail.outbox, [])

    def test_it_lists_deliveries_in_queries_that_do_not_grow_with_rows(self) -> None:
        with CaptureQueriesContext(connection) as few:
            self.client.get(DELIVERIES)
        for _ in range(5):
            self.done(self.ask, self.alice)
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(DELIVERIES)
        self.assertEqual(response.context["cl"].result_count, 7)
        self.assertEqual(len(many), len(few), "\n".join(q["sql"] for q in many.captured_queries))


class ConfidentialLogTests(NotificationTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.ticket = self.done(self.ask, self.alice, self.er_case, subject="About my manager")
        self.done(tickets.reply, self.frank, self.ticket, "Let us talk.")
        self.delivery = Delivery.objects.get(kind=Kind.REPLY)

    def test_a_superuser_outside_the_team_sees_the_key_only(self) -> None:
        self.login(self.root)
        pages = [
            self.client.get(DELIVERIES),
            self.client.get(
                reverse("admin:notifications_delivery_change", args=[self.delivery.pk])
            ),
            self.client.get(reverse("admin:notifications_notification_changelist")),
            self.client.get(
                reverse(
                    "admin:notifications_notification_change",
                    args=[Notification.objects.filter(kind=Kind.REPLY).get().pk],
                )
            ),
        ]
        for response in pages:
            self.assertEqual(response.status_code, 200)
            self.assertContains(response, self.ticket.key)
            self.assertNotContains(response, "About my manager")

    def test_a_superuser_in_the_team_sees_the_subject(self) -> None:
        org.add_member(self.er, self.root)
        self.login(self.root)

        response = self.client.get(
            reverse("admin:notifications_delivery_change", args=[self.delivery.pk])
        )

        self.assertContains(response, "About my manager")


class PreferenceAdminTests(NotificationTestCase):
    def test_it_lets_an_admin_switch_a_channel_back_on(self) -> None:
        self.login(self.root)
        self.client.post(reverse("notifications:preferences"), {})  # root: everything off
        pref = Preference.objects.get(person=self.root, kind=Kind.REPLY, channel="email")

        response = self.client.post(
            reverse("admin:notifications_preference_change", args=[pref.pk]), {"enabled": "on"}
        )

        self.assertEqual(response.status_code, 302)
        pref.refresh_from_db()
        self.assertTrue(pref.enabled)
        self.assertEqual(
            Preference.objects.filter(person=self.root).count(), len(Kind) * len(Channel)
        )
