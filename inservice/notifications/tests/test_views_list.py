"""The notification list: newest first, paged, in bounded queries, never leaking a lost request."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.notifications.tests.support import NotificationTestCase
from inservice.notifications.views import PAGE_SIZE
from inservice.tickets import services as tickets

HTMX = {"HX-Request": "true"}


class ListTests(NotificationTestCase):
    def _asked_and_answered(self, n: int) -> None:
        for i in range(n):
            ticket = self.done(self.ask, self.alice, subject=f"Request {i}")
            self.done(tickets.reply, self.carol, ticket, "On its way.")

    def test_it_lists_my_notifications_newest_first(self) -> None:
        first = self.done(self.ask, self.alice, subject="Dock for my desk")
        self.done(tickets.reply, self.carol, first, "On its way.")
        self.done(self.ask, self.bob, subject="Bob's own thing")
        self.login(self.alice)

        response = self.client.get(reverse("notifications:list"))

        self.assertContains(response, f"{first.key} Dock for my desk", count=2)
        self.assertNotContains(response, "Bob's own thing")
        body = response.content.decode()
        self.assertLess(
            body.index("New reply on a request"), body.index("Your request was received")
        )
        self.assertContains(response, "Carol Agent")

    def test_it_answers_htmx_with_the_list_alone(self) -> None:
        self.done(self.ask, self.alice)
        self.login(self.alice)

        response = self.client.get(reverse("notifications:list"), headers=HTMX)

        self.assertContains(response, "Your request was received")
        self.assertNotContains(response, "<html")

    def test_it_pages_long_lists(self) -> None:
        for _ in range(PAGE_SIZE + 1):
            self.done(self.ask, self.alice)
        self.login(self.alice)

        first = self.client.get(reverse("notifications:list"))
        second = self.client.get(reverse("notifications:list"), {"page": 2})

        self.assertEqual(len(first.context["notifications"]), PAGE_SIZE)
        self.assertEqual(len(second.context["notifications"]), 1)
        self.assertContains(first, "?page=2")

    def test_it_reads_the_list_in_queries_that_do_not_grow_with_rows(self) -> None:
        self.login(self.alice)
        self._asked_and_answered(2)
        with CaptureQueriesContext(connection) as few:
            self.client.get(reverse("notifications:list"))
        self._asked_and_answered(6)
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(reverse("notifications:list"))
        self.assertEqual(len(response.context["notifications"]), 16)
        self.assertEqual(len(many), len(few), "\n".join(q["sql"] for q in many.captured_queries))

    def test_it_shows_only_the_key_of_a_request_i_may_no_longer_see(self) -> None:
        ticket = self.done(self.ask, self.alice, self.er_case, subject="About my manager")
        self.done(tickets.assign, self.frank, ticket, self.frank)
        self.done(tickets.reply, self.alice, ticket, "Thursday?")  # frank is told
        self.done(
            tickets.transfer,
            self.frank,
            ticket,
            self.payroll,
            "Pay grievance.",
            reason="wrong_team",
        )
        self.frank.forget_memberships()
        self.login(self.frank)

        response = self.client.get(reverse("notifications:list"))

        self.assertContains(response, ticket.key)
        self.assertContains(response, "no longer shared with you")
        self.assertNotContains(response, "About my manager")
