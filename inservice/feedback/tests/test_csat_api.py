"""Satisfaction over the API: a request's rating, giving it once, and a team's ratings a page at a
time. 422s name the field; 404 for what the caller may not see."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from inservice.feedback.models.csat import Rating, RatingChannel
from inservice.feedback.services import csat
from inservice.feedback.tests.test_csat_support import MONDAY, CsatTestCase
from inservice.org.tests.api_support import ApiTestCase
from inservice.tickets.choices import Status
from inservice.tickets.models import Ticket


@time_machine.travel(MONDAY, tick=False)
class RatingApiTests(CsatTestCase, ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.ticket, self.rating = self.resolved()
        self.path = f"/requests/{self.ticket.key}/rating"

    def test_the_requester_and_the_team_read_the_rating(self) -> None:
        for person in (self.alice, self.carol, self.erin):
            with self.subTest(person=person.username):
                response = self.get(self.path, person)
                self.assertEqual(response.status_code, 200, response.content)
                self.assertEqual(
                    response.json(),
                    {
                        "request": self.ticket.key,
                        "state": "pending",
                        "asked_at": "2026-11-23T10:00:00Z",
                        "expires_at": "2026-12-07T10:00:00Z",
                        "rated_at": None,
                        "score": None,
                        "comment": "",
                        "tone": "",
                        "channel": "",
                        "reopened": False,
                        "follow_up": None,
                    },
                )

    def test_anyone_else_gets_404(self) -> None:
        for person in (self.bob, self.dave, self.root):
            with self.subTest(person=person.username):
                self.assertEqual(self.get(self.path, person).status_code, 404)
                self.assertEqual(self.post(self.path, person, {"score": 5}).status_code, 404)
        unresolved = self.ask()
        self.assertEqual(
            self.get(f"/requests/{unresolved.key}/rating", self.alice).status_code, 404
        )

    def test_the_requester_rates_once(self) -> None:
        response = self.post(self.path, self.alice, {"score": 4, "comment": "Good, thanks."})
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual((body["state"], body["score"], body["channel"]), ("rated", 4, "api"))
        self.assertEqual(body["tone"], "positive")
        again = self.post(self.path, self.alice, {"score": 1})
        self.assertProblem(
            again, ["body", "score"], "You already rated this request on 23 Nov 2026."
        )
        self.assertEqual(Rating.objects.get(pk=self.rating.pk).score, 4)

    def test_bad_input_is_a_422_naming_the_field_and_nothing_is_stored(self) -> None:
        cases: tuple[tuple[dict[str, object], list[str | int], str], ...] = (
            ({"score": 6}, ["body", "score"], "Must be at most 5."),
            ({"score": 0}, ["body", "score"], "Must be at least 1."),
            ({"score": "5"}, ["body", "score"], "Expected a whole number."),
            ({}, ["body", "score"], "This field is required."),
            ({"score": 3, "comment": "x" * 2001}, ["body", "comment"], "at most 2000"),
            ({"score": 3, "reopen": True}, ["body", "reopen"], "Reopening goes with a score"),
            ({"score": 3, "stars": 3}, ["body", "stars"], "This field is not accepted here."),
        )
        for payload, loc, text in cases:
            with self.subTest(payload=payload):
                self.assertProblem(self.post(self.path, self.alice, payload), loc, text)
        self.assertIsNone(Rating.objects.get(pk=self.rating.pk).score)

    def test_the_team_may_not_rate_for_the_requester(self) -> None:
        response = self.post(self.path, self.carol, {"score": 5})
        self.assertEqual(response.status_code, 403)
        self.assertIsNone(Rating.objects.get(pk=self.rating.pk).score)

    def test_a_low_rating_with_reopen_reopens_and_has_a_follow_up(self) -> None:
        response = self.post(
            self.path, self.alice, {"score": 1, "comment": "Still broken.", "reopen": True}
        )
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertTrue(body["reopened"])
        self.assertEqual(
            body["follow_up"],
            {
                "due_at": "2026-11-24T17:00:00Z",
                "answered_at": None,
                "answered_by": None,
                "answer": "",
            },
        )
        self.assertEqual(Ticket.objects.get(pk=self.ticket.pk).status, Status.IN_PROGRESS)

    def test_a_rating_after_14_days_is_refused(self) -> None:
        with time_machine.travel(MONDAY + timedelta(days=15), tick=False):
            response = self.post(self.path, self.alice, {"score": 5})
            self.assertProblem(response, ["body", "score"], "this one closed on 7 Dec 2026")
            self.assertEqual(self.get(self.path, self.alice).json()["state"], "expired")


@time_machine.travel(MONDAY, tick=False)
class TeamRatingsApiTests(CsatTestCase, ApiTestCase):
    path = "/teams/it-service-desk/ratings"

    def test_members_read_the_figures_and_the_ratings_newest_first_a_page_at_a_time(self) -> None:
        older = self.seed(2, score=5, comment="", asked_at=MONDAY - timedelta(days=2))
        newer = self.seed(1, score=2, comment="Slow.", asked_at=MONDAY - timedelta(days=1))
        self.resolved()  # asked, not answered
        response = self.get(self.path, self.carol, limit=2)
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual(body["team"], {"slug": "it-service-desk", "name": "IT Service Desk"})
        self.assertEqual(body["period"]["days"], 90)
        self.assertEqual((body["asked"], body["answered"], body["response_rate"]), (4, 3, 75))
        self.assertEqual(body["average"], 4.0)
        self.assertEqual(body["distribution"], {"1": 0, "2": 1, "3": 0, "4": 0, "5": 2})
        self.assertEqual(
            [(i["request"], i["score"]) for i in body["items"]],
            [(newer[0].key, 2), (older[0].key, 5)],
        )
        self.assertEqual(body["items"][0]["comment"], "Slow.")
        rest = self.get(self.path, self.carol, limit=2, cursor=body["next_cursor"]).json()
        self.assertEqual([i["request"] for i in rest["items"]], [older[1].key])
        self.assertIsNone(rest["next_cursor"])

    def test_a_period_other_than_30_90_or_365_days_or_a_forged_cursor_is_a_422(self) -> None:
        self.assertProblem(
            self.get(self.path, self.erin, days=7), ["query", "days"], "30, 90 or 365 days"
        )
        self.assertProblem(self.get(self.path, self.erin, cursor="forged"), ["query", "cursor"])

    def test_only_the_team_and_administrators_read_them(self) -> None:
        self.assertEqual(self.get(self.path, self.root).status_code, 200)
        for person in (self.alice, self.dave):
            self.assertEqual(self.get(self.path, person).status_code, 404)
        self.assertEqual(self.get("/teams/nobody/ratings", self.erin).status_code, 404)

    def test_administrators_do_not_read_a_confidential_request_s_rating(self) -> None:
        ticket = self.resolve(self.ask(self.alice, service=self.er_case, subject="A concern"))
        csat.rate(ticket.rating, 1, comment="About my manager.", channel=RatingChannel.EMAIL)
        path = "/teams/employee-relations/ratings"
        self.assertEqual(len(self.get(path, self.frank).json()["items"]), 1)
        admin = self.get(path, self.root).json()
        self.assertEqual((admin["answered"], admin["items"]), (1, []))

    def test_the_list_s_queries_do_not_grow_with_ratings(self) -> None:
        self.seed(2)
        before = self.count_queries(self.path, self.carol)
        self.seed(25, score=3)
        after = self.count_queries(self.path, self.carol)
        self.assertQueriesFlat(before, after)
