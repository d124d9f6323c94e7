"""The demo's workflow templates: built through the services, and every step's form accepts its
prefills when a run starts."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

import time_machine
from django.core.exceptions import ValidationError
from django.test import TestCase

from inservice.demo.build import build_catalog, build_directory, build_service_levels
from inservice.demo.workflows import build_workflows, start_runs
from inservice.org.models import Person
from inservice.workflows import services
from inservice.workflows.choices import StepState
from inservice.workflows.models import Run, WorkflowTemplate

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # a Monday
START = date(2026, 3, 30)  # four weeks later, a Monday


def quiet(text: str) -> None:
    pass


@time_machine.travel(NOW, tick=False)
class DemoWorkflowTests(TestCase):
    leads: dict[str, Person]
    members: dict[str, list[Person]]
    sign_ins: dict[str, Person]
    templates: dict[str, WorkflowTemplate]

    @classmethod
    def setUpTestData(cls) -> None:
        # The demo's directory, catalog and calendars (no history: a few seconds).
        rng = random.Random(42)
        directory = build_directory(rng, quiet)
        catalog = build_catalog(directory, rng, quiet)
        build_service_levels(directory, catalog, range(2026, 2028), quiet)
        cls.templates = build_workflows(directory, catalog, quiet)
        cls.leads, cls.members = directory.leads, directory.members
        cls.sign_ins = directory.sign_ins

    def email(self, prefix: str) -> str:
        return self.leads[prefix].email

    def start(self, name: str, anchor: date, params: dict[str, str], by: str) -> Run:
        template = WorkflowTemplate.objects.get(name=name)
        return services.start_run(self.leads[by], template, anchor, params)

    def assert_started(self, run: Run, skipped: set[str]) -> None:
        """Every applying step passed its form; those waiting on nothing are requested."""
        for step in run.steps.select_related("ticket"):
            with self.subTest(step=step.key):
                if step.key in skipped:
                    self.assertEqual(step.state, StepState.SKIPPED)
                elif step.depends_on:
                    self.assertEqual(step.state, StepState.PENDING)
                    self.assertTrue(step.answers)  # checked at the start, kept for later
                else:
                    self.assertEqual(step.state, StepState.OPEN)
                    assert step.ticket is not None
                    self.assertEqual(step.ticket.answers, step.answers)
                    self.assertEqual(step.ticket.team_id, step.team_id)

    def test_it_builds_four_templates_owned_by_their_teams_leads_each_step_by_its_service_team(
        self,
    ) -> None:
        expected: dict[str, tuple[str, list[tuple[str, str]]]] = {
            "New-hire onboarding": (
                "HR",
                [
                    ("hr_record", "HR"),
                    ("it_setup", "IT"),
                    ("it_setup_home", "IT"),
                    ("payroll", "PAY"),
                    ("desk", "FAC"),
                    ("badge", "FAC"),
                    ("badge_contractor", "FAC"),
                    ("learning", "IT"),
                    ("welcome", "FAC"),
                ],
            ),
            "Leaver offboarding": (
                "HR",
                [("letter", "HR"), ("accounts", "IT"), ("final_pay", "PAY")],
            ),
            "Office move": (
                "FAC",
                [("move", "FAC"), ("network", "INFRA"), ("docks", "IT"), ("check", "FAC")],
            ),
            "Month-end figures": ("AP", [("figures", "AP"), ("review", "MA")]),
        }
        self.assertEqual(set(self.templates), set(expected))
        for name, (team, steps) in expected.items():
            template = WorkflowTemplate.objects.select_related("team", "current").get(name=name)
            assert template.current is not None
            self.assertEqual(template.team.key_prefix, team)
            self.assertEqual(template.current.created_by, self.leads[team])
            found = template.current.steps.select_related("team", "service__team")
            self.assertEqual([(s.key, s.team.key_prefix) for s in found], steps)
            for step in found:
                self.assertEqual(step.service.team, step.team)
        onboarding = self.templates["New-hire onboarding"].current
        assert onboarding is not None
        self.assertEqual((onboarding.anchor_label, onboarding.min_notice_days), ("Start date", 10))

    def test_no_template_asks_again_for_its_anchor_date(self) -> None:
        """The forms' dates come from {anchor_date}: no parameter repeats it."""
        expected = {
            "New-hire onboarding": [
                "name",
                "position",
                "manager",
                "office",
                "contract",
                "contract_end",  # a fixed term's end, not the start date
                "applications",
                "cost_centre",
            ],
            "Leaver offboarding": ["leaver", "manager", "contract", "equipment_return"],
            "Office move": [
                "team",
                "people",
                "office",
                "from_area",
                "to_area",
                "floor",
                "docks",
                "cost_centre",
            ],
            "Month-end figures": ["month", "cost_centre", "purpose"],
        }
        for name, keys in expected.items():
            version = self.templates[name].current
            assert version is not None
            with self.subTest(template=name):
                self.assertEqual([p["key"] for p in version.parameters], keys)

    def test_an_office_based_permanent_hire_gets_every_step_but_the_shipped_laptop(self) -> None:
        params = {
            "name": "Lena Vogel",
            "position": "Account Executive",
            "manager": self.email("SEMEA"),
            "office": "London",
            "contract": "Permanent",
            "applications": "Salesforce, Zoom",
            "cost_centre": "CC-2210",
        }
        run = self.start("New-hire onboarding", START, params, by="SEMEA")
        self.assert_started(run, skipped={"it_setup_home", "badge_contractor"})
        self.assertFalse(run.late_notice)
        record = run.steps.get(key="hr_record").ticket
        assert record is not None
        self.assertEqual(record.answers["manager"]["id"], self.leads["SEMEA"].pk)
        self.assertEqual(record.answers["start_date"], "2026-03-30")
        setup = run.steps.get(key="it_setup").answers
        self.assertEqual(setup["start_date"], "2026-03-30")
        self.assertEqual(setup["office"], "London")
        self.assertEqual(setup["equipment"], ["Laptop", "Docking station", "Headset"])
        self.assertEqual(setup["accounts"], ["Salesforce", "Zoom"])
        self.assertEqual(run.steps.get(key="welcome").answers["event_date"], "2026-03-30")

    def test_a_remote_fixed_term_developer_gets_a_laptop_shipped_and_no_desk(self) -> None:
        params = {
            "name": "Aiko Tanaka",
            "position": "Software Engineer",
            "manager": self.email("PLAT"),
            "office": "Remote",
            "contract": "Fixed term",
            "contract_end": "2026-09-30",
            "applications": "GitHub, Jira",
            "cost_centre": "CC-3305",
        }
        run = self.start("New-hire onboarding", START, params, by="PLAT")
        self.assert_started(
            run, skipped={"it_setup", "desk", "welcome", "badge", "badge_contractor"}
        )
        shipped = run.steps.get(key="it_setup_home")
        self.assertEqual(shipped.answers["office"], "Remote")
        self.assertEqual(shipped.answers["equipment"], ["Laptop", "Monitor", "Headset"])
        self.assertEqual(shipped.answers["accounts"], ["GitHub", "Jira"])
        assert shipped.due_at is not None
        self.assertEqual(shipped.due_at.date(), date(2026, 3, 23))  # the week before
        record = run.steps.get(key="hr_record").ticket
        assert record is not None
        self.assertEqual(record.answers["contract_end"], "2026-09-30")

    def test_a_hire_without_applications_still_starts_and_an_unknown_one_names_the_step(
        self,
    ) -> None:
        params = {
            "name": "Grace Mensah",
            "position": "Support Engineer",
            "manager": self.email("SEMEA"),
            "office": "Singapore",
            "contract": "Contractor",
            "contract_end": "2027-03-31",
            "cost_centre": "CC-2210",
        }
        run = self.start("New-hire onboarding", START, params, by="SEMEA")
        self.assert_started(run, skipped={"it_setup_home", "payroll", "badge"})
        self.assertNotIn("accounts", run.steps.get(key="it_setup").answers)
        with self.assertRaises(ValidationError) as raised:
            self.start("New-hire onboarding", START, params | {"applications": "Slack"}, by="SEMEA")
        self.assertIn("steps.it_setup", raised.exception.message_dict)
        # A contractor's badge ends with the contract: without the date nothing starts.
        del params["contract_end"]
        with self.assertRaises(ValidationError) as raised:
            self.start("New-hire onboarding", START, params, by="SEMEA")
        self.assertIn("Valid until", raised.exception.message_dict["steps.badge_contractor"][0])

    def test_a_leaver_offboarding_closes_accounts_on_the_last_day(self) -> None:
        leaver = self.members["SEMEA"][3]
        params = {
            "leaver": leaver.email,
            "manager": self.email("SEMEA"),
            "contract": "Permanent",
            "equipment_return": "Courier collects it from home",
        }
        run = self.start("Leaver offboarding", START, params, by="SEMEA")
        self.assert_started(run, skipped=set())
        accounts = run.steps.get(key="accounts")
        assert accounts.ticket is not None
        assert accounts.due_at is not None
        self.assertEqual(accounts.ticket.answers["leaver"]["id"], leaver.pk)
        self.assertEqual(accounts.ticket.answers["last_day"], "2026-03-30")
        self.assertEqual(accounts.due_at.date(), START)
        self.assertEqual(run.steps.get(key="final_pay").answers["pay_date"], "2026-03-30")

    def test_an_office_move_and_a_month_end_request_start(self) -> None:
        move_date = date(2026, 3, 27)  # a Friday
        move = {
            "team": "Product Engineering",
            "people": "12",
            "office": "Berlin HQ",
            "from_area": "Floor 2 east",
            "to_area": "Floor 4 west",
            "floor": "4",
            "docks": "6",
            "cost_centre": "CC-4120",
        }
        run = self.start("Office move", move_date, move, by="PROD")
        self.assert_started(run, skipped=set())
        moved = run.steps.get(key="move").ticket
        assert moved is not None
        self.assertEqual(moved.answers["move_on"], "2026-03-27")
        self.assertIn("on 2026-03-27", run.steps.get(key="check").answers["details"])
        figures = {"month": "February 2026", "cost_centre": "CC-5120"}
        run = self.start("Month-end figures", date(2026, 3, 18), figures, by="DEMAND")
        self.assert_started(run, skipped=set())

    def test_the_demo_runs_start_one_onboarding_by_the_requester_and_one_late(self) -> None:
        runs = start_runs(self.leads, self.sign_ins, self.templates, quiet)
        self.assertEqual(
            [r.template.name for r in runs],
            ["New-hire onboarding", "New-hire onboarding", "Office move", "Month-end figures"],
        )
        for run in runs:
            skipped = set(run.steps.filter(state=StepState.SKIPPED).values_list("key", flat=True))
            self.assert_started(run, skipped)
        requester = self.sign_ins["requester"]
        self.assertEqual(list(Run.objects.visible_to(requester)), [runs[0]])
        self.assertEqual([r.late_notice for r in runs], [False, True, False, False])
        self.assertEqual(runs[3].params["month"], "February 2026")  # needed by 18 March
        self.assertEqual(runs[1].steps.get(key="payroll").state, StepState.SKIPPED)  # a contractor
        for run in runs[:2]:  # both start in an office
            setup = run.steps.get(key="it_setup")
            self.assertEqual(setup.answers["start_date"], run.anchor_date.isoformat())
        self.assertEqual(
            runs[1].steps.get(key="it_setup").answers["accounts"], ["GitHub", "Jira", "Confluence"]
        )
