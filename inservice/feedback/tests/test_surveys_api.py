"""Pulse surveys over the API: the lists, the results under the same rules as the page, and
answering (a 204 with nothing that points at the response; a refusal is a 422 naming
`answers.<question id>` or `survey`, with nothing stored)."""

from __future__ import annotations

from typing import Any

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inservice.feedback.models.surveys import QuestionKind, Response, Survey
from inservice.feedback.tests.test_surveys_support import MONDAY, SurveyTestCase
from inservice.org.choices import TokenScope
from inservice.org.models import Person
from inservice.org.tests.api_support import API, ApiTestCase


@time_machine.travel(MONDAY, tick=False)
class SurveyApiTests(SurveyTestCase, ApiTestCase):
    def respond(self, person: Person, survey: Survey, answers: dict[str, Any], **kw: Any) -> Any:
        return self.post(f"/surveys/{survey.pk}/responses", person, {"answers": answers}, **kw)

    def by_id(self, survey: Survey, **values: Any) -> dict[str, Any]:
        return {str(k): v for k, v in self.answers(survey, **values).items()}

    def test_people_list_the_surveys_asking_them_and_leads_those_they_run(self) -> None:
        survey = self.opened()
        self.answer(self.alice, survey)
        mine = self.get("/surveys", self.alice)
        self.assertEqual(mine.status_code, 200, mine.content)
        [item] = mine.json()["items"]
        self.assertEqual(
            item,
            {
                "id": survey.pk,
                "kind": "pulse",
                "title": "How is your week going?",
                "owner": {"slug": self.it.slug, "name": "IT Service Desk"},
                "state": "open",
                "opens_on": "2026-11-23",
                "closes_on": "2026-11-30",
                "min_group": 5,
                "answered": True,
                "invited": None,
                "respondents": None,
            },
        )
        self.assertEqual(self.get("/surveys", self.alice, role="run").json()["items"], [])
        [run] = self.get("/surveys", self.erin, role="run").json()["items"]
        self.assertEqual((run["invited"], run["respondents"], run["answered"]), (8, 1, None))
        bad = self.get("/surveys", self.erin, role="owner")
        self.assertEqual(bad.status_code, 422)
        self.assertEqual(bad.json()["detail"][0]["loc"], ["query", "role"])

    def count_lists(self) -> dict[str, int]:
        counts = {}
        for role in ("answer", "run"):
            path = f"{API}/surveys?role={role}"
            self.client.get(path, headers=self.auth(self.erin))
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(path, headers=self.auth(self.erin))
            self.assertEqual(response.status_code, 200)
            counts[role] = len(queries)
        return counts

    def test_the_lists_keep_their_query_counts(self) -> None:
        self.opened()
        few = self.count_lists()
        for _ in range(4):
            self.answer(self.erin, self.opened())
        self.assertEqual(len(self.get("/surveys", self.erin, role="run").json()["items"]), 5)
        self.assertEqual(self.count_lists(), few)

    def test_answering_stores_it_and_answers_nothing_that_points_at_it(self) -> None:
        survey = self.opened()
        response = self.respond(self.alice, survey, self.by_id(survey, scale=3, comment="Fine."))
        self.assertEqual(response.status_code, 204, response.content)
        self.assertEqual(response.content, b"")
        self.assertEqual(Response.objects.filter(survey=survey).count(), 1)

    def test_a_second_response_is_a_422_naming_the_survey(self) -> None:
        survey = self.opened()
        self.respond(self.alice, survey, self.by_id(survey))
        again = self.respond(self.alice, survey, self.by_id(survey, scale=1))
        self.assertEqual(again.status_code, 422)
        self.assertEqual(
            again.json()["detail"],
            [
                {
                    "loc": ["body", "survey"],
                    "msg": "You have already answered this survey: it takes one response per person.",
                    "type": "invalid",
                }
            ],
        )
        self.assertEqual(Response.objects.count(), 1)

    def test_bad_answers_are_named_by_question_and_nothing_is_stored(self) -> None:
        survey = self.opened()
        scale = self.question(survey, QuestionKind.SCALE)
        single = self.question(survey, QuestionKind.SINGLE)
        answers = {**self.by_id(survey), str(scale.pk): 11, str(single.pk): "Moon", "x": 1}
        response = self.respond(self.alice, survey, answers)
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["loc"], ["body", "answers", "x"])
        del answers["x"]
        response = self.respond(self.alice, survey, answers)
        self.assertEqual(response.status_code, 422)
        found = {tuple(p["loc"]): p["msg"] for p in response.json()["detail"]}
        self.assertEqual(
            found,
            {
                ("body", "answers", str(scale.pk)): "Choose a value from 1 to 5.",
                ("body", "answers", str(single.pk)): "Choose one of the options.",
            },
        )
        self.assertFalse(Response.objects.exists())
        extra = self.post(f"/surveys/{survey.pk}/responses", self.alice, {"answers": {}, "when": 1})
        self.assertEqual(extra.status_code, 422)

    def test_someone_not_asked_gets_a_404_and_a_read_only_token_a_403(self) -> None:
        survey = self.opened(audience_everyone=False, audience=(self.it,))
        self.assertEqual(self.respond(self.alice, survey, self.by_id(survey)).status_code, 404)
        read_only = self.respond(self.carol, survey, self.by_id(survey), scope=TokenScope.READ)
        self.assertEqual(read_only.status_code, 403)
        self.assertFalse(Response.objects.exists())


@time_machine.travel(MONDAY, tick=False)
class SurveyResultsApiTests(SurveyTestCase, ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.finance = self.department_of(6, "Finance")
        self.legal = self.department_of(4, "Legal")
        teams = (self.finance[0].team, self.legal[0].team)
        self.survey = self.opened(audience_everyone=False, audience=teams)
        for person in self.finance + self.legal:
            self.answer(person, self.survey, comment="Calm week.")
        self.path = f"/surveys/{self.survey.pk}/results"

    def test_nothing_is_released_before_the_survey_closes(self) -> None:
        body = self.get(self.path, self.erin).json()
        self.assertEqual(
            (body["released"], body["respondents"], body["shown"], body["questions"]),
            (False, 10, False, []),
        )

    def test_after_closing_everyone_shows_and_departments_that_give_each_other_away_do_not(
        self,
    ) -> None:
        self.closed(self.survey)
        body = self.get(self.path, self.root).json()
        self.assertEqual((body["released"], body["shown"], body["group_size"]), (True, True, 10))
        self.assertEqual(body["departments"], [])  # 10 - 6 = 4: both hidden
        text = body["questions"][3]
        self.assertEqual(text["comments"], ["Calm week."] * 10)
        self.assertEqual(sum(text["tones"].values()), 10)
        scale = body["questions"][0]
        self.assertEqual(scale["counts"][3], {"value": "4", "count": 10})
        for people in (self.finance, self.legal):
            team = people[0].team
            assert team is not None
            hidden = self.get(self.path, self.root, department=str(team.pk)).json()
            self.assertEqual(
                (hidden["shown"], hidden["group_size"], hidden["questions"]), (False, None, [])
            )

    def test_a_department_that_makes_no_sense_is_a_422_and_others_a_404(self) -> None:
        bad = self.get(self.path, self.erin, department="finance")
        self.assertEqual(bad.status_code, 422)
        self.assertEqual(bad.json()["detail"][0]["loc"], ["query", "department"])
        for outsider in (self.grace, self.finance[0]):
            self.assertEqual(self.get(self.path, outsider).status_code, 404)
