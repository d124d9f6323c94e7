"""Workflows over the API: start a run, follow it, move it, cancel it; refusals name the field."""

from __future__ import annotations

from typing import Any

import time_machine

from inservice.org.tests.api_support import ApiTestCase
from inservice.tickets.models import Ticket
from inservice.workflows.models import Run
from inservice.workflows.tests.support import MONDAY, START, WorkflowTestCase

BODY: dict[str, Any] = {
    "anchor_date": START.isoformat(),
    "params": {"name": "Jo Newhire", "equipment": "Standard", "location": "Berlin"},
}


@time_machine.travel(MONDAY, tick=False)
class WorkflowApiTests(WorkflowTestCase, ApiTestCase):
    def test_it_lists_and_describes_the_workflows_one_may_start(self) -> None:
        listed = self.get("/workflows", self.alice).json()
        self.assertEqual([t["name"] for t in listed["items"]], ["Onboarding"])
        detail = self.get(f"/workflows/{self.onboarding.pk}", self.alice).json()
        self.assertEqual([s["key"] for s in detail["steps"]], ["record", "laptop", "desk", "badge"])
        self.assertEqual(detail["min_notice_days"], 10)
        self.assertEqual(detail["parameters"][0]["key"], "name")

    def test_starting_a_run_answers_its_progress(self) -> None:
        response = self.post(f"/workflows/{self.onboarding.pk}/runs", self.alice, BODY)
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(body["forecast"], "on_track")
        self.assertFalse(body["late_notice"])
        steps = {s["key"]: s for s in body["steps"]}
        self.assertEqual(steps["record"]["state"], "open")
        self.assertTrue(steps["record"]["request"].startswith("PAY-"))
        self.assertEqual(steps["laptop"]["due_at"], "2026-03-12T17:00:00Z")
        self.assertEqual(body["critical_path"], ["record", "laptop"])

    def test_refusals_name_the_field_and_create_nothing(self) -> None:
        cases: list[tuple[dict[str, Any], str]] = [
            ({"anchor_date": "2026-02-01"}, "anchor_date"),
            ({"anchor_date": "soon"}, "anchor_date"),
            (
                {"params": {"name": "Jo", "equipment": "Developer", "location": "Berlin"}},
                "steps.laptop",
            ),
            ({"params": {"equipment": "Standard", "location": "Berlin"}}, "params.name"),
        ]
        for change, field in cases:
            with self.subTest(change=change):
                response = self.post(
                    f"/workflows/{self.onboarding.pk}/runs", self.alice, BODY | change
                )
                self.assertEqual(response.status_code, 422, response.content)
                self.assertIn(field, [p["loc"][-1] for p in response.json()["detail"]])
        self.assertFalse(Run.objects.exists())
        self.assertFalse(Ticket.objects.exists())

    def test_a_run_one_may_not_see_is_a_404(self) -> None:
        run = self.start()
        self.assertEqual(self.get(f"/workflow-runs/{run.pk}", self.bob).status_code, 404)
        self.assertEqual(self.get(f"/workflow-runs/{run.pk}", self.dave).status_code, 200)
        moved = self.post(
            f"/workflow-runs/{run.pk}/anchor", self.bob, {"anchor_date": "2026-03-23"}
        )
        self.assertEqual(moved.status_code, 404)

    def test_moving_and_cancelling(self) -> None:
        run = self.start()
        moved = self.post(
            f"/workflow-runs/{run.pk}/anchor", self.alice, {"anchor_date": "2026-03-23"}
        )
        self.assertEqual(moved.status_code, 200, moved.content)
        self.assertEqual(moved.json()["anchor_date"], "2026-03-23")
        refused = self.post(f"/workflow-runs/{run.pk}/cancel", self.alice, {"reason": ""})
        self.assertEqual(refused.status_code, 422)
        cancelled = self.post(f"/workflow-runs/{run.pk}/cancel", self.alice, {"reason": "Gone"})
        self.assertEqual(cancelled.json()["status"], "cancelled")

    def test_run_lists_and_details_keep_their_query_count(self) -> None:
        run = self.start()
        few_list = self.count_queries("/workflow-runs", self.alice)
        few_detail = self.count_queries(f"/workflow-runs/{run.pk}", self.alice)
        for _n in range(3):
            self.start()
        from inservice.tickets import services as tickets
        from inservice.tickets.lifecycle import Action

        record = run.steps.select_related("ticket").get(key="record").ticket
        assert record is not None
        with self.captureOnCommitCallbacks(execute=True):
            tickets.transition(self.dave, record, Action.RESOLVE)
        self.assertQueriesFlat(few_list, self.count_queries("/workflow-runs", self.alice))
        self.assertQueriesFlat(
            few_detail, self.count_queries(f"/workflow-runs/{run.pk}", self.alice)
        )
