"""Service agreements over the API: the list and one agreement with both sides measured; a bad
period is a 422 naming the field."""

from __future__ import annotations

import time_machine

from inservice.org.tests.api_support import ApiTestCase, make_team
from inservice.tickets import services as tickets
from inservice.tickets.choices import WaitReason
from inservice.workflows.tests.agreements_support import MONDAY, AgreementTestCase


@time_machine.travel(MONDAY, tick=False)
class AgreementApiTests(AgreementTestCase, ApiTestCase):
    def test_everyone_lists_every_agreement_by_title_and_one_team_s(self) -> None:
        first = self.agree(title="B: IT and Sales West")
        second = self.agree(title="A: IT and Payroll", receiver=self.payroll)
        response = self.get("/agreements", self.dave)
        self.assertEqual(response.status_code, 200, response.content)
        items = response.json()["items"]
        self.assertEqual([item["id"] for item in items], [second.pk, first.pk])
        self.assertEqual(
            items[1],
            {
                "id": first.pk,
                "title": "B: IT and Sales West",
                "provider": {"slug": self.it.slug, "name": "IT Service Desk"},
                "receiver": {"slug": self.sales.slug, "name": "Sales West"},
                "starts_on": "2026-11-01",
                "review_on": "2027-05-01",
            },
        )
        mine = self.get("/agreements", self.dave, team=self.sales.slug).json()["items"]
        self.assertEqual([item["id"] for item in mine], [first.pk])
        self.assertEqual(self.get("/agreements", self.dave, team="nobody").status_code, 404)

    def test_one_agreement_comes_with_both_sides_measured(self) -> None:
        agreement = self.agree()
        ticket = self.ask(self.alice)
        tickets.transition(self.carol, ticket, "wait", reason=WaitReason.MISSING_INFORMATION)
        response = self.get(f"/agreements/{agreement.pk}", self.dave)
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual(
            body["services"],
            [
                {
                    "service": {"slug": self.laptop.slug, "name": "New laptop"},
                    "first_response_minutes": 60,
                    "resolution_minutes": 480,
                }
            ],
        )
        self.assertEqual(
            body["notices"],
            [{"workflow": {"id": self.onboarding.pk, "name": "Onboarding"}, "notice_days": 10}],
        )
        # Dave reads in Berlin: the last 90 days there.
        self.assertEqual(body["period"], {"start": "2026-08-26", "end": "2026-11-23"})
        self.assertEqual(body["provider_side"]["requests"], 1)
        self.assertEqual(
            body["provider_side"]["first_response_in_time"],
            {"done": 0, "total": 0, "percent": None},
        )
        receiver = body["receiver_side"]
        self.assertEqual(receiver["complete_on_arrival"], {"done": 0, "total": 1, "percent": 0})
        self.assertEqual((receiver["answered"], receiver["still_waiting"]), (0, 1))
        self.assertEqual(
            receiver["notices"][0]["runs_with_notice"], {"done": 0, "total": 0, "percent": None}
        )
        chosen = self.get(f"/agreements/{agreement.pk}", self.dave, start="2026-11-01")
        self.assertEqual(chosen.json()["period"], {"start": "2026-11-01", "end": "2026-11-23"})

    def test_a_bad_period_is_a_422_naming_the_field(self) -> None:
        agreement = self.agree()
        url = f"/agreements/{agreement.pk}"
        cases: list[tuple[dict[str, str], list[str | int], str]] = [
            ({"start": "2026-11-20", "end": "2026-11-02"}, ["query", "end"], "ends before"),
            ({"start": "2026-12-01"}, ["query", "start"], "in the future"),
            ({"start": "2024-01-01", "end": "2026-11-01"}, ["query", "end"], "366 days"),
            ({"start": "soon"}, ["query", "start"], ""),
        ]
        for params, loc, message in cases:
            with self.subTest(params=params):
                self.assertProblem(self.get(url, self.alice, **params), loc, message)

    def test_a_missing_agreement_is_a_404(self) -> None:
        self.assertEqual(self.get("/agreements/999", self.alice).status_code, 404)

    def test_the_list_and_the_detail_keep_their_query_counts(self) -> None:
        agreement = self.agree()
        few_list = self.count_queries("/agreements", self.alice)
        few_detail = self.count_queries(f"/agreements/{agreement.pk}", self.alice)
        for n in range(4):
            self.agree(title=f"Agreement {n}", receiver=make_team())
            ticket = self.ask(self.alice)
            tickets.transition(self.carol, ticket, "wait", reason=WaitReason.QUESTION)
            tickets.reply(self.alice, ticket, "Answered.")
        self.assertQueriesFlat(few_list, self.count_queries("/agreements", self.alice))
        self.assertQueriesFlat(
            few_detail, self.count_queries(f"/agreements/{agreement.pk}", self.alice)
        )
