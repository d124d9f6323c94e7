"""The request page as the requester and as the team see it."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.test import BaseTestCase
from inservice.tickets import services
from inservice.tickets.models import Ticket
from inservice.tickets.tests.support import streamed

HOSTILE = '<script>alert("x")</script> [click](javascript:alert(1)) {{ request.user.password }} {% now "Y" %}'


class RequestPageTests(BaseTestCase):
    def page(self, ticket: Ticket) -> str:
        response = self.client.get(reverse("tickets:detail", args=[ticket.key]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_it_shows_the_requester_replies_but_never_internal_notes(self) -> None:
        ticket = self.ask()
        services.reply(self.carol, ticket, "We ordered it.")
        services.reply(self.carol, ticket, "Supplier is slow, chase Friday", internal=True)
        self.login(self.alice)
        html = self.page(ticket)
        self.assertIn("We ordered it.", html)
        self.assertNotIn("Supplier is slow", html)
        self.assertNotIn("Internal note (only the teams see it)", html)
        self.login(self.carol)
        html = self.page(ticket)
        self.assertIn("Supplier is slow, chase Friday", html)

    def test_it_shows_the_team_the_requester_card(self) -> None:
        other = self.ask(subject="Docking station")
        ticket = self.ask(subject="Laptop")
        self.login(self.carol)
        html = self.page(ticket)
        self.assertIn("Sales West", html)
        self.assertIn("New York", html)
        self.assertIn("America/New_York", html)
        self.assertIn(other.key, html)  # their other open requests

    def test_it_shows_the_receiving_team_the_handoff_note_first(self) -> None:
        ticket = services.transfer(
            self.carol,
            self.ask(),
            self.payroll,
            "Payroll code missing for cost centre",
            reason="wrong_team",
        )
        self.login(self.dave)
        html = self.page(ticket)
        self.assertIn("Handed over from IT Service Desk", html)
        self.assertLess(html.index("Payroll code missing"), html.index("Timeline"))
        self.login(self.alice)
        html = self.page(ticket)
        self.assertNotIn("Payroll code missing", html)
        self.assertIn("moved it from IT Service Desk to Payroll", html)

    def test_it_offers_the_requester_only_their_moves(self) -> None:
        ticket = self.ask()
        self.login(self.alice)
        html = self.page(ticket)
        self.assertIn("Cancel request", html)
        self.assertNotIn(">Resolve<", html)
        self.assertNotIn("Transfer to another team", html)
        services.transition(self.carol, ticket, "resolve")
        html = self.page(ticket)
        self.assertIn("Reopen", html)
        self.assertIn("You can reopen it until", html)

    def test_it_renders_hostile_text_inert(self) -> None:
        ticket = self.ask(subject=HOSTILE, description=HOSTILE)
        services.reply(self.carol, ticket, HOSTILE)
        self.login(self.alice)
        html = self.page(ticket)
        self.assertNotIn("<script>alert", html)
        self.assertIn("&lt;script&gt;alert", html)  # the subject, as typed
        self.assertNotIn('href="javascript:', html)
        self.assertIn(
            '<a rel="noopener noreferrer nofollow">click</a>', html
        )  # the link lost its href
        self.assertIn("{{ request.user.password }}", html)  # shown as typed, never evaluated
        self.assertIn('{% now "Y" %}', html.replace("&quot;", '"'))

    def test_it_lets_the_requester_reply_through_htmx(self) -> None:
        ticket = self.ask()
        self.login(self.alice)
        response = self.client.post(
            reverse("tickets:reply", args=[ticket.key]),
            {"body": "Any news?"},
            HTTP_HX_REQUEST="true",
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["HX-Trigger"], "ticket-changed")
        response = self.client.post(
            reverse("tickets:reply", args=[ticket.key]), {"body": ""}, HTTP_HX_REQUEST="true"
        )
        self.assertContains(response, "This field is required.", status_code=422)
        self.assertEqual(ticket.entries.filter(kind="reply").count(), 1)

    def test_it_shows_a_refused_move_and_changes_nothing(self) -> None:
        ticket = self.ask()
        self.login(self.carol)
        response = self.client.post(
            reverse("tickets:transition", args=[ticket.key]), {"action": "close"}, follow=True
        )
        self.assertContains(response, "cannot be moved with")
        ticket.refresh_from_db()
        self.assertEqual(ticket.status, "new")

    def test_it_serves_attachments_as_downloads_that_are_never_sniffed(self) -> None:
        # An allowed extension with hostile content: the browser must still only download it.
        ticket = self.ask(
            files=[SimpleUploadedFile("page.txt", b"<script>x</script>", content_type="text/html")]
        )
        attachment = ticket.attachments.get()
        self.login(self.carol)
        response = self.client.get(
            reverse("tickets:attachment", args=[ticket.key, attachment.token])
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Content-Type"], "application/octet-stream")
        self.assertIn("attachment;", response["Content-Disposition"])
        self.assertEqual(streamed(response), b"<script>x</script>")

    def test_it_reads_the_page_with_a_bounded_number_of_queries(self) -> None:
        self.ask(subject="another")  # every part of the page has a row to read from the start
        ticket = self.ask(watchers=[self.bob])
        self.login(self.carol)

        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.page(ticket)
            return len(queries)

        before = count()
        for n in range(15):
            services.reply(
                self.carol if n % 2 else self.alice,
                ticket,
                f"message {n}",
                uploads=[SimpleUploadedFile(f"f{n}.txt", b"x")],
            )
            services.reply(self.carol, ticket, f"note {n}", internal=True)
            services.add_watcher(self.carol, ticket, self.grace if n % 2 else self.erin)
            self.ask(subject=f"other {n}")
        self.assertEqual(count(), before)

    def test_it_refreshes_the_timeline_partial_with_a_bounded_number_of_queries(self) -> None:
        ticket = self.ask()
        self.login(self.alice)
        url = reverse("tickets:timeline", args=[ticket.key])
        with CaptureQueriesContext(connection) as first:
            self.client.get(url, HTTP_HX_REQUEST="true")
        for n in range(20):
            services.reply(
                self.carol, ticket, f"update {n}", uploads=[SimpleUploadedFile(f"f{n}.txt", b"x")]
            )
        with CaptureQueriesContext(connection) as second:
            response = self.client.get(url, HTTP_HX_REQUEST="true")
        self.assertContains(response, "update 19")
        self.assertEqual(len(second), len(first))


class ConcurrentEditTests(BaseTestCase):
    def test_it_refuses_a_change_made_from_a_stale_page(self) -> None:
        ticket = self.ask()
        self.login(self.carol)
        seen = (
            self.client.get(reverse("tickets:detail", args=[ticket.key])).context["ticket"].version
        )
        services.assign(self.erin, ticket, self.erin)  # meanwhile, in another browser
        response = self.client.post(
            reverse("tickets:priority", args=[ticket.key]),
            {"priority": 1, "version": seen},
            HTTP_HX_REQUEST="true",
        )
        self.assertContains(response, "Someone else changed this request", status_code=422)
        ticket.refresh_from_db()
        self.assertEqual((ticket.priority, ticket.assignee), (3, self.erin))


class TimeZoneTests(BaseTestCase):
    def test_it_shows_every_time_in_the_viewers_own_zone(self) -> None:
        with time_machine.travel(dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC), tick=False):
            ticket = self.ask()
        self.login(self.alice)  # New York
        self.assertContains(
            self.client.get(reverse("tickets:detail", args=[ticket.key])), "20 Nov 2026, 07:00"
        )
        self.login(self.carol)  # Berlin
        response = self.client.get(reverse("tickets:detail", args=[ticket.key]))
        self.assertContains(response, "20 Nov 2026, 13:00")
        self.assertContains(response, "Times shown in Europe/Berlin.")
