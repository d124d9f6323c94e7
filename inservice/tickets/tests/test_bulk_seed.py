"""Seeding at scale (`seed_scale`) and the bulk write path it uses: consistent data, always."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO
from typing import Any

import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.utils import timezone

from inservice.catalog.intake import IntakeForm, json_to_form_data
from inservice.demo.clocks import replay
from inservice.demo.world import load_world
from inservice.org import services as org
from inservice.org.choices import Role
from inservice.org.models import Team
from inservice.sla import business
from inservice.sla import services as sla
from inservice.sla.calendar import MINUTE, Interval
from inservice.sla.choices import ClockState, Health, Target
from inservice.sla.models import Clock, Escalation, Policy, RequestSla
from inservice.sla.services.clocks import schedule
from inservice.test import BaseTestCase
from inservice.tickets import services as tickets
from inservice.tickets.bulk import (
    BulkWriter,
    HistoryEntry,
    HistoryRequest,
    HistoryStint,
    HistoryWatcher,
)
from inservice.tickets.choices import OPEN_STATUSES, EntryKind, Priority, Status
from inservice.tickets.models import Stint, Ticket, TimelineEntry, Watcher

SEEDED_AT = datetime(2026, 11, 25, 14, 7, tzinfo=UTC)  # a Wednesday afternoon


def seed(requests: int, **options: Any) -> str:
    out = StringIO()
    call_command("seed_scale", requests=requests, batch_size=70, stdout=out, **options)
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


def office_calendars(it: Team, payroll: Team) -> None:
    """IT works Berlin hours with a lunch break, Payroll London hours plus a night rota."""
    berlin = sla.save_calendar(
        None,
        name="Berlin, with lunch",
        time_zone="Europe/Berlin",
        intervals=[Interval(d, 8 * 60 + 30, 12 * 60 + 30) for d in range(5)]
        + [Interval(d, 13 * 60 + 30, 17 * 60 + 30) for d in range(5)],
        country="DE",
        subdivision="BE",
    )
    rota = sla.save_calendar(
        None,
        name="London, with nights",
        time_zone="Europe/London",
        intervals=[Interval(d, 9 * 60, 17 * 60) for d in range(5)]
        + [Interval(d, 22 * 60, 30 * 60) for d in (6, 0, 1, 2, 3)],
        country="GB",
        subdivision="ENG",
    )
    org.set_calendar(it, berlin)
    org.set_calendar(payroll, rota)


class SeedServiceLevelTests(BaseTestCase):
    """Seeded requests carry the clocks the sla app would have kept, written in bulk."""

    def setUp(self) -> None:
        super().setUp()
        office_calendars(self.it, self.payroll)
        Policy.objects.create(
            service=self.payslip,
            priority=Priority.NORMAL,
            first_response_minutes=4 * 60,
            resolution_minutes=16 * 60,
            update_every_minutes=8 * 60,
            pause_statuses=["waiting"],
        )

    def seed_at_a_known_moment(self, requests: int, **options: Any) -> None:
        with time_machine.travel(SEEDED_AT, tick=False):
            seed(requests, **options)

    def test_it_leaves_exactly_the_requests_asked_for_open(self) -> None:
        self.seed_at_a_known_moment(300, open=60)
        self.assertEqual(Ticket.objects.count(), 300)
        self.assertEqual(Ticket.objects.filter(status__in=OPEN_STATUSES).count(), 60)
        statuses = set(
            Ticket.objects.filter(status__in=OPEN_STATUSES).values_list("status", flat=True)
        )
        self.assertTrue({Status.NEW, Status.IN_PROGRESS} <= statuses, statuses)

    def test_it_refuses_more_open_requests_than_requests(self) -> None:
        with self.assertRaisesMessage(CommandError, "--open must be between 0 and --requests"):
            seed(10, open=11)
        self.assertEqual(Ticket.objects.count(), 0)

    def test_it_gives_every_request_its_policy_and_clocks(self) -> None:
        self.seed_at_a_known_moment(200, open=50)
        self.assertEqual(RequestSla.objects.count(), 200)
        keys = ("first_response_minutes", "resolution_minutes", "update_every_minutes")
        for record in RequestSla.objects.annotate(clocks=Count("ticket__clocks")):
            targets = sum(1 for key in keys if record.policy.get(key))
            self.assertGreaterEqual(record.clocks, targets, record.ticket_id)
        self.assertGreater(Clock.objects.count(), 300)
        for ticket in Ticket.objects.exclude(status__in=OPEN_STATUSES).prefetch_related("clocks"):
            self.assertEqual((ticket.due_at, ticket.health), (None, Health.NONE), ticket.key)
            for clock in ticket.clocks.all():
                self.assertIn(clock.state, (ClockState.MET, ClockState.STOPPED), ticket.key)
                self.assertIsNone(clock.next_check_at, ticket.key)

    def test_its_running_clocks_are_due_when_the_services_would_have_them_due(self) -> None:
        self.seed_at_a_known_moment(200, open=80)
        running = Clock.objects.filter(state=ClockState.RUNNING).select_related(
            "ticket__team__calendar", "ticket__sla"
        )
        self.assertGreater(running.count(), 40)
        for clock in running:
            ticket = clock.ticket
            hours = business.for_team(ticket.team)
            assert clock.running_since is not None
            left = clock.target_minutes * MINUTE - clock.used_micros
            if left > 0:
                self.assertEqual(clock.due_at, hours.add_micros(clock.running_since, left))
            before = clock.next_check_at
            schedule(clock, ticket.sla.policy)
            self.assertEqual(clock.next_check_at, before, ticket.key)
            self.assertGreater(clock.next_check_at or SEEDED_AT + timedelta(1), SEEDED_AT)

    def test_it_leaves_nothing_for_the_sweep_and_keeps_each_requests_health(self) -> None:
        self.seed_at_a_known_moment(200, open=80)
        kept = dict(Ticket.objects.values_list("pk", "due_at"))
        health = dict(Ticket.objects.values_list("pk", "health"))
        self.assertTrue({Health.OK, Health.BREACHED} <= set(health.values()), health.values())
        with time_machine.travel(SEEDED_AT, tick=False):
            self.assertEqual(sla.sweep(SEEDED_AT).looked_at, 0)
            for ticket in Ticket.objects.filter(status__in=OPEN_STATUSES):
                sla.refresh_health(ticket, SEEDED_AT)
        self.assertEqual(dict(Ticket.objects.values_list("pk", "due_at")), kept)
        self.assertEqual(dict(Ticket.objects.values_list("pk", "health")), health)


MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


class ReplayMatchesTheServicesTests(BaseTestCase):
    """A request made through the services and swept, replayed from its timeline by the demo's
    history (demo.clocks) and written in bulk, ends with the same clocks, escalations and health."""

    def setUp(self) -> None:
        super().setUp()
        office_calendars(self.it, self.payroll)
        boss = org.create_person(username="boss", name="Head of IT", email="boss@example.org")
        lead = org.create_person(
            username="lena", name="Lena Lead", email="lena@example.org", team=self.it, manager=boss
        )
        org.add_member(self.it, lead, Role.LEAD)
        Policy.objects.create(
            service=self.laptop,
            priority=Priority.URGENT,
            first_response_minutes=30,
            resolution_minutes=6 * 60,
            update_every_minutes=60,
            second_level_after_minutes=120,
            pause_statuses=["waiting"],
        )

    def at(self, moment: datetime) -> time_machine.travel:
        self.sweep_before(moment)
        return time_machine.travel(moment, tick=False)

    def sweep_before(self, moment: datetime, *, inclusive: bool = False) -> None:
        """The sweep at each moment a clock asked to be looked at, as beat would run it."""
        while True:
            due = Clock.objects.filter(
                **{"next_check_at__lte" if inclusive else "next_check_at__lt": moment}
            ).order_by("next_check_at")
            first = due.values_list("next_check_at", flat=True).first()
            if first is None:
                return
            with time_machine.travel(first, tick=False):
                sla.sweep(first)

    def test_it_ends_with_the_same_clocks_escalations_and_health(self) -> None:
        with self.at(MONDAY_10):
            ticket = self.ask(priority=Priority.URGENT)
        with self.at(MONDAY_10 + timedelta(minutes=10)):
            tickets.assign(self.erin, ticket, self.carol)
        with self.at(MONDAY_10 + timedelta(minutes=20)):
            tickets.reply(self.carol, ticket, "On it")
        with self.at(MONDAY_10 + timedelta(minutes=25)):
            tickets.transition(self.carol, ticket, "start")
        with self.at(MONDAY_10 + timedelta(hours=3)):  # the update came due meanwhile
            tickets.transition(self.carol, ticket, "wait", message="Which charger?")
        with self.at(datetime(2026, 11, 24, 9, 0, tzinfo=UTC)):
            tickets.reply(self.alice, ticket, "The USB-C one")  # back to the team
        with self.at(datetime(2026, 11, 24, 10, 0, tzinfo=UTC)):
            tickets.transfer(
                self.carol, ticket, self.payroll, "Needs a cost booking first", reason="approval"
            )
        with self.at(datetime(2026, 11, 24, 23, 0, tzinfo=UTC)):  # the night rota
            tickets.reply(self.dave, ticket, "Booked; passing back soon")
        end = datetime(2026, 11, 25, 16, 0, tzinfo=UTC)
        self.sweep_before(end, inclusive=True)
        self.assertTrue(Escalation.objects.filter(clock__ticket=ticket).exists())

        story = Ticket.objects.get(pk=ticket.pk)
        history = HistoryRequest(
            team_id=story.team_id,
            service_id=story.service_id,
            requester_id=story.requester_id,
            submitted_by_id=story.submitted_by_id,
            subject="Replayed",
            created_at=story.created_at,
            status=story.status,
            priority=story.priority,
            answers=story.answers,
            assignee_id=story.assignee_id,
            transfer_count=story.transfer_count,
            key_team_id=self.it.pk,
            entries=[
                HistoryEntry(e.kind, e.created_at, e.actor_id, e.body, e.is_internal, e.data)
                for e in story.entries.exclude(kind__in=(EntryKind.SLA, EntryKind.WATCHER))
            ],
            stints=[HistoryStint(s.team_id, s.started_at, s.ended_at) for s in story.stints.all()],
        )
        replay(load_world(), history, RequestSla.objects.get(ticket=story).policy, end)
        with BulkWriter() as writer:
            writer.add(history)
        copy = Ticket.objects.get(pk=history.id)

        self.assertEqual(self.clocks(copy), self.clocks(story))
        self.assertEqual(self.escalations(copy), self.escalations(story))
        self.assertEqual(self.sweep_entries(copy), self.sweep_entries(story))
        self.assertEqual(
            set(copy.watchers.values_list("person__username", flat=True)),
            set(story.watchers.values_list("person__username", flat=True)),
        )
        self.assertEqual((copy.due_at, copy.health), (story.due_at, story.health))
        self.assertEqual(
            RequestSla.objects.filter(ticket=copy)
            .values("policy", "opened_outside_hours", "back_at")
            .get(),
            RequestSla.objects.filter(ticket=story)
            .values("policy", "opened_outside_hours", "back_at")
            .get(),
        )
        targets = {c[0] for c in self.clocks(story)}
        self.assertEqual(targets, {Target.FIRST_RESPONSE, Target.RESOLUTION, Target.UPDATE})

    def clocks(self, ticket: Ticket) -> list[tuple[Any, ...]]:
        return list(
            Clock.objects.filter(ticket=ticket)
            .order_by("target", "cycle")
            .values_list(
                "target",
                "cycle",
                "target_minutes",
                "state",
                "used_micros",
                "running_since",
                "paused_micros",
                "paused_since",
                "started_at",
                "due_at",
                "at_risk_at",
                "was_at_risk_at",
                "breached_at",
                "met_at",
                "escalated_level",
                "next_check_at",
            )
        )

    def escalations(self, ticket: Ticket) -> list[tuple[Any, ...]]:
        return list(
            Escalation.objects.filter(clock__ticket=ticket)
            .order_by("at", "clock__target", "clock__cycle", "level")
            .values_list("clock__target", "clock__cycle", "level", "to_person", "to_team", "at")
        )

    def sweep_entries(self, ticket: Ticket) -> list[tuple[Any, ...]]:
        return list(
            ticket.entries.filter(kind__in=(EntryKind.SLA, EntryKind.WATCHER))
            .order_by("created_at", "id")
            .values_list("kind", "created_at", "body", "is_internal", "data")
        )


class HistoryEscalationTests(BaseTestCase):
    def test_it_writes_history_escalations_as_already_announced(self) -> None:
        seed(400, open=40)
        self.assertTrue(Escalation.objects.exists())
        self.assertFalse(Escalation.objects.filter(announced_at__isnull=True).exists())
        self.assertEqual(sla.unannounced(timezone.now() + timedelta(days=1)), [])
