"""NPS over the API: a team's campaigns and trend, one campaign's results under the same
anonymity rules as the pages, creating a campaign (422 naming the field), answering one."""

from __future__ import annotations

from typing import Any

import time_machine

from inservice.feedback.models.surveys import Answer, Response, Survey, SurveyState
from inservice.feedback.services import surveys
from inservice.feedback.tests.test_nps_support import CLOSES, NOW, Q3, TODAY, NpsTestCase
from inservice.org.tests.api_support import ApiTestCase


@time_machine.travel(NOW, tick=False)
class NpsApiTests(NpsTestCase, ApiTestCase):
    def test_a_team_s_campaigns_come_newest_first_with_the_trend(self) -> None:
        closed = self.campaign(title="Done")
        self.answer_all(closed)
        closed = self.close(closed)
        running = self.campaign(title="Running")
        response = self.get(f"/teams/{self.it.slug}/nps", self.carol)
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual(body["team"], {"slug": self.it.slug, "name": "IT Service Desk"})
        self.assertEqual([c["id"] for c in body["campaigns"]], [running.pk, closed.pk])
        self.assertEqual(body["campaigns"][0]["results"], "released_at_close")
        self.assertIsNone(body["campaigns"][0]["score"])
        self.assertEqual(
            body["campaigns"][1]["score"],
            {"score": 36, "promoters": 6, "passives": 3, "detractors": 2, "answers": 11},
        )
        self.assertEqual(
            body["trend"],
            [
                {
                    "id": closed.pk,
                    "title": "Done",
                    "closes_on": CLOSES.isoformat(),
                    "results": "shown",
                    "score": 36,
                    "answers": 11,
                }
            ],
        )
        for outsider in (self.alice, self.grace):
            self.assertEqual(self.get(f"/teams/{self.it.slug}/nps", outsider).status_code, 404)

    def test_the_list_keeps_its_query_count_whatever_the_campaigns(self) -> None:
        self.close(self.campaign())
        before = self.count_queries(f"/teams/{self.it.slug}/nps", self.erin)
        for anonymous in (True, False, True):
            survey = self.campaign(anonymous=anonymous)
            self.answer_all(survey)
            self.close(survey)
        self.campaign()
        after = self.count_queries(f"/teams/{self.it.slug}/nps", self.erin)
        self.assertQueriesFlat(before, after)

    def test_an_anonymous_campaign_hides_a_department_of_two_even_from_an_administrator(
        self,
    ) -> None:
        survey = self.campaign()
        self.answer_all(survey)
        hidden = self.get(f"/nps/{survey.pk}", self.root).json()
        self.assertEqual(
            (hidden["results"], hidden["score"], hidden["departments"], hidden["reasons"]),
            ("released_at_close", None, [], None),
        )
        survey = self.close(survey)
        body = self.get(f"/nps/{survey.pk}", self.root).json()
        self.assertEqual(body["score"]["score"], 36)
        self.assertEqual(
            body["departments"],
            [
                {
                    "department": {"slug": self.cast.sales_dept.slug, "name": "Sales"},
                    "score": {
                        "score": 100,
                        "promoters": 6,
                        "passives": 0,
                        "detractors": 0,
                        "answers": 6,
                    },
                }
            ],
        )
        self.assertEqual(body["other_departments"]["answers"], 5)
        self.assertNotIn("Marketing", response_text(body))
        self.assertEqual(len(body["reasons"]), 11)
        self.assertEqual({(r["person"], r["department"]) for r in body["reasons"]}, {(None, None)})
        self.assertEqual(body["tones"], {"positive": 11, "neutral": 0, "negative": 0})
        member = self.get(f"/nps/{survey.pk}", self.carol).json()
        self.assertIsNone(member["reasons"])
        self.assertEqual(self.get(f"/nps/{survey.pk}", self.alice).status_code, 404)

    def test_a_named_campaign_shows_the_small_department_and_who_said_what(self) -> None:
        survey = self.campaign(anonymous=False)
        self.answer(survey, self.marketing_people[0], 3, "Slow")
        body = self.get(f"/nps/{survey.pk}", self.erin).json()
        self.assertEqual(body["results"], "shown")
        self.assertEqual(body["departments"][0]["department"]["name"], "Marketing")
        self.assertEqual(
            body["reasons"],
            [
                {
                    "text": "Slow",
                    "tone": "neutral",
                    "department": "Marketing",
                    "person": {
                        "id": self.marketing_people[0].pk,
                        "name": self.marketing_people[0].name,
                    },
                    "score": 3,
                }
            ],
        )

    def test_the_detail_keeps_its_query_count_whatever_the_answers(self) -> None:
        small = self.campaign()
        for person in self.sales_people[:5]:
            self.answer(small, person, 9, "Good")
        small = self.close(small)
        big = self.campaign()
        self.answer_all(big)
        big = self.close(big)
        self.assertQueriesFlat(
            self.count_queries(f"/nps/{small.pk}", self.erin),
            self.count_queries(f"/nps/{big.pk}", self.erin),
        )


