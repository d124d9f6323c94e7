"""`manage.py load_demo`: the demo organisation `make run` loads on first start."""

from __future__ import annotations

from datetime import UTC, datetime
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.test import TestCase
from django.utils import timezone

from inservice.catalog.choices import FieldKind
from inservice.catalog.intake import IntakeForm, json_to_form_data
from inservice.catalog.models import FormField, Service
from inservice.demo.data.org import PASSWORD
from inservice.notifications.models import Delivery, Notification
from inservice.org.choices import EmploymentType, Role, TeamKind
from inservice.org.models import Membership, Person, Team
from inservice.sla import business
from inservice.sla.choices import ClockState, Health, Target
from inservice.sla.models import Calendar, Clock, Escalation, Policy, RequestSla
from inservice.tickets.choices import OPEN_STATUSES, EntryKind, Priority, Status
from inservice.tickets.models import Ticket, TimelineEntry

SIGN_INS = ("requester", "agent", "lead", "admin")


class LoadDemoTests(TestCase):
    output: str
    loaded_at: datetime

    @classmethod
    def setUpTestData(cls) -> None:
        cls.loaded_at = timezone.now()
        out = StringIO()
        # A short history keeps the test quick; the organisation and catalog are the full demo.
        call_command("load_demo", "--if-empty", days=12, per_day=20, stdout=out)
        cls.output = out.getvalue()

    def test_it_does_nothing_the_second_time_with_if_empty(self) -> None:
        before = [m.objects.count() for m in (Team, Person, Service, Ticket)]
        out = StringIO()
        call_command("load_demo", "--if-empty", stdout=out)
        self.assertIn("demo not loaded", out.getvalue())
        self.assertEqual([m.objects.count() for m in (Team, Person, Service, Ticket)], before)

    def test_it_refuses_to_load_into_a_database_with_teams_without_if_empty(self) -> None:
        with self.assertRaisesMessage(CommandError, "empty database"):
            call_command("load_demo", stdout=StringIO())

    def test_it_prints_and_creates_the_sign_ins_with_the_demo_password(self) -> None:
        for username in SIGN_INS:
            self.assertIn(username, self.output)
            self.assertTrue(self.client.login(username=username, password=PASSWORD), username)
        self.assertIn(PASSWORD, self.output)

    def test_it_gives_each_sign_in_its_role(self) -> None:
        it = Team.objects.get(name="IT Service Desk")
        roles = dict(Membership.objects.filter(team=it).values_list("person__username", "role"))
        self.assertEqual((roles["agent"], roles["lead"]), (Role.MEMBER, Role.LEAD))
        requester = Person.objects.select_related("team__parent").get(username="requester")
        self.assertEqual(requester.team.parent.name, "Sales")  # type: ignore[union-attr]  # the demo puts her in Sales EMEA
        self.assertTrue(Person.objects.get(username="admin").is_superuser)

    def test_it_signs_the_requester_in_to_a_portal_of_the_twelve_service_teams(self) -> None:
        self.client.login(username="requester", password=PASSWORD)
        page = self.client.get("/").content.decode()
        for team in ("IT Service Desk", "Finance — Accounts Payable", "Marketing Analytics"):
            self.assertIn(team, page)
        owners = Team.objects.filter(services__isnull=False).distinct()
        self.assertEqual(owners.count(), 12)

    def test_it_builds_a_directory_of_about_400_people_in_a_hierarchy(self) -> None:
        people = Person.objects.all()
        self.assertTrue(350 <= people.count() <= 450, people.count())
        self.assertEqual(people.filter(manager__isnull=True).count(), 1)  # the CEO
        deep = people.filter(manager__manager__manager__isnull=False)
        self.assertTrue(deep.exists())
        self.assertGreaterEqual(people.values("time_zone").distinct().count(), 3)
        self.assertEqual(
            set(people.values_list("employment_type", flat=True)), set(EmploymentType.values)
        )
        departments = Team.objects.filter(kind=TeamKind.DEPARTMENT)
        self.assertTrue(departments.filter(name="Sales").exists())

    def test_it_builds_about_40_services_whose_forms_use_every_field_type(self) -> None:
        services = Service.objects.all()
        self.assertTrue(35 <= services.count() <= 45)
        self.assertTrue(services.filter(team__name="Employee Relations", is_confidential=True))
        self.assertFalse(services.filter(accountable__isnull=True).exists())
        self.assertFalse(services.filter(steps__isnull=True).exists())
        fields = FormField.objects.all()
        self.assertEqual(set(fields.values_list("kind", flat=True)), set(FieldKind.values))
        self.assertTrue(fields.filter(pattern=r"CC-\d{4}").exists())
        self.assertTrue(fields.exclude(required_when_key="").exists())

    def test_it_leaves_the_requester_a_request_in_each_open_status(self) -> None:
        mine = Ticket.objects.filter(requester__username="requester")
        self.assertTrue(set(OPEN_STATUSES) <= set(mine.values_list("status", flat=True)))
        self.assertTrue(Ticket.objects.filter(status=Status.CLOSED).exists())

    def test_its_history_answers_satisfy_each_service_form(self) -> None:
        checked = 0
        for ticket in Ticket.objects.filter(transfer_count=0).select_related("service"):
            specs = list(ticket.service.fields.all())
            answers = {k: v["id"] if isinstance(v, dict) else v for k, v in ticket.answers.items()}
            given = json_to_form_data(specs, answers)
            form = IntakeForm(specs, data=given.data, files=given.files)
            self.assertEqual((given.errors, form.errors), ({}, {}), ticket.key)
            checked += 1
        self.assertGreater(checked, 100)

    def test_its_keys_match_the_team_counters(self) -> None:
        for team in Team.objects.filter(ticket_counter__gt=0):
            keys = Ticket.objects.filter(key__startswith=f"{team.key_prefix}-")
            self.assertEqual(keys.count(), team.ticket_counter, team.key_prefix)

    def test_it_gives_every_team_its_office_calendar_with_public_holidays(self) -> None:
        self.assertFalse(Team.objects.filter(calendar__isnull=True).exists())
        it = Team.objects.select_related("calendar").get(key_prefix="IT")
        self.assertEqual(str(it.calendar), "Service desk, follow the sun")
        berlin = Calendar.objects.get(name="Berlin office")
        self.assertEqual(
            (berlin.time_zone, berlin.country, berlin.subdivision), ("Europe/Berlin", "DE", "BE")
        )
        self.assertEqual(berlin.intervals.filter(weekday=0).count(), 2)  # a lunch break
        hours = business.for_calendar(berlin)
        self.assertTrue(hours.is_working(datetime(2025, 10, 2, 10, 0, tzinfo=UTC)))
        self.assertFalse(hours.is_working(datetime(2025, 10, 3, 10, 0, tzinfo=UTC)))  # Unity Day
        self.assertFalse(hours.is_working(datetime(2025, 10, 2, 11, 0, tzinfo=UTC)))  # lunch
        rota = Team.objects.get(key_prefix="INFRA").calendar
        assert rota is not None
        self.assertTrue(rota.intervals.filter(end_minute__gt=24 * 60).exists())  # overnight
        offices = set(Calendar.objects.values_list("country", "subdivision"))
        self.assertTrue(
            {("DE", "BE"), ("GB", "ENG"), ("US", "NY"), ("US", "TX"), ("SG", "")} <= offices
        )

    def test_it_sets_tighter_targets_with_updates_for_urgent_and_high_priority(self) -> None:
        tight = Policy.objects.filter(priority__in=(Priority.URGENT, Priority.HIGH))
        self.assertGreaterEqual(tight.count(), 10)
        self.assertFalse(tight.filter(update_every_minutes__isnull=True).exists())
        broken = Service.objects.get(name="Something is broken")
        urgent = Policy.objects.get(service=broken, priority=Priority.URGENT)
        tighter = 0 < (urgent.first_response_minutes or 0) < (broken.response_target_minutes or 0)
        self.assertTrue(tighter, (urgent.first_response_minutes, broken.response_target_minutes))

    def test_its_open_requests_have_clocks_as_the_services_and_sweep_left_them(self) -> None:
        open_now = Ticket.objects.filter(status__in=OPEN_STATUSES).prefetch_related("clocks")
        self.assertGreater(open_now.count(), 10)
        for ticket in open_now:
            live = [
                c for c in ticket.clocks.all() if c.state in (ClockState.RUNNING, ClockState.PAUSED)
            ]
            self.assertTrue(live, ticket.key)
            running = [c.due_at for c in live if c.state == ClockState.RUNNING and c.due_at]
            self.assertEqual(ticket.due_at, min(running, default=None), ticket.key)
            if ticket.status == Status.WAITING:
                # Waiting pauses every clock; a target missed before the wait still shows as
                # breached (sla.services.refresh_health).
                breached = any(c.breached_at for c in live)
                expected = Health.BREACHED if breached else Health.PAUSED
                self.assertEqual((running, ticket.health), ([], expected), ticket.key)
        healths = set(open_now.values_list("health", flat=True))
        self.assertTrue({Health.OK, Health.AT_RISK, Health.BREACHED} <= healths, healths)
        # Every moment the sweep had to look at before the demo was loaded was looked at.
        self.assertFalse(Clock.objects.filter(next_check_at__lt=self.loaded_at).exists())
        self.assertEqual(
            RequestSla.objects.count(), Ticket.objects.count()
        )  # every request kept its policy

    def test_its_finished_requests_keep_each_targets_outcome(self) -> None:
        done = Clock.objects.exclude(ticket__status__in=OPEN_STATUSES)
        self.assertFalse(done.filter(state__in=(ClockState.RUNNING, ClockState.PAUSED)).exists())
        resolutions = done.filter(target=Target.RESOLUTION, state=ClockState.MET)
        breached = resolutions.filter(breached_at__isnull=False).count()
        self.assertTrue(0 < breached < resolutions.count() / 3, (breached, resolutions.count()))
        for clock in resolutions.filter(ticket__status=Status.CLOSED).select_related("ticket")[
            :200
        ]:
            if clock.cycle == clock.ticket.clocks.filter(target=Target.RESOLUTION).count():
                self.assertEqual(clock.met_at, clock.ticket.resolved_at, clock.ticket.key)

    def test_its_escalations_each_have_their_timeline_entry_and_nobody_was_notified(self) -> None:
        escalations = Escalation.objects.count()
        self.assertGreater(escalations, 0)
        self.assertEqual(TimelineEntry.objects.filter(kind=EntryKind.SLA).count(), escalations)
        levels = dict(Escalation.objects.values_list("level").annotate(n=Count("id")))
        self.assertEqual(set(levels), {1, 2, 3})
        # The history happened before: none of its requests told anyone anything. (The demo's
        # open survey and campaign do invite people now: those name no request.)
        about_requests = (
            Notification.objects.filter(ticket__isnull=False).count(),
            Delivery.objects.filter(ticket__isnull=False).count(),
        )
        self.assertEqual(about_requests, (0, 0))
