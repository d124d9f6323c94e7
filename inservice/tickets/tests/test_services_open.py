"""Opening a request: keys, validation, watchers, files, the first timeline entry."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from inservice.catalog import services as catalog
from inservice.notifications.models import Notification
from inservice.test import BaseTestCase
from inservice.tickets import services
from inservice.tickets.choices import EntryKind, Priority, Status
from inservice.tickets.models import Stint, Ticket


class OpenTicketTests(BaseTestCase):
    def test_it_gives_each_team_its_own_run_of_keys(self) -> None:
        first = self.ask()
        second = self.ask()
        payroll = self.ask(service=self.payslip)
        self.assertEqual((first.key, second.key, payroll.key), ("IT-1", "IT-2", "PAY-1"))
        self.it.refresh_from_db()
        self.assertEqual(self.it.ticket_counter, 2)

    def test_it_opens_new_with_the_service_default_priority_and_a_stint(self) -> None:
        catalog.update_service(self.laptop, default_priority=Priority.HIGH)
        ticket = self.ask()
        self.assertEqual(ticket.status, Status.NEW)
        self.assertEqual(ticket.priority, Priority.HIGH)
        self.assertEqual(ticket.team, self.it)
        self.assertEqual(
            list(Stint.objects.filter(ticket=ticket).values_list("team_id", "ended_at")),
            [(self.it.pk, None)],
        )
        self.assertEqual(list(ticket.entries.values_list("kind", flat=True)), [EntryKind.CREATED])

    def test_it_asks_on_behalf_of_someone_else(self) -> None:
        ticket = self.ask(self.alice, requester=self.bob)
        self.assertEqual((ticket.requester, ticket.submitted_by), (self.bob, self.alice))
        self.assertIn(ticket, Ticket.objects.asked_by(self.alice))
        self.assertIn(ticket, Ticket.objects.asked_by(self.bob))

    def test_it_refuses_an_empty_or_long_subject_and_creates_nothing(self) -> None:
        for subject in ("   ", "x" * 201):
            with self.subTest(subject=subject[:5]), self.assertRaises(ValidationError) as caught:
                self.ask(subject=subject)
            self.assertIn("subject", caught.exception.message_dict)
        self.assertFalse(Ticket.objects.exists())
        self.it.refresh_from_db()
        self.assertEqual(self.it.ticket_counter, 0)

    def test_it_refuses_a_service_outside_the_askers_audience(self) -> None:
        catalog.update_service(self.laptop, audience="teams", audience_teams=[self.payroll])
        with self.assertRaises(ValidationError) as caught:
            self.ask(self.alice)
        self.assertIn("service", caught.exception.message_dict)
        self.assertEqual(self.ask(self.dave).team, self.it)

    def test_it_refuses_watchers_from_the_requester_on_a_confidential_service(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            self.ask(service=self.er_case, watchers=[self.bob])
        self.assertIn("watchers", caught.exception.message_dict)

    def test_it_adds_watchers_but_not_the_requester_twice(self) -> None:
        ticket = self.ask(watchers=[self.bob, self.alice])
        self.assertEqual(list(ticket.watchers.values_list("person__username", flat=True)), ["bob"])

    @override_settings(ATTACHMENT_MAX_BYTES=10)
    def test_it_refuses_an_oversized_file_and_creates_nothing(self) -> None:
        big = SimpleUploadedFile("log.txt", b"x" * 11)
        with self.assertRaises(ValidationError):
            self.ask(files=[big])
        self.assertFalse(Ticket.objects.exists())

    def test_it_stores_files_on_the_first_timeline_entry(self) -> None:
        ticket = self.ask(
            files=[SimpleUploadedFile("screen.png", b"\x89PNG..!", content_type="image/png")]
        )
        attachment = ticket.attachments.get()
        self.assertEqual(
            (attachment.filename, attachment.size, attachment.is_internal), ("screen.png", 7, False)
        )
        assert attachment.entry is not None
        self.assertEqual(attachment.entry.kind, EntryKind.CREATED)
        self.assertNotIn("screen", str(attachment.file.name))  # stored under a random name

    def test_it_confirms_receipt_to_the_requester_and_the_asker(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            self.ask(self.alice, requester=self.bob)
        self.assertEqual(
            set(
                Notification.objects.filter(kind="received").values_list(
                    "recipient__username", flat=True
                )
            ),
            {"alice", "bob"},
        )

    def test_it_keeps_the_confidential_flag_even_if_the_service_changes_later(self) -> None:
        ticket = self.ask(service=self.er_case)
        catalog.update_service(self.er_case, is_confidential=False)
        ticket.refresh_from_db()
        self.assertTrue(ticket.is_confidential)


class NewRequestValidationTests(BaseTestCase):
    def test_it_refuses_an_inactive_service(self) -> None:
        catalog.update_service(self.laptop, is_active=False)
        with self.assertRaises(ValidationError):
            services.open_ticket(self.alice, services.NewRequest(service=self.laptop, subject="x"))

    def test_it_refuses_an_unknown_priority(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.open_ticket(
                self.alice, services.NewRequest(service=self.laptop, subject="x", priority=9)
            )
        self.assertIn("priority", caught.exception.message_dict)
