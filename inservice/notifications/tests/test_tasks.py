"""The delivery log: every email sent once, failures retried and then recorded, nothing lost."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from inservice.notifications import services as notifications
from inservice.notifications.choices import DeliveryStatus, Kind
from inservice.notifications.models import Delivery, Notification
from inservice.notifications.tasks import (
    MAX_ATTEMPTS,
    fan_out,
    retry_stalled_deliveries,
    send_delivery,
)
from inservice.notifications.tests.support import NotificationTestCase
from inservice.tickets import services as tickets

BROKEN = "inservice.notifications.tests.support.BrokenBackend"


class IdempotenceTests(NotificationTestCase):
    def test_it_creates_nothing_new_when_an_event_fans_out_twice(self) -> None:
        ticket = self.done(self.ask, self.alice, watchers=[self.bob])
        entry = self.done(tickets.reply, self.carol, ticket, "On its way.")
        before = (Notification.objects.count(), Delivery.objects.count(), len(mail.outbox))

        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            created = fan_out(Kind.REPLY, entry.pk)

        self.assertEqual(created, 0)
        self.assertEqual(callbacks, [])  # no email queued again
        after = (Notification.objects.count(), Delivery.objects.count(), len(mail.outbox))
        self.assertEqual(after, before)

    def test_it_sends_one_email_when_a_delivery_runs_twice(self) -> None:
        self.queued(self.ask, self.alice)
        delivery = Delivery.objects.get()

        first = send_delivery.delay(delivery.pk).get()
        second = send_delivery.delay(delivery.pk).get()

        self.assertEqual((first, second), (DeliveryStatus.SENT, DeliveryStatus.SENT))
        self.assertEqual(len(mail.outbox), 1)
        delivery.refresh_from_db()
        self.assertEqual(delivery.attempts, 1)

    def test_it_ignores_an_event_or_delivery_that_no_longer_exists(self) -> None:
        self.assertEqual(fan_out(Kind.REPLY, 987654), 0)
        self.assertEqual(send_delivery.delay(987654).get(), "missing")


class OnCommitTests(NotificationTestCase):
    def test_it_tells_people_only_once_the_change_is_committed(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            self.ask(self.alice)
            self.assertFalse(Notification.objects.exists())
            self.assertFalse(Delivery.objects.exists())

        self.assertEqual(self.told(Kind.RECEIVED), {"alice"})
        self.assertEqual(len(mail.outbox), 1)

    def test_it_tells_nobody_about_a_change_that_was_rolled_back(self) -> None:
        with (
            self.captureOnCommitCallbacks(execute=True),
            self.assertRaises(RuntimeError),
            transaction.atomic(),
        ):
            self.ask(self.alice)
            raise RuntimeError("the request fails after the ticket was written")

        self.assertFalse(Notification.objects.exists())
        self.assertFalse(Delivery.objects.exists())
        self.assertEqual(mail.outbox, [])


class OutcomeTests(NotificationTestCase):
    def test_it_logs_a_sent_email(self) -> None:
        ticket = self.done(self.ask, self.alice)

        delivery = Delivery.objects.get()
        self.assertEqual(delivery.status, DeliveryStatus.SENT)
        self.assertEqual(delivery.attempts, 1)
        self.assertIsNotNone(delivery.sent_at)
        self.assertEqual(delivery.last_error, "")
        self.assertEqual(delivery.to_address, "alice@example.org")
        self.assertIn(ticket.key, delivery.subject)
        self.assertEqual(delivery.subject, mail.outbox[0].subject)

    @override_settings(EMAIL_BACKEND=BROKEN)
    def test_it_keeps_a_failed_email_pending_with_its_error_and_next_attempt(self) -> None:
        self.done(self.ask, self.alice)

        delivery = Delivery.objects.get()
        self.assertEqual(delivery.status, DeliveryStatus.PENDING)
        self.assertEqual(delivery.attempts, 1)
        self.assertIn("ConnectionRefusedError: mail.example.org refused", delivery.last_error)
        self.assertGreater(delivery.next_attempt_at, timezone.now())

    @override_settings(EMAIL_BACKEND=BROKEN)
    def test_it_gives_up_after_max_attempts_and_says_why(self) -> None:
        self.done(self.ask, self.alice)
        delivery = Delivery.objects.get()
        for _ in range(MAX_ATTEMPTS + 2):
            send_delivery.delay(delivery.pk)

        delivery.refresh_from_db()
        self.assertEqual(delivery.status, DeliveryStatus.FAILED)
        self.assertEqual(delivery.attempts, MAX_ATTEMPTS)
        self.assertIn("refused the connection", delivery.last_error)
        self.assertIsNone(delivery.sent_at)

    def test_it_skips_an_email_whose_recipient_can_no_longer_see_the_request(self) -> None:
        ticket = self.done(self.ask, self.alice, watchers=[self.bob])
        self.queued(tickets.reply, self.carol, ticket, "On its way.")
        tickets.remove_watcher(self.bob, ticket, self.bob)
        mail.outbox.clear()
        bobs = Delivery.objects.get(kind=Kind.REPLY, recipient=self.bob)

        self.assertEqual(send_delivery.delay(bobs.pk).get(), DeliveryStatus.SKIPPED)

        bobs.refresh_from_db()
        self.assertEqual(bobs.status, DeliveryStatus.SKIPPED)
        self.assertIn("no longer see", bobs.last_error)
        self.assertEqual(mail.outbox, [])
        # Skipped is final: running it again sends nothing either.
        send_delivery.delay(bobs.pk)
        self.assertEqual(mail.outbox, [])


class StalledTests(NotificationTestCase):
    def test_it_resends_pending_emails_whose_attempt_is_overdue(self) -> None:
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            self.queued(self.ask, self.alice)  # lost: its send never ran
            stalled = Delivery.objects.get()
        with time_machine.travel(start + timedelta(minutes=30), tick=False):
            self.queued(self.ask, self.bob)  # just queued: not overdue
            fresh = Delivery.objects.exclude(pk=stalled.pk).get()

            self.assertEqual(retry_stalled_deliveries.delay().get(), 1)

        stalled.refresh_from_db()
        fresh.refresh_from_db()
        self.assertEqual(stalled.status, DeliveryStatus.SENT)
        self.assertEqual(fresh.status, DeliveryStatus.PENDING)
        self.assertEqual([m.to for m in mail.outbox], [["alice@example.org"]])

    def test_it_leaves_sent_failed_and_skipped_emails_alone(self) -> None:
        self.done(self.ask, self.alice)
        with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
            self.assertEqual(retry_stalled_deliveries.delay().get(), 0)
        self.assertEqual(len(mail.outbox), 1)


class RetryTests(NotificationTestCase):
    def _failed(self) -> Delivery:
        with override_settings(EMAIL_BACKEND=BROKEN):
            self.done(self.ask, self.alice)
            delivery = Delivery.objects.get()
            for _ in range(MAX_ATTEMPTS):
                send_delivery.delay(delivery.pk)
        delivery.refresh_from_db()
        self.assertEqual(delivery.status, DeliveryStatus.FAILED)
        return delivery

    def test_it_sends_a_failed_email_again_after_the_commit(self) -> None:
        delivery = self._failed()

        with self.captureOnCommitCallbacks(execute=True):
            self.assertTrue(notifications.retry_delivery(delivery.pk))
            self.assertEqual(mail.outbox, [])  # nothing leaves before the commit

        delivery.refresh_from_db()
        self.assertEqual(delivery.status, DeliveryStatus.SENT)
        self.assertEqual(delivery.attempts, 1)
        self.assertEqual(len(mail.outbox), 1)

    def test_it_never_resends_a_sent_email(self) -> None:
        self.done(self.ask, self.alice)
        delivery = Delivery.objects.get()

        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            self.assertFalse(notifications.retry_delivery(delivery.pk))

        self.assertEqual(callbacks, [])
        self.assertEqual(len(mail.outbox), 1)
