"""Leads build workflow templates on a page; each save is a new version."""

from __future__ import annotations

from typing import Any

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.workflows.models import Run, TemplateVersion, WorkflowTemplate
from inservice.workflows.tests.support import MONDAY, WorkflowTestCase


def step(index: int, **values: Any) -> dict[str, Any]:
    defaults = {
        "key": "",
        "name": "",
        "service": "",
        "subject": "",
        "offset_days": "0",
        "work_days": "1",
        "depends_on": "",
        "condition": "",
        "prefill": "",
    }
    return {f"steps-{index}-{k}": v for k, v in (defaults | values).items()}


class BuilderTests(WorkflowTestCase):
    def form(self, *steps: dict[str, Any], **values: Any) -> dict[str, Any]:
        data = {
            "name": "Office move",
            "summary": "Moving desks.",
            "team": str(self.it.pk),
            "anchor_label": "Move date",
            "min_notice_days": "5",
            "parameters": "office | New office | choice | | Berlin, Paris\nwho | Who moves",
            "note": "",
            "steps-TOTAL_FORMS": str(len(steps)),
            "steps-INITIAL_FORMS": "0",
            "steps-MIN_NUM_FORMS": "0",
            "steps-MAX_NUM_FORMS": "60",
        }
        for s in steps:
            data |= s
        return data | values

    def two_steps(self, **second: Any) -> list[dict[str, Any]]:
        return [
            step(
                0,
                key="pack",
                name="Pack the laptop",
                service=self.laptop.pk,
                subject="Pack for {who}",
                offset_days="-2",
                prefill="model = Standard",
            ),
            step(
                1,
                **(
                    {
                        "key": "desk",
                        "name": "New desk",
                        "service": self.desk.pk,
                        "subject": "Desk in {office}",
                        "depends_on": "pack",
                        "condition": "office = Berlin",
                    }
                    | second
                ),
            ),
        ]

    def test_a_lead_creates_a_template_from_the_page(self) -> None:
        self.login(self.erin)
        response = self.client.post(reverse("workflows:create"), self.form(*self.two_steps()))
        template = WorkflowTemplate.objects.get(name="Office move")
        self.assertRedirects(response, reverse("workflows:template", args=[template.pk]))
        version = template.current
        assert version is not None
        steps = list(version.steps.order_by("position"))
        self.assertEqual([s.key for s in steps], ["pack", "desk"])
        self.assertEqual(steps[1].team, self.facilities)
        self.assertEqual(steps[1].depends_on, ["pack"])
        self.assertEqual(
            steps[1].conditions, [{"param": "office", "op": "equals", "value": "Berlin"}]
        )
        self.assertEqual(steps[0].prefill, {"model": "Standard"})
        self.assertEqual(version.parameters[0]["choices"], ["Berlin", "Paris"])
        page = self.client.get(response["Location"])
        self.assertContains(page, "due 2 working days before")
        self.assertContains(page, "only when New office is “Berlin”")
        self.assertContains(page, 'data-key="desk"')

    def test_a_cycle_is_refused_naming_it_and_nothing_is_saved(self) -> None:
        self.login(self.erin)
        steps = self.two_steps()
        steps[0]["steps-0-depends_on"] = "desk"
        response = self.client.post(reverse("workflows:create"), self.form(*steps))
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "wait on each other in a circle", status_code=422)
        self.assertContains(
            response, "Pack the laptop → New desk → Pack the laptop", status_code=422
        )
        self.assertFalse(WorkflowTemplate.objects.filter(name="Office move").exists())

    def test_bad_steps_are_refused_next_to_the_step(self) -> None:
        self.login(self.erin)
        cases = [
            ({"prefill": "colour = red"}, "“Desk” has no form field “colour”"),
            ({"subject": "Desk for {nobody}"}, "{nobody} is not a parameter"),
            ({"condition": "floor = 3"}, "its condition names “floor”, not a parameter"),
            ({"depends_on": "unpack"}, "it waits on “unpack”, not a step"),
            ({"condition": "office ~ Berlin"}, "Write the condition as"),
        ]
        for second, message in cases:
            with self.subTest(second=second):
                response = self.client.post(
                    reverse("workflows:create"), self.form(*self.two_steps(**second))
                )
                self.assertContains(response, message, status_code=422)
        self.assertFalse(WorkflowTemplate.objects.filter(name="Office move").exists())

    def test_saving_again_makes_a_new_version_and_runs_keep_theirs(self) -> None:
        with time_machine.travel(MONDAY, tick=False):
            run = self.start()
        self.login(self.erin)
        url = reverse("workflows:edit", args=[self.onboarding.pk])
        page = self.client.get(url)
        self.assertContains(page, 'value="laptop"')
        data = self.form(
            *self.two_steps(),
            name="Onboarding",
            parameters="office | Office | choice | | Berlin\nwho | Who",
        )
        self.client.post(url, data)
        self.onboarding.refresh_from_db()
        assert self.onboarding.current is not None
        self.assertEqual(self.onboarding.current.number, 2)
        run.refresh_from_db()
        self.assertEqual(run.version.number, 1)
        self.assertEqual(TemplateVersion.objects.filter(template=self.onboarding).count(), 2)
        self.assertEqual(Run.objects.count(), 1)

    def test_only_leads_of_the_owning_team_edit_a_template(self) -> None:
        for person, status in [
            (self.carol, 404),
            (self.grace, 404),
            (self.alice, 404),
            (self.erin, 200),
            (self.root, 200),
        ]:
            with self.subTest(person=person.username):
                self.login(person)
                response = self.client.get(reverse("workflows:edit", args=[self.onboarding.pk]))
                self.assertEqual(response.status_code, status)
        self.login(self.alice)
        self.assertEqual(self.client.get(reverse("workflows:create")).status_code, 404)

    def test_add_a_step_shows_one_more_empty_step_and_saves_nothing(self) -> None:
        self.login(self.erin)
        data = self.form(*self.two_steps(), add_step="1")
        response = self.client.post(reverse("workflows:create"), data)
        self.assertContains(response, 'name="steps-2-key"')
        self.assertFalse(WorkflowTemplate.objects.filter(name="Office move").exists())

    def test_the_builder_page_queries_do_not_grow_with_the_steps(self) -> None:
        self.login(self.erin)
        url = reverse("workflows:edit", args=[self.onboarding.pk])
        self.client.get(url)
        with CaptureQueriesContext(connection) as four:
            self.client.get(url)
        self.client.post(url, self.form(*self.two_steps(), name="Onboarding"))
        with CaptureQueriesContext(connection) as two:
            self.client.get(url)
        self.assertEqual(len(four), len(two), "\n".join(q["sql"] for q in four.captured_queries))

    def test_the_template_page_queries_do_not_grow_with_the_steps(self) -> None:
        self.login(self.alice)
        url = reverse("workflows:template", args=[self.onboarding.pk])
        self.client.get(url)
        with CaptureQueriesContext(connection) as four:
            self.client.get(url)
        self.login(self.erin)
        self.client.post(
            reverse("workflows:edit", args=[self.onboarding.pk]),
            self.form(*self.two_steps(), name="Onboarding"),
        )
        self.login(self.alice)
        with CaptureQueriesContext(connection) as two:
            self.client.get(url)
        self.assertEqual(len(four), len(two), "\n".join(q["sql"] for q in two.captured_queries))
