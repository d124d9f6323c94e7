"""The surveys list: the open surveys one was asked to answer (answered ones marked), and for
leads and administrators the surveys they run with their response rate; a fixed number of
queries whatever the number of surveys."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.feedback.services import surveys
from inservice.feedback.tests.test_surveys_support import MONDAY, TODAY, SurveyTestCase

URL = reverse("feedback:surveys")


@time_machine.travel(MONDAY, tick=False)
class SurveyListTests(SurveyTestCase):
    def count_queries(self) -> tuple[int, str]:
        self.client.get(URL)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)

    def test_people_see_the_surveys_asking_them_and_which_they_answered(self) -> None:
        weekly = self.opened(title="Weekly pulse")
        monthly = self.opened(title="Monthly pulse")
        self.make(title="Not open yet", opens_on=TODAY + timedelta(days=1))
        self.answer(self.alice, weekly)
        self.login(self.alice)
        response = self.client.get(URL)
        self.assertContains(response, "Weekly pulse")
        self.assertContains(response, "Monthly pulse")
        self.assertNotContains(response, "Not open yet")
        self.assertContains(response, '<span class="badge badge-ok">answered</span>', html=True)
        self.assertContains(response, reverse("feedback:survey_answer", args=[monthly.pk]))
        self.assertNotContains(response, "Surveys you run")  # alice leads no team
        self.assertNotContains(response, reverse("feedback:survey_new"))

    def test_leads_see_the_surveys_they_run_with_their_response_rate(self) -> None:
        survey = self.opened(title="Weekly pulse")
        self.answer(self.alice, survey)
        self.answer(self.bob, survey)
        self.make(title="Payroll pulse", owner=self.payroll, actor=self.grace)
        self.login(self.erin)
        response = self.client.get(URL)
        self.assertContains(response, "Surveys you run")
        self.assertContains(response, reverse("feedback:survey", args=[survey.pk]))
        self.assertContains(response, "2 of 8")
        self.assertContains(response, "(25%)")
        self.assertNotContains(response, "Payroll pulse")  # another team's
        self.assertContains(response, reverse("feedback:survey_new"))
        self.login(self.root)  # administrators see every team's
        self.assertContains(self.client.get(URL), "Payroll pulse")

    def test_the_page_keeps_its_query_count_whatever_the_number_of_surveys(self) -> None:
        self.login(self.erin)
        self.opened(title="First")
        few, _sql = self.count_queries()
        for n in range(4):
            survey = self.opened(title=f"More {n}")
            self.answer(self.alice, survey)
        surveys.create_survey(self.grace, self.draft(owner=self.payroll), today=TODAY)
        many, sql = self.count_queries()
        self.assertEqual(few, many, sql)
