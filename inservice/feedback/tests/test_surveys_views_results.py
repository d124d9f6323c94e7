"""The results page and its CSV export: the owners' leads and administrators only; nothing before
the survey closes; only visible departments offered; a hidden one asked for directly says "too
few answers to show"; the export follows the same rules; a fixed number of queries."""

from __future__ import annotations

import csv
import io

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.feedback.models.surveys import Survey
from inservice.feedback.tests.test_surveys_support import MONDAY, SurveyTestCase
from inservice.org.models import Person

HTMX = {"HX-Request": "true"}
COMMENTS = ("Great team.", "Too many meetings.", '=HYPERLINK("http://x")', "Fine.", "Calm week.")


@time_machine.travel(MONDAY, tick=False)
class ResultsPageTests(SurveyTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.finance = self.department_of(8, "Finance")
        self.legal = self.department_of(3, "Legal")
        self.survey = self.opened(
            audience_everyone=False, audience=(self.team(self.finance), self.team(self.legal))
        )
        for i, person in enumerate(self.finance):
            self.answer(person, self.survey, scale=1 + i % 5, comment=COMMENTS[i % 5])
        for person in self.legal:
            self.answer(person, self.survey, scale=1, comment="Legal is unhappy.")
        self.url = reverse("feedback:survey_results", args=[self.survey.pk])
        self.csv_url = reverse("feedback:survey_results_csv", args=[self.survey.pk])

    def team(self, people: list[Person]) -> object:
        return people[0].team

    def dept(self, people: list[Person]) -> str:
        team = people[0].team
        assert team is not None
        return str(team.pk)

    def rows(self, **params: str) -> list[list[str]]:
        response = self.client.get(self.csv_url, params)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        return list(csv.reader(io.StringIO(response.content.decode())))

    def test_nothing_shows_before_the_survey_closes_but_the_response_rate(self) -> None:
        self.login(self.erin)
        response = self.client.get(self.url)
        self.assertContains(response, "11 of 11 asked answered")
        self.assertContains(response, "Results are released when the survey closes")
        self.assertNotContains(response, "Great team.")
        self.assertNotContains(response, 'data-question="')
        rows = self.rows()
        self.assertIn(["respondents", "too few answers to show"], rows)
        self.assertNotIn("Great team.", str(rows))

    def test_after_closing_everyone_s_results_show_and_only_visible_departments_are_offered(
        self,
    ) -> None:
        self.closed(self.survey)
        self.login(self.erin)
        response = self.client.get(self.url)
        self.assertContains(response, "11 respondents in this group.")
        self.assertContains(response, "average 2.18")
        self.assertContains(response, "Legal is unhappy.")
        self.assertContains(response, "Negative: ")
        # Legal (3) is hidden; Finance (8) would give Legal away by subtraction: neither offered.
        self.assertNotContains(response, f'value="{self.dept(self.finance)}"')
        self.assertNotContains(response, f'value="{self.dept(self.legal)}"')

    def test_a_hidden_department_asked_for_directly_says_too_few_answers(self) -> None:
        self.closed(self.survey)
        for admin in (self.erin, self.root):
            self.login(admin)
            with self.subTest(who=admin.username):
                response = self.client.get(self.url, {"department": self.dept(self.legal)})
                self.assertContains(response, "Too few answers to show.")
                self.assertContains(response, "Results of Legal")
                self.assertNotContains(response, "Legal is unhappy.")
                self.assertNotContains(response, 'data-question="')
                rows = self.rows(department=self.dept(self.legal))
                self.assertIn(["respondents", "too few answers to show"], rows)
                self.assertNotIn("Legal is unhappy.", str(rows))

    def test_the_filter_swaps_the_results_alone_with_htmx(self) -> None:
        self.closed(self.survey)
        self.login(self.erin)
        response = self.client.get(self.url, {"department": ""}, headers=HTMX)
        self.assertTemplateUsed(response, "feedback/surveys/partials/results.html")
        self.assertNotContains(response, "<html")
        self.assertContains(response, "11 respondents in this group.")
        bad = self.client.get(self.url, {"department": "sales"}, headers=HTMX)
        self.assertContains(bad, "Choose a department from the list.", status_code=422)

    def test_the_export_has_the_same_figures_and_defuses_formulas(self) -> None:
        self.closed(self.survey)
        self.login(self.erin)
        rows = self.rows()
        self.assertEqual(rows[0], ["survey", "How is your week going?"])
        self.assertIn(["respondents", "11"], rows)
        self.assertIn(["How was your week?", "Scale", "mean", "2.18"], rows)
        self.assertIn(["How was your week?", "Scale", "1", "5"], rows)
        self.assertIn(["Where do you work most?", "Single choice", "Office", "11"], rows)
        self.assertIn(["Anything else?", "Free text", "Legal is unhappy.", ""], rows)
        self.assertIn(["Anything else?", "Free text", '\'=HYPERLINK("http://x")', ""], rows)

    def test_only_the_owning_team_s_leads_and_administrators_see_results(self) -> None:
        self.closed(self.survey)
        for outsider in (self.carol, self.grace, self.finance[0]):
            self.login(outsider)
            with self.subTest(who=outsider.username):
                self.assertEqual(self.client.get(self.url).status_code, 404)
                self.assertEqual(self.client.get(self.csv_url).status_code, 404)

    def test_the_page_partial_and_export_keep_their_query_counts_whatever_the_answers(self) -> None:
        self.login(self.erin)
        counted = []
        for size in (5, 12):
            first, second = self.department_of(size, "Audit"), self.department_of(size, "Risk")
            survey = self.opened(
                audience_everyone=False, audience=(self.team(first), self.team(second))
            )
            for person in first + second:
                self.answer(person, survey, comment="More words here.")
            counted.append(self.closed(survey))
        for headers in ({}, HTMX):
            for group in ("", "first"):
                with self.subTest(htmx=bool(headers), group=group):
                    few, _sql = self.count_queries(counted[0], headers, group)
                    many, sql = self.count_queries(counted[1], headers, group)
                    self.assertEqual(few, many, sql)
        few, _sql = self.count_queries(counted[0], {}, "", export=True)
        many, sql = self.count_queries(counted[1], {}, "", export=True)
        self.assertEqual(few, many, sql)

    def count_queries(
        self, survey: Survey, headers: dict[str, str], group: str, export: bool = False
    ) -> tuple[int, str]:
        name = "feedback:survey_results_csv" if export else "feedback:survey_results"
        url = reverse(name, args=[survey.pk])
        department = str(survey.audience.order_by("pk")[0].pk) if group else ""
        params = {"department": department}
        self.client.get(url, params, headers=headers)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, params, headers=headers)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "How was your week?")
        return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)
