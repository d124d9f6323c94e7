"""Templates are checked whole before anything is written; each save is a new version."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.core.exceptions import ValidationError

from inservice.workflows import services
from inservice.workflows.models import StepDefinition, TemplateVersion, WorkflowTemplate
from inservice.workflows.schedule import Condition
from inservice.workflows.tests.support import WorkflowTestCase, onboarding_draft


class TemplateTests(WorkflowTestCase):
    def draft(self) -> services.VersionDraft:
        return onboarding_draft(self.cast, self.desk)

    def refused(self, draft: services.VersionDraft) -> dict[str, list[str]]:
        versions = TemplateVersion.objects.count()
        with self.assertRaises(ValidationError) as caught:
            services.save_version(self.erin, self.onboarding, draft)
        self.assertEqual(TemplateVersion.objects.count(), versions)  # nothing half-written
        return caught.exception.message_dict

    def with_step(self, index: int, **changes: object) -> services.VersionDraft:
        draft = self.draft()
        steps = list(draft.steps)
        steps[index] = replace(steps[index], **changes)  # type: ignore[arg-type]
        return replace(draft, steps=steps)

    def test_a_cycle_is_refused_with_the_steps_named_in_order(self) -> None:
        errors = self.refused(self.with_step(0, depends_on=["badge"]))
        self.assertEqual(
            errors["steps"],
            [
                "These steps wait on each other in a circle: "
                "Payroll record → Badge → Desk → Payroll record."
            ],
        )

    def test_a_step_owned_by_a_team_without_the_service_is_refused(self) -> None:
        errors = self.refused(self.with_step(1, team=self.payroll))
        self.assertEqual(
            errors["steps.1.service"], ["Step “Laptop”: Payroll has no service “New laptop”."]
        )

    def test_each_kind_of_bad_step_is_named(self) -> None:
        cases: list[tuple[dict[str, Any], str, str]] = [
            ({"prefill": {"colour": "red"}}, "steps.1.prefill", "has no form field “colour”"),
            ({"subject": "For {who}"}, "steps.1.subject", "{who} is not a parameter"),
            ({"depends_on": ["laptop"]}, "steps.1.depends_on", "cannot wait on itself"),
            ({"depends_on": ["nope"]}, "steps.1.depends_on", "“nope”, not a step"),
            ({"key": "record"}, "steps.1.key", "another step has the key “record”"),
            ({"key": "Bad Key"}, "steps.1.key", "lower-case letters"),
            ({"offset_days": 900}, "steps.1.offset_days", "within 250 working days"),
            ({"condition": Condition("floor", "equals", "3")}, "steps.1.condition", "“floor”"),
        ]
        for changes, where, text in cases:
            with self.subTest(changes=changes):
                errors = self.refused(self.with_step(1, **changes))
                self.assertIn(text, errors[where][0])

    def test_bad_parameters_and_settings_are_refused(self) -> None:
        draft = replace(
            self.draft(),
            parameters=[*self.draft().parameters, services.Param("name", "Again")],
            anchor_label=" ",
            min_notice_days=999,
        )
        errors = self.refused(draft)
        self.assertIn("Two parameters are called “name”.", errors["parameters.4.key"])
        self.assertIn("anchor_label", errors)
        self.assertIn("min_notice_days", errors)
        self.assertIn("Add at least one step.", self.refused(replace(draft, steps=[]))["steps"])

    def test_the_anchor_date_may_be_named_but_not_redefined(self) -> None:
        draft = self.with_step(0, subject="Record for {name} from {anchor_date}")
        services.save_version(self.erin, self.onboarding, draft)
        clash = replace(draft, parameters=[*draft.parameters, services.Param("anchor_date", "D")])
        self.assertIn("the anchor date itself", self.refused(clash)["parameters.4.key"][0])

    def test_saving_makes_the_next_version_current(self) -> None:
        draft = replace(self.draft(), note="Badge a day earlier")
        version = services.save_version(self.erin, self.onboarding, draft)
        self.assertEqual(version.number, 2)
        self.onboarding.refresh_from_db()
        self.assertEqual(self.onboarding.current, version)
        self.assertEqual(StepDefinition.objects.filter(version=version).count(), 4)

    def test_only_the_owning_teams_leads_keep_a_template(self) -> None:
        for person in (self.carol, self.grace, self.alice):
            with self.subTest(person=person.username), self.assertRaises(ValidationError):
                services.save_version(person, self.onboarding, self.draft())
        with self.assertRaises(ValidationError):
            services.create_template(self.grace, self.it, "Another", "", self.draft())
        self.assertEqual(WorkflowTemplate.objects.count(), 1)

    def test_a_name_already_taken_is_refused(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.create_template(self.erin, self.it, "onboarding", "", self.draft())
        self.assertIn("Another workflow is called", caught.exception.message_dict["name"][0])
