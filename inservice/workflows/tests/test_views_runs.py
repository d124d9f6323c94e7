"""The workflow pages: starting a run from the portal, its progress page, moving and cancelling."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.tickets.models import Ticket
from inservice.workflows.models import Run
from inservice.workflows.tests.support import MONDAY, START, WorkflowTestCase


def start_data(**changes: Any) -> dict[str, Any]:
    data = {
        "anchor_date": START.isoformat(),
        "p-name": "Jo Newhire",
        "p-equipment": "Standard",
        "p-location": "Berlin",
        "p-manager": "",
        "title": "",
    }
    return data | changes


@time_machine.travel(MONDAY, tick=False)
class StartPageTests(WorkflowTestCase):
    def url(self) -> str:
        return reverse("workflows:start", args=[self.onboarding.pk])

    def test_the_start_page_asks_the_anchor_date_and_every_parameter(self) -> None:
        self.login(self.alice)
        response = self.client.get(self.url())
        self.assertContains(response, "Start date")
        self.assertContains(response, "New hire&#x27;s name")
        self.assertContains(response, "asks for 10 working days' notice")
        self.assertContains(response, "on or after Sat 14 Mar 2026")  # 2-13 March: 10 days
        self.assertContains(response, "(after Payroll record)")  # steps named, not their keys

    def test_starting_a_run_redirects_to_its_progress_page(self) -> None:
        self.login(self.alice)
        response = self.client.post(self.url(), start_data())
        run = Run.objects.get()
        self.assertRedirects(response, reverse("workflows:run", args=[run.pk]))
        page = self.client.get(response["Location"])
        self.assertContains(page, "Onboarding: Jo Newhire")
        self.assertContains(page, "On track")
        self.assertContains(page, 'data-key="record"')
        record = run.steps.select_related("ticket").get(key="record").ticket
        assert record is not None
        self.assertContains(page, record.key)

    def test_short_notice_starts_the_run_and_shows_the_late_notice_flag(self) -> None:
        self.login(self.alice)
        response = self.client.post(self.url(), start_data(anchor_date="2026-03-09"), follow=True)
        self.assertContains(response, "Late notice: 5 working days before start date")
        self.assertContains(response, "Notice came later than the workflow asks.")
        self.assertTrue(Run.objects.get().late_notice)

    def test_bad_input_is_refused_with_messages_and_nothing_is_created(self) -> None:
        self.login(self.alice)
        cases = [
            ({"anchor_date": "2026-02-27"}, "Start date has passed"),
            ({"p-name": ""}, "This field is required."),
            ({"p-location": "Paris"}, "Select a valid choice"),
            ({"p-equipment": "Developer"}, "Step “Laptop” (New laptop): Why a developer laptop"),
            ({"p-manager": "nobody@example.org"}, "Nobody in the directory matches"),
        ]
        for changes, message in cases:
            with self.subTest(changes=changes):
                response = self.client.post(self.url(), start_data(**changes))
                self.assertEqual(response.status_code, 422)
                self.assertContains(response, message, status_code=422)
        self.assertFalse(Run.objects.exists())
        self.assertFalse(Ticket.objects.exists())


@time_machine.travel(MONDAY, tick=False)
class RunPageTests(WorkflowTestCase):
    def test_the_progress_page_answers_404_to_people_outside_the_run(self) -> None:
        run = self.start()
        url = reverse("workflows:run", args=[run.pk])
        for person, status in [
            (self.alice, 200),  # started it
            (self.dave, 200),  # Payroll owns a step
            (self.fiona, 200),  # Facilities owns a step
            (self.erin, 200),  # IT keeps the template
            (self.root, 200),
            (self.bob, 404),
            (self.frank, 404),
        ]:
            with self.subTest(person=person.username):
                self.login(person)
                self.assertEqual(self.client.get(url).status_code, status)

    def test_a_step_request_the_viewer_may_not_see_is_not_linked(self) -> None:
        run = self.start()
        record = run.steps.select_related("ticket").get(key="record").ticket
        assert record is not None
        self.login(self.fiona)  # Facilities: not the payroll request's team
        response = self.client.get(reverse("workflows:run", args=[run.pk]))
        self.assertNotContains(response, record.key)
        self.assertContains(response, "requested")

    def test_it_shows_the_critical_path_and_the_flowchart(self) -> None:
        run = self.start()
        self.login(self.alice)
        response = self.client.get(reverse("workflows:run", args=[run.pk]))
        self.assertContains(response, "Critical path")
        self.assertContains(response, "Payroll record → Laptop")
        self.assertContains(response, 'data-status="open"')
        self.assertContains(response, "<svg")

    def test_moving_the_date_and_cancelling_from_the_page(self) -> None:
        run = self.start()
        self.login(self.alice)
        moved = self.client.post(
            reverse("workflows:run_move", args=[run.pk]), {"anchor_date": "2026-03-23", "note": ""}
        )
        self.assertEqual(moved.status_code, 302)
        run.refresh_from_db()
        self.assertEqual(run.anchor_date, date(2026, 3, 23))
        bad = self.client.post(
            reverse("workflows:run_move", args=[run.pk]), {"anchor_date": "2026-01-01"}
        )
        self.assertContains(bad, "Start date has passed", status_code=422)
        empty = self.client.post(reverse("workflows:run_cancel", args=[run.pk]), {"reason": ""})
        self.assertEqual(empty.status_code, 422)
        run.refresh_from_db()
        self.assertEqual(run.status, "active")
        self.client.post(reverse("workflows:run_cancel", args=[run.pk]), {"reason": "Withdrew"})
        run.refresh_from_db()
        self.assertEqual(run.status, "cancelled")

    def test_someone_following_but_not_managing_cannot_move_it(self) -> None:
        run = self.start()
        self.login(self.dave)
        response = self.client.post(
            reverse("workflows:run_move", args=[run.pk]), {"anchor_date": "2026-03-23"}
        )
        self.assertEqual(response.status_code, 422)
        run.refresh_from_db()
        self.assertEqual(run.anchor_date, START)

    def count(self, url: str) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)

    def test_the_progress_page_queries_do_not_grow_with_the_steps(self) -> None:
        run = self.start()
        self.login(self.alice)
        url = reverse("workflows:run", args=[run.pk])
        self.client.get(url)
        few, _sql = self.count(url)
        record = run.steps.select_related("ticket").get(key="record").ticket
        with self.captureOnCommitCallbacks(execute=True):
            from inservice.tickets import services as tickets
            from inservice.tickets.lifecycle import Action

            assert record is not None
            tickets.transition(self.dave, record, Action.RESOLVE)
        more, sql = self.count(url)  # two more requests opened
        self.assertEqual(few, more, sql)

    def test_the_workflows_list_queries_do_not_grow_with_runs(self) -> None:
        self.login(self.alice)
        self.start()
        url = reverse("workflows:index")
        self.client.get(url)
        few, _sql = self.count(url)
        for _n in range(3):
            self.start()
        more, sql = self.count(url)
        self.assertEqual(few, more, sql)


@time_machine.travel(MONDAY, tick=False)
class StepRequestPageTests(WorkflowTestCase):
    def test_the_step_request_says_where_it_comes_from_and_what_it_is_due_by(self) -> None:
        run = self.start()
        record = run.steps.select_related("ticket").get(key="record").ticket
        assert record is not None
        self.login(self.dave)
        page = self.client.get(reverse("tickets:detail", args=[record.key]))
        self.assertContains(page, "opened the request as a step of a workflow")
        self.assertContains(page, reverse("workflows:run", args=[run.pk]))
        self.assertContains(page, "resolution due when the workflow step is")

    def test_a_wait_for_missing_information_is_marked_on_the_timeline(self) -> None:
        from inservice.tickets import services as tickets
        from inservice.tickets.choices import WaitReason
        from inservice.tickets.lifecycle import Action

        ticket = self.ask()
        tickets.transition(self.carol, ticket, Action.WAIT, reason=WaitReason.MISSING_INFORMATION)
        self.login(self.alice)
        page = self.client.get(reverse("tickets:detail", args=[ticket.key]))
        self.assertContains(page, '<span class="badge badge-warn">missing information</span>')


@time_machine.travel(MONDAY, tick=False)
class ClosedDayTests(WorkflowTestCase):
    def test_a_step_due_on_a_closed_anchor_date_moves_to_the_day_before_and_says_so(self) -> None:
        run = self.start(anchor=date(2026, 3, 21))  # a Saturday: nobody works
        badge = run.steps.get(key="badge")  # due on the anchor date itself
        self.assertEqual(badge.due_at, datetime(2026, 3, 20, 17, 0, tzinfo=UTC))
        self.assertIn("Sat 21 Mar is not a working day", badge.due_note)
        self.login(self.alice)
        page = self.client.get(reverse("workflows:run", args=[run.pk]))
        self.assertContains(page, "Sat 21 Mar is not a working day for the team")