def response_text(body: Any) -> str:
    import json

    return json.dumps(body)


def campaign_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "team": "it-service-desk",
        "period_start": Q3[0].isoformat(),
        "period_end": Q3[1].isoformat(),
        "sample_size": 20,
        "anonymous": False,
        "opens_on": TODAY.isoformat(),
        "closes_on": CLOSES.isoformat(),
    }
    body.update(changes)
    return body


@time_machine.travel(NOW, tick=False)
class NpsApiWriteTests(NpsTestCase, ApiTestCase):
    def test_a_lead_creates_a_campaign_which_opens_at_once(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            response = self.post("/nps", self.erin, campaign_body())
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(
            (body["title"], body["anonymous"], body["period_start"], body["sample_size"]),
            ("IT Service Desk: NPS Q3 2026", False, "2026-07-01", 20),
        )
        survey = Survey.objects.get(pk=body["id"])
        self.assertEqual((survey.state, survey.invited), (SurveyState.OPEN, 11))

    def test_refusals_are_422s_naming_the_field_and_store_nothing(self) -> None:
        cases: list[tuple[dict[str, Any], list[str | int], str]] = [
            (campaign_body(team="nobody"), ["body", "team"], "No team has this slug."),
            (campaign_body(period_end="2026-06-01"), ["body", "period_end"], "ends before"),
            (campaign_body(period_end="2026-12-31"), ["body", "period_end"], "in the future"),
            (campaign_body(sample_size=0), ["body", "sample_size"], "Ask at least one person."),
            (campaign_body(closes_on=TODAY.isoformat()), ["body", "closes_on"], "closes after"),
            (
                campaign_body(opens_on="5 Oct"),
                ["body", "opens_on"],
                "Expected a date as YYYY-MM-DD",
            ),
            (campaign_body(sample_size="20"), ["body", "sample_size"], "Expected a whole number."),
            (campaign_body(colour="red"), ["body", "colour"], "not accepted here"),
        ]
        for body, loc, message in cases:
            with self.subTest(loc=loc, body=body):
                self.assertProblem(self.post("/nps", self.erin, body), loc, message)
        self.assertFalse(Survey.objects.exists())

    def test_someone_who_does_not_lead_the_team_may_not(self) -> None:
        response = self.post("/nps", self.carol, campaign_body())
        self.assertEqual(response.status_code, 403)
        self.assertIn("Only the leads of IT Service Desk", response.json()["detail"])
        self.assertFalse(Survey.objects.exists())

    def test_an_invited_person_answers_once_within_the_scale(self) -> None:
        survey = self.campaign()
        path = f"/nps/{survey.pk}/responses"
        response = self.post(path, self.alice, {"score": 11, "reason": "Great"})
        self.assertProblem(response, ["body", "score"], "Must be at most 10.")
        response = self.post(path, self.alice, {"score": 8, "reason": "Helpful but slow"})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json(), {"campaign": survey.pk, "anonymous": True})
        again = self.post(path, self.alice, {"score": 2})
        self.assertProblem(again, ["path", "campaign_id"], "You have already answered")
        self.assertEqual(
            list(Answer.objects.exclude(number=None).values_list("number", flat=True)), [8]
        )

    def test_answers_to_a_closed_campaign_or_by_someone_not_asked_are_refused(self) -> None:
        survey = self.campaign()
        path = f"/nps/{survey.pk}/responses"
        not_asked = self.post(path, self.erin, {"score": 10})
        self.assertProblem(not_asked, ["path", "campaign_id"], "You were not asked")
        self.assertEqual(self.post(path, self.dave, {"score": 10}).status_code, 404)
        surveys.close_survey(survey.pk, CLOSES)
        closed = self.post(path, self.alice, {"score": 10})
        self.assertProblem(closed, ["path", "campaign_id"], "not open for answers")
        self.assertFalse(Response.objects.exists())
