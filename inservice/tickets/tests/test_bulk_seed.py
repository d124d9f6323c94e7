"""Seeding at scale (`seed_scale`) and the bulk write path it uses: consistent data, always."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from inservice.catalog.intake import IntakeForm, json_to_form_data
from inservice.org.models import Team
from inservice.test import BaseTestCase
from inservice.tickets.bulk import BulkWriter, HistoryEntry, HistoryRequest, HistoryWatcher
from inservice.tickets.choices import EntryKind, Status
from inservice.tickets.models import Stint, Ticket, TimelineEntry, Watcher


def seed(requests: int) -> str:
    out = StringIO()
    call_command("seed_scale", requests=requests, batch_size=70, stdout=out)
    return out.getvalue()


class SeedScaleTests(BaseTestCase):
    def test_it_adds_exactly_the_requests_asked_for_with_unique_keys(self) -> None:
        self.ask()  # one request opened the usual way first
        output = seed(300)
        self.assertIn("Seeded 300 requests", output)
        self.assertEqual(Ticket.objects.count(), 301)
        keys = list(Ticket.objects.values_list("key", flat=True))
        self.assertEqual(len(keys), len(set(keys)))

    def test_it_advances_each_team_counter_to_its_last_key(self) -> None:
        seed(300)
        numbers: dict[str, list[int]] = {}
        for key in Ticket.objects.values_list("key", flat=True):
            prefix, number = key.rsplit("-", 1)
            numbers.setdefault(prefix, []).append(int(number))
        for team in Team.objects.filter(key_prefix__in=numbers):
            taken = sorted(numbers[team.key_prefix])
            self.assertEqual(taken, list(range(1, len(taken) + 1)), team.key_prefix)
            self.assertEqual(team.ticket_counter, taken[-1], team.key_prefix)
        after = self.ask()
        self.assertEqual(after.key, f"IT-{len(numbers['IT']) + 1}")

    def test_it_writes_about_six_entries_a_request_each_starting_with_its_opening(self) -> None:
        seed(300)
        per_ticket = dict(Ticket.objects.annotate(n=Count("entries")).values_list("key", "n"))
        self.assertGreaterEqual(min(per_ticket.values()), 1)
        self.assertTrue(4 <= sum(per_ticket.values()) / 300 <= 9)
        first_kinds = {
            TimelineEntry.objects.filter(ticket=t)
            .order_by("created_at", "id")
            .values_list("kind", flat=True)
            .first()
            for t in Ticket.objects.all()[:60]
        }
        self.assertEqual(first_kinds, {EntryKind.CREATED})

    def test_it_keeps_status_dates_stints_and_duplicates_consistent(self) -> None:
        seed(300)
        now = timezone.now()
        for ticket in Ticket.objects.prefetch_related("stints"):
            self.assertLessEqual(ticket.created_at, now)
            stints = list(ticket.stints.all())
            self.assertEqual(len(stints), ticket.transfer_count + 1, ticket.key)
            self.assertEqual((stints[-1].team_id, stints[-1].ended_at), (ticket.team_id, None))
            self.assertTrue(ticket.key.startswith(stints[0].team.key_prefix + "-"), ticket.key)
            if ticket.status == Status.CLOSED:
                self.assertIsNotNone(ticket.closed_at, ticket.key)
            if ticket.status == Status.RESOLVED:
                self.assertIsNotNone(ticket.resolved_at, ticket.key)
            if ticket.duplicate_of_id:
                self.assertEqual(ticket.status, Status.CLOSED)
                self.assertLess(ticket.duplicate_of_id, ticket.pk)
        statuses = set(Ticket.objects.values_list("status", flat=True))
        self.assertIn(Status.CLOSED, statuses)

    def test_it_answers_each_service_form_as_the_portal_would_accept(self) -> None:
        seed(300)
        for ticket in Ticket.objects.filter(transfer_count=0).select_related("service"):
            specs = list(ticket.service.fields.all())
            answers = {k: v["id"] if isinstance(v, dict) else v for k, v in ticket.answers.items()}
            given = json_to_form_data(specs, answers)
            form = IntakeForm(specs, data=given.data, files=given.files)
            self.assertEqual((given.errors, form.errors), ({}, {}), ticket.key)

    def test_it_puts_no_notification_on_the_queue(self) -> None:
        with self.captureOnCommitCallbacks() as callbacks:
            seed(50)
        self.assertEqual(callbacks, [])


class BulkWriterTests(BaseTestCase):
    def history(self, subject: str, **kwargs: Any) -> HistoryRequest:
        asked = timezone.now() - timedelta(days=3)
        return HistoryRequest(
            team_id=self.it.pk,
            service_id=self.laptop.pk,
            requester_id=self.alice.pk,
            submitted_by_id=self.alice.pk,
            subject=subject,
            created_at=asked,
            answers={"model": "Standard"},
            entries=[
                HistoryEntry(EntryKind.CREATED, asked, self.alice.pk),
                HistoryEntry(EntryKind.NOTE, asked + timedelta(hours=1), self.carol.pk, "Hi", True),
                HistoryEntry(EntryKind.REPLY, asked + timedelta(hours=2), self.carol.pk, "Done"),
            ],
            **kwargs,
        )

    def test_it_writes_requests_in_batches_with_their_entries_stints_and_watchers(self) -> None:
        batches: list[tuple[int, int]] = []
        with BulkWriter(batch_size=2, progress=lambda r, rows: batches.append((r, rows))) as w:
            for n in range(5):
                w.add(
                    self.history(
                        f"Request {n}", watchers=[HistoryWatcher(self.bob.pk, None, timezone.now())]
                    )
                )
        self.assertEqual([r for r, _ in batches], [2, 4, 5])
        self.assertEqual(batches[-1][1], 5 * (1 + 3 + 1 + 1))
        self.assertEqual(Ticket.objects.count(), 5)
        self.assertEqual(TimelineEntry.objects.count(), 15)
        self.assertEqual(Stint.objects.filter(team=self.it, ended_at__isnull=True).count(), 5)
        self.assertEqual(Watcher.objects.filter(person=self.bob).count(), 5)
        ticket = Ticket.objects.get(subject="Request 3")
        self.assertEqual(ticket.key, "IT-4")
        self.assertEqual(ticket.updated_at, ticket.created_at + timedelta(hours=2))
        self.assertEqual(
            list(ticket.entries.values_list("kind", "is_internal")),
            [(EntryKind.CREATED, False), (EntryKind.NOTE, True), (EntryKind.REPLY, False)],
        )

    def test_it_never_reuses_a_number_taken_meanwhile_through_the_services(self) -> None:
        with BulkWriter(batch_size=10) as writer:
            first = writer.add(self.history("Bulk 1"))
            live = self.ask()  # opened through tickets.services while the writer holds numbers
            second = writer.add(self.history("Bulk 2"))
        keys = {first.key, second.key, live.key}
        self.assertEqual(len(keys), 3)
        self.assertNotIn(self.ask().key, keys)

    def test_it_hands_back_unused_numbers_at_the_end(self) -> None:
        with BulkWriter() as writer:
            writer.add(self.history("Only one"))
        self.it.refresh_from_db()
        self.assertEqual(self.it.ticket_counter, 1)
        self.assertEqual(self.ask().key, "IT-2")

    def test_it_gives_ids_and_keys_before_writing_so_a_duplicate_can_point_at_its_original(
        self,
    ) -> None:
        with BulkWriter() as writer:
            original = writer.prepare(self.history("Original"))
            duplicate = self.history("Duplicate", status=Status.CLOSED, duplicate_of=original)
            duplicate.entries.append(
                HistoryEntry(
                    EntryKind.DUPLICATE, timezone.now(), self.carol.pk, data={"key": original.key}
                )
            )
            writer.add(original)
            writer.add(duplicate)
        stored = Ticket.objects.get(subject="Duplicate")
        self.assertEqual(stored.duplicate_of, Ticket.objects.get(key=original.key))
        self.assertEqual(stored.entries.get(kind=EntryKind.DUPLICATE).data, {"key": original.key})
