"""Serving a request: moves, replies and notes, assignment, priority, stale edits."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from inservice.notifications.models import Notification
from inservice.test import BaseTestCase
from inservice.tickets import services
from inservice.tickets.choices import EntryKind, Priority, Status
from inservice.tickets.lifecycle import IllegalTransition
from inservice.tickets.tasks import close_resolved_tickets


class TransitionTests(BaseTestCase):
    def test_it_moves_through_the_lifecycle_and_records_each_move(self) -> None:
        ticket = self.ask()
        for action, status in (
            ("acknowledge", Status.ACKNOWLEDGED),
            ("start", Status.IN_PROGRESS),
            ("resolve", Status.RESOLVED),
        ):
            ticket = services.transition(self.carol, ticket, action)
            self.assertEqual(ticket.status, status)
        ticket.refresh_from_db()
        self.assertIsNotNone(ticket.resolved_at)
        moves = list(
            ticket.entries.filter(kind=EntryKind.STATUS).values_list("data__from", "data__to")
        )
        self.assertEqual(
            moves,
            [("new", "acknowledged"), ("acknowledged", "in_progress"), ("in_progress", "resolved")],
        )

    def test_it_refuses_an_illegal_move_with_a_message_and_changes_nothing(self) -> None:
        ticket = self.ask()
        with self.assertRaises(IllegalTransition) as caught:
            services.transition(self.carol, ticket, "close")
        self.assertIn("New", caught.exception.message)
        ticket.refresh_from_db()
        self.assertEqual((ticket.status, ticket.entries.count()), (Status.NEW, 1))

    def test_it_lets_the_requester_cancel_but_not_resolve(self) -> None:
        ticket = self.ask()
        with self.assertRaises(IllegalTransition):
            services.transition(self.alice, ticket, "resolve")
        self.assertEqual(services.transition(self.alice, ticket, "cancel").status, Status.CANCELLED)

    def test_it_refuses_people_who_neither_ask_nor_serve(self) -> None:
        ticket = self.ask()
        for outsider in (self.bob, self.dave):
            with self.subTest(outsider=outsider.username), self.assertRaises(PermissionDenied):
                services.transition(outsider, ticket, "acknowledge")

    def test_it_lets_the_requester_reopen_within_the_window_only(self) -> None:
        ticket = services.transition(self.carol, self.ask(), "resolve")
        with time_machine.travel(timezone.now() + timedelta(days=3), tick=False):
            self.assertEqual(
                services.transition(self.alice, ticket, "reopen").status, Status.IN_PROGRESS
            )
        services.transition(self.carol, ticket, "resolve")
        with (
            time_machine.travel(timezone.now() + timedelta(days=8), tick=False),
            self.assertRaises(IllegalTransition) as caught,
        ):
            services.transition(self.alice, ticket, "reopen")
        self.assertIn("7 days", caught.exception.message)

    def test_it_tells_the_requester_when_a_request_waits_on_them_or_is_resolved(self) -> None:
        ticket = self.ask()
        with self.captureOnCommitCallbacks(execute=True):
            services.transition(self.carol, ticket, "wait", message="Which floor are you on?")
            services.transition(self.carol, ticket, "resolve")
        kinds = list(
            Notification.objects.filter(recipient=self.alice)
            .values_list("kind", flat=True)
            .order_by("id")
        )
        self.assertEqual(kinds[-2:], ["waiting", "resolved"])
        self.assertTrue(
            ticket.entries.filter(kind=EntryKind.REPLY, body="Which floor are you on?").exists()
        )

    def test_it_refuses_a_stale_edit(self) -> None:
        ticket = self.ask()
        seen = ticket.version
        services.assign(self.carol, ticket, self.carol)
        with self.assertRaises(ValidationError) as caught:
            services.transition(self.erin, ticket, "acknowledge", version=seen)
        self.assertIn("Someone else changed this request", caught.exception.messages[0])

    def test_it_closes_resolved_requests_after_the_window_once(self) -> None:
        ticket = services.transition(self.carol, self.ask(), "resolve")
        other = self.ask()
        self.assertEqual(close_resolved_tickets(), 0)
        with time_machine.travel(timezone.now() + timedelta(days=8), tick=False):
            self.assertEqual(close_resolved_tickets(), 1)
            self.assertFalse(services.close_resolved(ticket.pk))  # already closed: nothing happens
        ticket.refresh_from_db()
        other.refresh_from_db()
        self.assertEqual((ticket.status, other.status), (Status.CLOSED, Status.NEW))
        self.assertIsNotNone(ticket.closed_at)
        self.assertEqual(
            ticket.entries.filter(kind=EntryKind.STATUS, actor__isnull=True).count(), 1
        )


class ReplyTests(BaseTestCase):
    def test_it_keeps_internal_notes_to_the_team(self) -> None:
        ticket = self.ask()
        with self.assertRaises(PermissionDenied):
            services.reply(self.alice, ticket, "let me see notes", internal=True)
        note = services.reply(self.carol, ticket, "Stock is low", internal=True)
        self.assertTrue(note.is_internal)
        self.assertNotIn(note, ticket.entries.public())

    def test_it_moves_a_waiting_request_back_to_the_team_when_the_requester_answers(self) -> None:
        ticket = services.transition(self.carol, self.ask(), "wait")
        services.reply(self.alice, ticket, "Third floor")
        ticket.refresh_from_db()
        self.assertEqual(ticket.status, Status.IN_PROGRESS)

    def test_it_refuses_an_empty_reply_and_replies_to_closed_requests(self) -> None:
        ticket = self.ask()
        with self.assertRaises(ValidationError):
            services.reply(self.carol, ticket, "   ")
        services.transition(self.alice, ticket, "cancel")
        with self.assertRaises(IllegalTransition):
            services.reply(self.alice, ticket, "Actually...")
        self.assertEqual(ticket.entries.filter(kind=EntryKind.REPLY).count(), 0)

    def test_it_refuses_replies_from_people_who_cannot_see_the_request(self) -> None:
        with self.assertRaises(PermissionDenied):
            services.reply(self.bob, self.ask(), "me too")

    def test_it_lets_a_watcher_reply(self) -> None:
        ticket = self.ask(watchers=[self.bob])
        self.assertEqual(services.reply(self.bob, ticket, "Me too").kind, EntryKind.REPLY)


class AssignAndPriorityTests(BaseTestCase):
    def test_it_assigns_only_members_of_the_holding_team(self) -> None:
        ticket = self.ask()
        with self.assertRaises(ValidationError) as caught:
            services.assign(self.carol, ticket, self.dave)
        self.assertIn("assignee", caught.exception.message_dict)
        with self.assertRaises(PermissionDenied):
            services.assign(self.dave, ticket, self.dave)
        with self.captureOnCommitCallbacks(execute=True):
            services.assign(self.erin, ticket, self.carol)
        ticket.refresh_from_db()
        self.assertEqual(ticket.assignee, self.carol)
        self.assertTrue(Notification.objects.filter(recipient=self.carol, kind="assigned").exists())

    def test_it_does_not_notify_someone_who_takes_a_request(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            services.assign(self.carol, self.ask(), self.carol)
        self.assertFalse(
            Notification.objects.filter(recipient=self.carol, kind="assigned").exists()
        )

    def test_it_bulk_assigns_only_requests_of_the_team(self) -> None:
        mine = [self.ask(), self.ask()]
        payroll = self.ask(service=self.payslip)
        changed = services.bulk_assign(
            self.carol, self.it, [t.key for t in mine] + [payroll.key], self.carol
        )
        self.assertEqual(changed, 2)
        payroll.refresh_from_db()
        self.assertIsNone(payroll.assignee)

    def test_it_changes_priority_with_a_timeline_entry(self) -> None:
        ticket = services.change_priority(self.carol, self.ask(), Priority.URGENT)
        self.assertEqual(ticket.priority, Priority.URGENT)
        entry = ticket.entries.get(kind=EntryKind.PRIORITY)
        self.assertEqual(entry.data, {"from": Priority.NORMAL, "to": Priority.URGENT})
        with self.assertRaises(ValidationError):
            services.change_priority(self.carol, ticket, 42)


class VersionTests(BaseTestCase):
    def test_it_keeps_the_version_on_a_reply_and_bumps_it_on_a_change(self) -> None:
        ticket = self.ask()
        seen = ticket.version
        services.reply(self.carol, ticket, "On it")
        services.change_priority(self.carol, ticket, Priority.HIGH, version=seen)  # not stale
        with self.assertRaises(ValidationError):
            services.change_priority(self.carol, ticket, Priority.LOW, version=seen)
