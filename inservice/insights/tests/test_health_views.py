"""The health check pages: the archive, one check (printable), its CSV, the leads' notes in
place, publishing and making them; who sees what (404 otherwise); query counts."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import time_machine

from inservice.insights import services_health
from inservice.insights.models_health import HealthCheck
from inservice.insights.periods import Period
from inservice.insights.services_health import NotesDraft
from inservice.insights.tests.health_support import (
    HTMX,
    NOW,
    QuarterTestCase,
    count_queries,
    generate,
    lead_of,
)
from inservice.org.models import Person

ARCHIVE = "/insights/teams/it-service-desk/health/"
CHECK = ARCHIVE + "2026-Q3/"


class PageTestCase(QuarterTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.check = generate(self.it)

    def get(self, person: Person, url: str, **headers: str) -> Any:
        self.client.force_login(person)
        with time_machine.travel(NOW, tick=False):
            return self.client.get(url, headers=headers)

    def post(
        self, person: Person, url: str, data: dict[str, str] | None = None, **headers: str
    ) -> Any:
        self.client.force_login(person)
        with time_machine.travel(NOW, tick=False):
            return self.client.post(url, data or {}, headers=headers)

    def publish(self) -> None:
        with time_machine.travel(NOW, tick=False):
            services_health.publish_check(self.erin, self.check)


class ArchiveTests(PageTestCase):
    def test_the_lead_sees_every_check_drafts_marked(self) -> None:
        response = self.get(self.erin, ARCHIVE)
        self.assertContains(response, "2026-Q3")
        self.assertContains(response, "Draft")
        self.assertContains(response, "Some measures need action.")
        self.assertContains(
            response,
            '<span class="light light-red"><span aria-hidden="true">✕</span> Needs action</span> <strong>2</strong>',
            html=False,
        )
        # Q3 is there: no offer to make the last quarter's.
        self.assertNotContains(response, "Make the 2026-Q3 check")

    def test_members_see_published_checks_only(self) -> None:
        self.assertNotContains(self.get(self.carol, ARCHIVE), "2026-Q3")
        self.publish()
        response = self.get(self.carol, ARCHIVE)
        self.assertContains(response, "2026-Q3")
        self.assertNotContains(response, "Draft")

    def test_department_leads_and_administrators_see_drafts(self) -> None:
        dana = lead_of(self.cast.sales_dept, "Dana")
        with time_machine.travel(NOW, tick=False):
            services_health.prepare_check(
                self.root, self.cast.sales, services_health.quarter_of_check(self.check)
            )
        self.assertContains(self.get(dana, "/insights/teams/sales-west/health/"), "Draft")
        self.assertContains(self.get(self.root, ARCHIVE), "Draft")

    def test_it_is_linked_from_the_team_dashboard_and_the_leads_page(self) -> None:
        link = f'<a class="btn" href="{ARCHIVE}">Health checks</a>'
        self.assertContains(
            self.get(self.carol, "/insights/teams/it-service-desk/"), link, html=True
        )
        self.assertContains(self.get(self.erin, "/manage/teams/it-service-desk/"), link, html=True)

    def test_anyone_else_gets_404(self) -> None:
        for person in (self.alice, self.grace, self.dave):
            self.assertEqual(self.get(person, ARCHIVE).status_code, 404)
        self.assertEqual(self.get(self.erin, "/insights/teams/nobody/health/").status_code, 404)

    def test_a_lead_is_offered_the_missing_quarter(self) -> None:
        response = self.get(self.grace, "/insights/teams/payroll/health/")
        self.assertContains(response, "Make the 2026-Q3 check")
        self.assertNotContains(self.get(self.dave, "/insights/teams/payroll/health/"), "Make the")

    def test_its_queries_do_not_grow_with_the_checks(self) -> None:
        self.client.force_login(self.erin)
        with time_machine.travel(NOW, tick=False):
            one, _sql = count_queries(self.client, ARCHIVE)
            for year, quarter in ((2025, 4), (2026, 1), (2026, 2)):
                start = date(year, 3 * quarter - 2, 1)
                services_health.generate_check(self.it.pk, Period.quarter_of(start))
            four, sql = count_queries(self.client, ARCHIVE)
        self.assertEqual(HealthCheck.objects.filter(team=self.it).count(), 4)
        self.assertEqual(four, one, sql)


class CheckPageTests(PageTestCase):
    def test_the_lead_reads_the_draft_with_every_part(self) -> None:
        response = self.get(self.erin, CHECK)
        self.assertEqual(response.status_code, 200)
        for text in (
            "Health check: IT Service Desk, 2026-Q3",
            "From 1 July 2026 to 30 September 2026",
            "compared with the quarter before (1 April 2026 to 30 June 2026)",
            "Made 2 Oct 2026, 10:00 by the quarterly task.",  # in Erin's zone, Berlin
            "Draft",
            "First responses in time",
            "Thank you so much, this is great help!",
            "Slow, rude and the problem is still not fixed. Terrible.",
            "Quick laptop!",
            "1 kudos received this quarter.",
            "No training was due this quarter.",
            "Publish for the team",
            "Regenerate from today's figures",
            "Write the commentary and commitments",
        ):
            self.assertContains(response, text)

    def test_each_line_shows_its_light_in_words_and_colour(self) -> None:
        response = self.get(self.erin, CHECK)
        row = (
            '<tr><th scope="row">First responses in time</th><td>50%</td><td>100%</td>'
            '<td>down 50 points (worse)</td><td>90%</td><td><span class="light light-red">'
            '<span aria-hidden="true">✕</span> Needs action</span></td></tr>'
        )
        self.assertContains(response, row, html=True)
        self.assertContains(response, "Median time to first response")
        self.assertContains(response, "1 h")  # 60 minutes
        self.assertContains(response, '<span aria-hidden="true">○</span> No data', html=False)

    def test_it_is_ready_to_print(self) -> None:
        response = self.get(self.erin, CHECK)
        self.assertContains(response, "insights/insights.css")
        self.assertContains(response, "insights/health.css")
        self.assertContains(response, "insights/health.js")
        self.assertContains(
            response,
            '<button type="button" class="btn" data-print hidden>Print / save as PDF</button>',
            html=True,
        )
        # The controls are left off paper; nothing the page shows is folded away.
        self.assertContains(response, 'class="row no-print"')
        article = response.content.decode().partition("<article")[2]
        self.assertNotIn("<details", article)

    def test_members_read_it_once_published_without_the_leads_controls(self) -> None:
        self.assertEqual(self.get(self.carol, CHECK).status_code, 404)
        self.publish()
        response = self.get(self.carol, CHECK)
        self.assertContains(response, "Published 2 Oct 2026.")
        for control in ("Publish for the team", "Regenerate", "Write the commentary"):
            self.assertNotContains(response, control)

    def test_anyone_else_and_any_other_quarter_get_404(self) -> None:
        self.publish()
        self.assertEqual(self.get(self.alice, CHECK).status_code, 404)
        self.assertEqual(self.get(self.grace, CHECK).status_code, 404)
        for quarter in ("2026-Q2", "2026-Q5", "2026-q3", "nonsense"):
            self.assertEqual(self.get(self.erin, ARCHIVE + quarter + "/").status_code, 404)

    def test_its_queries_do_not_grow_with_what_it_shows(self) -> None:
        self.client.force_login(self.erin)
        with time_machine.travel(NOW, tick=False):
            few, _sql = count_queries(self.client, CHECK)
            many = "\n".join(f"Commitment {n} | 2026-12-{n + 1:02d}" for n in range(20))
            services_health.save_notes(self.erin, self.check, NotesDraft("**Notes**", many))
            services_health.prepare_check(
                self.erin, self.it, services_health.quarter_of_check(self.check)
            )
            more, sql = count_queries(self.client, CHECK)
        self.assertEqual(more, few, sql)


class CsvTests(PageTestCase):
    def test_the_scorecard_as_csv(self) -> None:
        response = self.get(self.erin, CHECK + "scorecard.csv")
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertEqual(
            response["Content-Disposition"],
            'attachment; filename="health-check-it-service-desk-2026-Q3.csv"',
        )
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        self.assertEqual(
            rows[0], ["Measure", "Unit", "This quarter", "Previous quarter", "Target", "Light"]
        )
        self.assertEqual(len(rows), 16)
        self.assertEqual(
            rows[1], ["First responses in time", "percent", "50", "100", "90", "Needs action"]
        )
        self.assertIn(["Internal NPS", "score", "", "", "", "No data"], rows)

    def test_for_the_same_people_as_the_page(self) -> None:
        url = CHECK + "scorecard.csv"
        self.assertEqual(self.get(self.carol, url).status_code, 404)  # a draft
        self.assertEqual(self.get(self.alice, url).status_code, 404)
        self.publish()
        self.assertEqual(self.get(self.carol, url).status_code, 200)


class NotesTests(PageTestCase):
    url = CHECK + "notes/"

    def test_the_lead_opens_the_editor_in_place(self) -> None:
        response = self.get(self.erin, self.url + "?edit=1", **HTMX)
        self.assertTemplateUsed(response, "insights/health/partials/notes.html")
        self.assertContains(response, 'name="commitments"')
        self.assertContains(response, 'name="version" value="1"', html=False)
        # Without JavaScript, the check's own page opens it.
        self.assertContains(self.get(self.erin, CHECK + "?edit=notes"), 'name="commitments"')

    def test_others_get_the_notes_as_shown(self) -> None:
        self.publish()
        response = self.get(self.carol, self.url + "?edit=1", **HTMX)
        self.assertNotContains(response, "<form")
        self.assertContains(response, "No commentary yet.")

    def test_a_save_answers_204_and_the_section_reloads(self) -> None:
        data = {
            "commentary": "A **better** July.",
            "commitments": "Reply by noon | 2026-11-30",
            "version": "1",
        }
        response = self.post(self.erin, self.url, data, **HTMX)
        self.assertEqual(response.status_code, 204)
        self.assertEqual(response["HX-Trigger"], "health-notes-saved")
        shown = self.get(self.erin, self.url, **HTMX)
        self.assertContains(shown, "<strong>better</strong>", html=False)
        self.assertContains(shown, "Reply by noon")
        self.assertContains(shown, "by 30 Nov 2026")
        self.assertContains(shown, "Written by Erin Lead")

    def test_without_htmx_it_lands_on_the_check(self) -> None:
        response = self.post(
            self.erin, self.url, {"commentary": "Fine.", "commitments": "", "version": "1"}
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(response["Location"], CHECK)

    def test_bad_input_answers_422_beside_the_field_and_changes_nothing(self) -> None:
        data = {"commentary": "<b>Bold</b>", "commitments": "Soon | next week", "version": "1"}
        response = self.post(self.erin, self.url, data, **HTMX)
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Nothing was saved", status_code=422)
        self.assertContains(
            response,
            "Line 1: after “|”, write the due date as YYYY-MM-DD (not “next week”).",
            status_code=422,
        )
        self.assertContains(response, "&lt;b&gt;Bold&lt;/b&gt;", status_code=422)  # kept, escaped
        self.check.refresh_from_db()
        self.assertEqual(
            (self.check.commentary, self.check.commitments, self.check.version), ("", [], 1)
        )

    def test_a_stale_save_is_refused(self) -> None:
        services_health.save_notes(self.root, self.check, NotesDraft("Mine first."))
        response = self.post(
            self.erin, self.url, {"commentary": "Mine.", "commitments": "", "version": "1"}, **HTMX
        )
        self.assertContains(response, "Someone else changed this health check", status_code=422)
        self.check.refresh_from_db()
        self.assertEqual(self.check.commentary, "Mine first.")

    def test_members_cannot_write(self) -> None:
        self.publish()
        response = self.post(self.carol, self.url, {"commentary": "Mine.", "version": "2"}, **HTMX)
        self.assertEqual(response.status_code, 404)


class PublishAndPrepareTests(PageTestCase):
    def test_the_lead_publishes(self) -> None:
        response = self.post(self.erin, CHECK + "publish/")
        self.assertEqual((response.status_code, response["Location"]), (303, CHECK))
        self.check.refresh_from_db()
        self.assertEqual(self.check.published_by, self.erin)

    def test_publishing_is_a_post_for_the_leads(self) -> None:
        self.assertEqual(self.get(self.erin, CHECK + "publish/").status_code, 405)
        self.assertEqual(self.post(self.carol, CHECK + "publish/").status_code, 404)
        self.check.refresh_from_db()
        self.assertIsNone(self.check.published_at)

    def test_the_lead_regenerates(self) -> None:
        response = self.post(self.erin, CHECK + "prepare/")
        self.assertEqual(response.status_code, 303)
        self.check.refresh_from_db()
        self.assertEqual(self.check.generated_by, self.erin)

    def test_a_lead_makes_a_missing_check(self) -> None:
        response = self.post(self.grace, "/insights/teams/payroll/health/2026-Q3/prepare/")
        self.assertEqual(response["Location"], "/insights/teams/payroll/health/2026-Q3/")
        self.assertTrue(HealthCheck.objects.filter(team=self.payroll).exists())

    def test_a_quarter_still_running_is_refused(self) -> None:
        response = self.post(self.grace, "/insights/teams/payroll/health/2026-Q4/prepare/")
        self.assertContains(response, "This quarter has not ended", status_code=422)
        self.assertFalse(HealthCheck.objects.filter(team=self.payroll).exists())

    def test_others_get_404(self) -> None:
        self.assertEqual(
            self.post(self.dave, "/insights/teams/payroll/health/2026-Q3/prepare/").status_code, 404
        )
        self.assertEqual(
            self.post(self.grace, "/insights/teams/payroll/health/2026-Q9/prepare/").status_code,
            404,
        )
        self.assertFalse(HealthCheck.objects.filter(team=self.payroll).exists())
