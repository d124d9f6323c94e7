"""Transfers with handoff notes, links, duplicates and watchers."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from inservice.notifications.models import Notification
from inservice.test import BaseTestCase
from inservice.tickets import services
from inservice.tickets.choices import EntryKind, Status
from inservice.tickets.lifecycle import IllegalTransition
from inservice.tickets.models import Stint, TicketLink, Watcher


class TransferTests(BaseTestCase):
    def test_it_hands_the_request_to_the_other_team_with_its_note_first(self) -> None:
        ticket = services.transition(self.carol, self.ask(), "acknowledge")
        services.assign(self.carol, ticket, self.carol)
        with self.captureOnCommitCallbacks(execute=True):
            ticket = services.transfer(
                self.carol,
                ticket,
                self.payroll,
                "Needs a payroll code, laptop is fine",
                reason="next_step",
            )
        self.assertEqual(
            (ticket.team, ticket.assignee, ticket.status, ticket.transfer_count),
            (self.payroll, None, Status.NEW, 1),
        )
        self.assertEqual(ticket.key, "IT-1")  # the key stays
        handoff = services.latest_handoff(ticket)
        assert handoff is not None
        self.assertEqual(handoff.body, "Needs a payroll code, laptop is fine")
        self.assertTrue(handoff.is_internal)
        self.assertTrue(ticket.entries.filter(kind=EntryKind.MOVED, is_internal=False).exists())
        stints = list(Stint.objects.filter(ticket=ticket).values_list("team_id", flat=True))
        self.assertEqual(stints, [self.it.pk, self.payroll.pk])
        self.assertEqual(
            Stint.objects.filter(ticket=ticket, ended_at__isnull=True).get().team, self.payroll
        )
        told = set(
            Notification.objects.filter(kind="transferred").values_list(
                "recipient__username", flat=True
            )
        )
        self.assertEqual(told, {"dave", "grace"})

    def test_it_requires_a_note_and_another_team(self) -> None:
        ticket = self.ask()
        with self.assertRaises(ValidationError) as caught:
            services.transfer(self.carol, ticket, self.payroll, "  ", reason="other")
        self.assertIn("note", caught.exception.message_dict)
        with self.assertRaises(ValidationError):
            services.transfer(self.carol, ticket, self.it, "to myself", reason="other")
        with self.assertRaises(ValidationError):
            services.transfer(
                self.carol,
                ticket,
                self.payroll,
                "wrong service",
                reason="wrong_team",
                service=self.laptop,
            )
        with self.assertRaises(PermissionDenied):
            services.transfer(self.dave, ticket, self.payroll, "I want it", reason="other")
        ticket.refresh_from_db()
        self.assertEqual((ticket.team, ticket.transfer_count), (self.it, 0))

    def test_it_refuses_to_transfer_a_finished_request(self) -> None:
        ticket = services.transition(self.carol, self.ask(), "resolve")
        with self.assertRaises(IllegalTransition):
            services.transfer(self.carol, ticket, self.payroll, "too late", reason="other")

    def test_it_moves_the_service_when_one_is_named_and_never_downgrades_confidentiality(
        self,
    ) -> None:
        ticket = services.transfer(
            self.carol,
            self.ask(),
            self.payroll,
            "payroll",
            reason="wrong_team",
            service=self.payslip,
        )
        self.assertEqual(ticket.service, self.payslip)
        er = self.ask(service=self.er_case)
        moved = services.transfer(
            self.frank, er, self.payroll, "pay issue", reason="expertise", service=self.payslip
        )
        self.assertTrue(moved.is_confidential)


class LinkAndDuplicateTests(BaseTestCase):
    def test_it_links_two_visible_requests_once(self) -> None:
        a, b = self.ask(), self.ask()
        services.link(self.carol, b, a)
        services.link(self.carol, a, b)
        self.assertEqual(TicketLink.objects.count(), 1)
        self.assertEqual(services.linked_tickets(a), [b])
        self.assertEqual(services.linked_tickets(b), [a])

    def test_it_will_not_link_a_request_the_agent_cannot_see(self) -> None:
        hidden = self.ask(service=self.er_case)
        with self.assertRaises(ValidationError) as caught:
            services.link(self.carol, self.ask(), hidden)
        self.assertEqual(caught.exception.message_dict["other"], ["No request with that key."])

    def test_it_closes_a_duplicate_with_a_pointer_and_carries_watchers_over(self) -> None:
        original = self.ask(self.alice)
        dup = self.ask(self.bob, watchers=[self.grace])
        dup = services.mark_duplicate(self.carol, dup, original)
        self.assertEqual((dup.status, dup.duplicate_of), (Status.CLOSED, original))
        self.assertEqual(
            set(Watcher.objects.filter(ticket=original).values_list("person__username", flat=True)),
            {"bob", "grace"},
        )
        self.assertTrue(
            dup.entries.filter(
                kind=EntryKind.DUPLICATE, is_internal=False, data__key=original.key
            ).exists()
        )

    def test_it_points_a_duplicate_at_the_root_of_a_chain(self) -> None:
        root, middle, leaf = self.ask(), self.ask(), self.ask()
        services.mark_duplicate(self.carol, middle, root)
        leaf = services.mark_duplicate(self.carol, leaf, middle)
        self.assertEqual(leaf.duplicate_of, root)

    def test_it_refuses_a_request_as_its_own_duplicate(self) -> None:
        ticket = self.ask()
        with self.assertRaises(ValidationError):
            services.mark_duplicate(self.carol, ticket, ticket)


class WatcherTests(BaseTestCase):
    def test_it_lets_requester_and_team_add_watchers_but_not_outsiders(self) -> None:
        ticket = self.ask()
        services.add_watcher(self.alice, ticket, self.bob)
        services.add_watcher(self.carol, ticket, self.erin)
        with self.assertRaises(PermissionDenied):
            services.add_watcher(self.dave, ticket, self.grace)
        self.assertEqual(
            set(ticket.watchers.values_list("person__username", flat=True)), {"bob", "erin"}
        )

    def test_it_lets_only_the_team_add_watchers_to_a_confidential_request(self) -> None:
        ticket = self.ask(service=self.er_case)
        with self.assertRaises(PermissionDenied):
            services.add_watcher(self.alice, ticket, self.bob)
        services.add_watcher(self.frank, ticket, self.grace)
        self.assertTrue(ticket.watchers.filter(person=self.grace).exists())

    def test_it_lets_a_watcher_leave(self) -> None:
        ticket = self.ask(watchers=[self.bob])
        services.remove_watcher(self.bob, ticket, self.bob)
        self.assertFalse(ticket.watchers.exists())
