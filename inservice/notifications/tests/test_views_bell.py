"""The bell: the unread count on every page, its htmx partial, and marking notifications read."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.notifications.choices import Kind
from inservice.notifications.models import Notification
from inservice.notifications.tests.support import NotificationTestCase
from inservice.tickets import services as tickets

HTMX = {"HX-Request": "true"}


class BellTests(NotificationTestCase):
    def test_it_counts_unread_notifications_in_the_partial_and_on_pages(self) -> None:
        self.done(self.ask, self.alice)
        self.done(self.ask, self.alice)
        self.login(self.alice)

        response = self.client.get(reverse("notifications:bell"), headers=HTMX)
        self.assertContains(response, '<span class="count">2</span>', html=True)
        self.assertContains(response, "2 unread notifications")
        self.assertNotContains(response, "<html")
        page = self.client.get(reverse("tickets:mine"))
        self.assertContains(page, '<span class="count">2</span>', html=True)

    def test_it_says_there_is_nothing_unread(self) -> None:
        self.login(self.bob)
        response = self.client.get(reverse("notifications:bell"), headers=HTMX)
        self.assertContains(response, "No unread notifications")
        self.assertNotContains(response, 'class="count"')

    def test_it_counts_in_queries_that_do_not_grow_with_notifications(self) -> None:
        self.login(self.alice)
        self.done(self.ask, self.alice)
        with CaptureQueriesContext(connection) as few:
            self.client.get(reverse("notifications:bell"), headers=HTMX)
        for _ in range(6):
            self.done(self.ask, self.alice)
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(reverse("notifications:bell"), headers=HTMX)
        self.assertContains(response, '<span class="count">7</span>', html=True)
        self.assertEqual(len(many), len(few), "\n".join(q["sql"] for q in many.captured_queries))


class MarkReadTests(NotificationTestCase):
    def setUp(self) -> None:
        super().setUp()
        ticket = self.done(self.ask, self.alice, watchers=[self.bob])
        self.done(tickets.reply, self.carol, ticket, "On its way.")
        self.received = Notification.objects.get(recipient=self.alice, kind=Kind.RECEIVED)
        self.reply = Notification.objects.get(recipient=self.alice, kind=Kind.REPLY)
        self.bobs = Notification.objects.get(recipient=self.bob)

    def test_it_marks_the_chosen_notifications_read(self) -> None:
        self.login(self.alice)
        response = self.client.post(
            reverse("notifications:mark_read"), {"ids": [self.reply.pk]}, headers=HTMX
        )

        self.assertEqual(response.status_code, 204)
        self.assertEqual(response["HX-Trigger"], "notifications-read")
        unread = set(Notification.objects.unread().values_list("pk", flat=True))
        self.assertEqual(unread, {self.received.pk, self.bobs.pk})

    def test_it_marks_all_of_mine_read_and_returns_to_the_list(self) -> None:
        self.login(self.alice)
        response = self.client.post(reverse("notifications:mark_read"))

        self.assertRedirects(response, reverse("notifications:list"), status_code=303)
        self.assertFalse(Notification.objects.for_person(self.alice).unread().exists())
        self.assertIsNone(Notification.objects.get(pk=self.bobs.pk).read_at)

    def test_it_never_marks_someone_elses_notifications(self) -> None:
        self.login(self.alice)
        self.client.post(
            reverse("notifications:mark_read"), {"ids": [self.bobs.pk, "x"]}, headers=HTMX
        )

        self.assertIsNone(Notification.objects.get(pk=self.bobs.pk).read_at)

    def test_it_changes_nothing_on_get(self) -> None:
        self.login(self.alice)
        response = self.client.get(reverse("notifications:mark_read"))

        self.assertEqual(response.status_code, 405)
        self.assertEqual(Notification.objects.unread().count(), 3)

    def test_it_asks_who_you_are_first(self) -> None:
        response = self.client.post(reverse("notifications:mark_read"))

        self.assertEqual(response.status_code, 302)
        self.assertEqual(Notification.objects.unread().count(), 3)
