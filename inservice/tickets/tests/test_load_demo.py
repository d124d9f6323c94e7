"""`manage.py load_demo`: the demo organisation `make run` loads on first start."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from inservice.catalog.choices import FieldKind
from inservice.catalog.intake import IntakeForm, json_to_form_data
from inservice.catalog.models import FormField, Service
from inservice.demo.data.org import PASSWORD
from inservice.org.choices import EmploymentType, Role, TeamKind
from inservice.org.models import Membership, Person, Team
from inservice.tickets.choices import OPEN_STATUSES, Status
from inservice.tickets.models import Ticket

SIGN_INS = ("requester", "agent", "lead", "admin")


class LoadDemoTests(TestCase):
    output: str

    @classmethod
    def setUpTestData(cls) -> None:
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
