"""The emails people get, rendered through the real path: service action, commit, task, outbox."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from django.core import mail
from django.test import override_settings

from inservice.notifications.tests.support import (
    HOSTILE_BODY,
    HOSTILE_SUBJECT,
    NotificationTestCase,
)
from inservice.tickets import services as tickets
from inservice.tickets.lifecycle import Action

# 09:30 in New York (alice), 15:30 in Berlin (carol, dave).
NOON_ISH = datetime(2025, 1, 15, 14, 30, tzinfo=UTC)


@time_machine.travel(NOON_ISH, tick=False)
class EmailContentTests(NotificationTestCase):
    def test_it_confirms_a_request_with_its_key_and_the_service_targets(self) -> None:
        ticket = self.done(self.ask, self.alice)

        (message,) = mail.outbox
        self.assertEqual(message.to, ["alice@example.org"])
        self.assertEqual(message.subject, f"[{ticket.key}] We have your request: {ticket.subject}")
        html = self.html_of(message)
        for part in (message.body, html):
            self.assertIn(ticket.key, part)
            self.assertIn("First response within 4 business hours", part)
            self.assertIn("Resolved within 5 business days", part)
            self.assertIn(f"http://127.0.0.1:8000/requests/{ticket.key}/", part)
            self.assertIn("http://127.0.0.1:8000/notifications/settings/", part)
            self.assertIn("15 Jan 2025, 09:30 EST", part)  # alice's time, not UTC

    def test_it_carries_a_public_reply_as_text_and_as_safe_html(self) -> None:
        ticket = self.done(self.ask, self.alice)
        mail.outbox.clear()
        self.done(tickets.reply, self.carol, ticket, "Your laptop is **ready**.\n\n- bag\n- dock")

        (message,) = mail.outbox
        self.assertEqual(message.subject, f"[{ticket.key}] Carol Agent replied: {ticket.subject}")
        self.assertIn("Your laptop is **ready**.", message.body)
        html = self.html_of(message)
        self.assertIn("<strong>ready</strong>", html)
        self.assertIn("<li>dock</li>", html)

    def test_it_asks_the_requester_for_an_answer_with_the_agents_question(self) -> None:
        ticket = self.done(self.ask, self.alice)
        mail.outbox.clear()
        self.done(tickets.transition, self.carol, ticket, Action.WAIT, message="Which *colour*?")

        (message,) = mail.outbox
        self.assertEqual(message.subject, f"[{ticket.key}] Waiting on you: {ticket.subject}")
        self.assertIn("Which *colour*?", message.body)
        self.assertIn("Which <em>colour</em>?", self.html_of(message))
        self.assertIn("Waiting on requester", message.body)

    @override_settings(REOPEN_WINDOW_DAYS=14)
    def test_it_tells_a_request_is_resolved_and_until_when_it_can_be_reopened(self) -> None:
        ticket = self.done(self.ask, self.alice)
        mail.outbox.clear()
        self.done(tickets.transition, self.carol, ticket, Action.RESOLVE, message="Delivered.")

        (message,) = mail.outbox
        self.assertEqual(message.subject, f"[{ticket.key}] Resolved: {ticket.subject}")
        for part in (message.body, self.html_of(message)):
            self.assertIn("Delivered.", part)
            self.assertIn("until 29 Jan 2025", part)

    def test_it_tells_an_agent_a_request_is_theirs_in_their_own_time_zone(self) -> None:
        ticket = self.done(self.ask, self.alice)
        mail.outbox.clear()
        self.done(tickets.assign, self.erin, ticket, self.carol)

        (message,) = mail.outbox
        self.assertEqual(message.to, ["carol@example.org"])
        self.assertEqual(message.subject, f"[{ticket.key}] Assigned to you: {ticket.subject}")
        for part in (message.body, self.html_of(message)):
            self.assertIn("Erin Lead assigned", part)
            self.assertIn("15 Jan 2025, 15:30 CET", part)

    def test_it_gives_the_receiving_team_the_handoff_note_and_the_requester_nothing(self) -> None:
        ticket = self.done(self.ask, self.alice)
        mail.outbox.clear()
        self.done(
            tickets.transfer,
            self.carol,
            ticket,
            self.payroll,
            "Bonus missing, not IT.",
            reason="wrong_team",
        )

        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox), ["dave@example.org", "grace@example.org"]
        )
        message = self.outbox_to(self.dave)[0]
        self.assertEqual(
            message.subject, f"[{ticket.key}] Transferred to Payroll: {ticket.subject}"
        )
        for part in (message.body, self.html_of(message)):
            self.assertIn("Bonus missing, not IT.", part)
            self.assertIn("from IT Service Desk to Payroll", part)

    def test_an_internal_note_is_in_no_email(self) -> None:
        ticket = self.done(self.ask, self.alice, watchers=[self.bob])
        mail.outbox.clear()
        self.done(tickets.reply, self.carol, ticket, "Secret budget code 4711", internal=True)
        self.done(tickets.reply, self.carol, ticket, "Ordered.")

        self.assertEqual(len(mail.outbox), 2)  # alice and bob, for the public reply
        for message in mail.outbox:
            self.assertNotIn("4711", message.body)
            self.assertNotIn("4711", self.html_of(message))


class HostileTextTests(NotificationTestCase):
    def test_it_keeps_hostile_subject_and_reply_inert_in_every_part(self) -> None:
        ticket = self.done(self.ask, self.alice, subject=HOSTILE_SUBJECT)
        self.done(tickets.reply, self.carol, ticket, HOSTILE_BODY)

        for message in mail.outbox:
            # The subject is plain text: the characters stay, the template syntax is not run.
            self.assertIn("{{ person.email }} {% now 'Y' %}", message.subject)
            self.assertNotIn("alice@example.org", message.subject)
            html = self.html_of(message)
            self.assertNotIn("<script", html)
            self.assertNotIn("javascript:", html)
            self.assertIn("&lt;script&gt;alert(&#x27;s&#x27;)&lt;/script&gt;", html)
            self.assertIn("{{ person.email }}", html)
        reply = mail.outbox[-1]
        self.assertIn("{{ ticket.key }} {% debug %}", reply.body)
        html = self.html_of(reply)
        self.assertIn("{{ ticket.key }} {% debug %} <strong>bold</strong>", html)
        self.assertIn("click me", html)
        self.assertNotIn("alert('b')", html)

    def test_it_keeps_a_subject_on_one_header_line(self) -> None:
        ticket = self.done(self.ask, self.alice, subject="Laptop\r\nBcc: everyone@example.org")

        (message,) = mail.outbox
        self.assertNotIn("\n", message.subject)
        self.assertEqual(message.bcc, [])
        self.assertIn(ticket.key, message.message()["Subject"])
