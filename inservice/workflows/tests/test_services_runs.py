"""Starting a run, opening steps as their predecessors finish, moving the anchor, cancelling."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import time_machine
from django.core.exceptions import ValidationError

from inservice.catalog import services as catalog
from inservice.catalog.choices import FieldKind
from inservice.catalog.services import FieldSpec
from inservice.sla.choices import Target
from inservice.sla.models import Clock
from inservice.tickets import services as tickets
from inservice.tickets.choices import EntryKind, Status
from inservice.tickets.lifecycle import Action
from inservice.tickets.models import Ticket
from inservice.workflows import services
from inservice.workflows.choices import RunStatus, StepState
from inservice.workflows.models import Run, RunStep
from inservice.workflows.tests.support import MONDAY, WorkflowTestCase, onboarding_draft


def resolve(ticket: Ticket | None, agent: object) -> None:
    assert ticket is not None
    tickets.transition(agent, Ticket.objects.get(pk=ticket.pk), Action.RESOLVE)  # type: ignore[arg-type]


@time_machine.travel(MONDAY, tick=False)
class StartTests(WorkflowTestCase):
    def steps(self, run: Run) -> dict[str, RunStep]:
        return {s.key: s for s in run.steps.select_related("ticket")}

    def test_a_service_form_changed_since_the_last_start_is_checked_as_it_is_now(self) -> None:
        self.start()  # the steps are read, and kept for the next start
        catalog.set_form(
            self.payslip,
            [FieldSpec(key="employee_id", label="Employee ID", kind=FieldKind.TEXT, required=True)],
        )
        with self.assertRaises(ValidationError) as refused:
            self.start()
        self.assertIn("Employee ID", refused.exception.message_dict["steps.record"][0])

    def test_it_requests_the_steps_that_wait_on_nothing_at_once(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            run = self.start()
        steps = self.steps(run)
        self.assertEqual(steps["record"].state, StepState.OPEN)
        record = steps["record"].ticket
        assert record is not None
        self.assertEqual(record.team, self.payroll)
        self.assertEqual(record.subject, "Payroll record for Jo Newhire")
        self.assertEqual(record.requester, self.alice)
        for key in ("laptop", "desk", "badge"):
            self.assertEqual(steps[key].state, StepState.PENDING)
            self.assertIsNone(steps[key].ticket)
        self.assertEqual(run.title, "Onboarding: Jo Newhire")
        self.assertFalse(run.late_notice)
        self.assertEqual(run.notice_days, 10)

    def test_it_makes_each_step_due_at_its_offset_in_working_days(self) -> None:
        steps = self.steps(self.start())
        # 16 March is a Monday: 8 working days before is Wednesday 4 March, 2 before Thursday 12.
        self.assertEqual(steps["record"].due_at, datetime(2026, 3, 4, 17, 0, tzinfo=UTC))
        self.assertEqual(steps["laptop"].due_at, datetime(2026, 3, 12, 17, 0, tzinfo=UTC))
        self.assertEqual(steps["desk"].due_at, datetime(2026, 3, 13, 17, 0, tzinfo=UTC))
        self.assertEqual(steps["badge"].due_at, datetime(2026, 3, 16, 17, 0, tzinfo=UTC))

    def test_the_step_request_is_due_when_the_step_is(self) -> None:
        record = self.steps(self.start())["record"]
        clock = Clock.objects.get(ticket=record.ticket, target=Target.RESOLUTION)
        self.assertEqual(clock.due_at, record.due_at)

    def test_it_opens_the_next_steps_when_their_predecessor_is_resolved(self) -> None:
        run = self.start()
        with self.captureOnCommitCallbacks(execute=True):
            resolve(self.steps(run)["record"].ticket, self.dave)
        steps = self.steps(run)
        self.assertEqual(steps["record"].state, StepState.DONE)
        self.assertEqual(steps["laptop"].state, StepState.OPEN)
        self.assertEqual(steps["desk"].state, StepState.OPEN)
        self.assertEqual(steps["badge"].state, StepState.PENDING)
        laptop = steps["laptop"].ticket
        assert laptop is not None
        self.assertEqual(laptop.answers, {"model": "Standard"})
        self.assertEqual(laptop.team, self.it)

    def test_a_step_whose_condition_fails_is_skipped_and_its_followers_wait_on_what_it_waited_on(
        self,
    ) -> None:
        run = self.start(location="New York")
        with self.captureOnCommitCallbacks(execute=True):
            resolve(self.steps(run)["record"].ticket, self.dave)
        steps = self.steps(run)
        self.assertEqual(steps["desk"].state, StepState.SKIPPED)
        self.assertEqual(steps["badge"].state, StepState.OPEN)  # desk does not apply

    def test_advancing_twice_requests_each_step_once(self) -> None:
        run = self.start()
        with self.captureOnCommitCallbacks(execute=True):
            resolve(self.steps(run)["record"].ticket, self.dave)
        services.advance(run.pk)
        services.advance(run.pk)
        self.assertEqual(Ticket.objects.filter(requester=self.alice).count(), 3)

    def test_the_run_completes_when_every_step_is_finished(self) -> None:
        run = self.start(location="New York")
        with self.captureOnCommitCallbacks(execute=True):
            resolve(self.steps(run)["record"].ticket, self.dave)
        with self.captureOnCommitCallbacks(execute=True):
            resolve(self.steps(run)["laptop"].ticket, self.carol)
            resolve(self.steps(run)["badge"].ticket, self.fiona)
        run.refresh_from_db()
        self.assertEqual(run.status, RunStatus.COMPLETED)

    def test_short_notice_is_flagged_on_the_run_and_the_requests(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            run = self.start(anchor=date(2026, 3, 9))
        self.assertTrue(run.late_notice)
        self.assertEqual(run.notice_days, 5)
        record = self.steps(run)["record"].ticket
        entry = record.entries.get(kind=EntryKind.CREATED)  # type: ignore[union-attr]
        self.assertTrue(entry.datum("late_notice"))
        self.assertEqual(entry.datum("min_notice_days"), 10)
        # The initiator and the owning team hear of it.
        self.assertTrue(self.alice.notifications.filter(kind="workflow").exists())
        self.assertTrue(self.grace.notifications.filter(kind="workflow").exists())
        self.assertTrue(self.dave.notifications.filter(kind="workflow").exists())


@time_machine.travel(MONDAY, tick=False)
class RefusalTests(WorkflowTestCase):
    def refused(self, **params: Any) -> dict[str, list[str]]:
        with self.assertRaises(ValidationError) as caught:
            self.start(**params)
        self.assertFalse(Run.objects.exists())
        self.assertFalse(Ticket.objects.exists())
        return caught.exception.message_dict

    def test_an_anchor_date_in_the_past_is_refused(self) -> None:
        errors = self.refused(anchor=date(2026, 2, 27))
        self.assertIn("Start date has passed", errors["anchor_date"][0])

    def test_a_missing_parameter_is_refused(self) -> None:
        errors = self.refused(name="")
        self.assertIn("params.name", errors)

    def test_parameters_that_fail_a_steps_form_are_refused_naming_the_step(self) -> None:
        errors = self.refused(equipment="Developer")  # a developer laptop needs a justification
        self.assertIn("steps.laptop", errors)
        self.assertIn("Step “Laptop”", errors["steps.laptop"][0])
        self.assertIn("Why a developer laptop", errors["steps.laptop"][0])

    def test_an_unknown_choice_is_refused(self) -> None:
        errors = self.refused(location="Paris")
        self.assertIn("params.location", errors)


@time_machine.travel(MONDAY, tick=False)
class ChangeTests(WorkflowTestCase):
    def test_moving_the_anchor_reschedules_open_steps_and_tells_their_team(self) -> None:
        run = self.start()
        with self.captureOnCommitCallbacks(execute=True):
            services.move_anchor(self.alice, run, date(2026, 3, 23), "Start moved a week")
        record = run.steps.select_related("ticket").get(key="record")
        self.assertEqual(record.due_at, datetime(2026, 3, 11, 17, 0, tzinfo=UTC))
        clock = Clock.objects.get(ticket=record.ticket, target=Target.RESOLUTION)
        self.assertEqual(clock.due_at, record.due_at)
        laptop = run.steps.get(key="laptop")
        self.assertEqual(laptop.due_at, datetime(2026, 3, 19, 17, 0, tzinfo=UTC))
        assert record.ticket is not None
        entry = record.ticket.entries.filter(kind=EntryKind.WORKFLOW).last()
        assert entry is not None
        self.assertEqual(entry.datum("event"), "rescheduled")
        self.assertTrue(self.dave.notifications.filter(kind="workflow").exists())

    def test_only_the_initiator_or_a_lead_moves_or_cancels_a_run(self) -> None:
        run = self.start()
        with self.assertRaises(ValidationError):
            services.move_anchor(self.bob, run, date(2026, 3, 23))
        with self.assertRaises(ValidationError):
            services.cancel_run(self.carol, run, "no")
        services.move_anchor(self.erin, run, date(2026, 3, 23))  # lead of the owning team

    def test_cancelling_cancels_open_requests_with_a_timeline_entry(self) -> None:
        run = self.start()
        services.cancel_run(self.alice, run, "The hire withdrew.")
        run.refresh_from_db()
        self.assertEqual(run.status, RunStatus.CANCELLED)
        record = run.steps.select_related("ticket").get(key="record")
        assert record.ticket is not None
        self.assertEqual(record.ticket.status, Status.CANCELLED)
        self.assertTrue(record.ticket.entries.filter(kind=EntryKind.WORKFLOW).exists())
        self.assertIn(
            "The hire withdrew.", record.ticket.entries.filter(kind=EntryKind.REPLY).get().body
        )
        self.assertEqual(
            set(run.steps.values_list("state", flat=True)), {StepState.CANCELLED.value}
        )


@time_machine.travel(MONDAY, tick=False)
class PrefillTests(WorkflowTestCase):
    def desk_form(self, *areas: str, dated: bool = False) -> None:
        """The desk service asks which areas (several may be ticked) and, if dated, from when."""
        fields = [
            FieldSpec(
                key="areas",
                label="Areas",
                kind=FieldKind.MULTIPLE_CHOICE,
                required=True,
                options=list(areas),
            )
        ]
        if dated:
            fields.append(FieldSpec(key="from", label="From", kind=FieldKind.DATE, required=True))
        catalog.set_form(self.desk, fields)

    def test_multiple_choices_and_the_anchor_date_fill_a_steps_form(self) -> None:
        self.desk_form("Lobby", "Floor 3", "Garage", dated=True)
        draft = onboarding_draft(self.cast, self.desk)
        steps = list(draft.steps)
        steps[2] = replace(
            steps[2],
            subject="Desk from {anchor_date}",
            prefill={"areas": "Lobby, Floor 3", "from": "{anchor_date}"},
        )
        steps[3] = replace(steps[3], prefill={"areas": "Garage", "from": "{anchor_date}"})
        services.save_version(self.erin, self.onboarding, replace(draft, steps=steps))
        run = self.start()
        with self.captureOnCommitCallbacks(execute=True):
            resolve(run.steps.select_related("ticket").get(key="record").ticket, self.dave)
        desk = run.steps.select_related("ticket").get(key="desk").ticket
        assert desk is not None
        self.assertEqual(desk.answers, {"areas": ["Lobby", "Floor 3"], "from": "2026-03-16"})
        self.assertEqual(desk.subject, "Desk from 2026-03-16")

    def test_an_option_the_form_does_not_offer_is_refused_naming_the_step(self) -> None:
        self.desk_form("Lobby", "Garage")
        draft = onboarding_draft(self.cast, self.desk)
        steps = [
            replace(s, prefill={"areas": "Roof"}) if s.service == self.desk else s
            for s in draft.steps
        ]
        services.save_version(self.erin, self.onboarding, replace(draft, steps=steps))
        with self.assertRaises(ValidationError) as caught:
            self.start()
        self.assertIn("Step “Desk” (Desk): Areas", caught.exception.message_dict["steps.desk"][0])
        self.assertFalse(Run.objects.exists())
