"""The handoff report over the API: the page's figures, for the same people, at a fixed cost."""

from __future__ import annotations

from typing import Any

import time_machine

from inservice.org.choices import TokenScope
from inservice.org.models import Person
from inservice.org.tests.api_support import ApiTestCase
from inservice.tickets.tests.handoff_data import NOW, HandoffHistory


class HandoffReportApiTests(ApiTestCase, HandoffHistory):
    def report(self, person: Person, **params: str) -> Any:
        with time_machine.travel(NOW, tick=False):
            return self.get("/handoffs", person, TokenScope.READ, **params)

    def pairs(self, response: Any) -> dict[str, dict[str, Any]]:
        self.assertEqual(response.status_code, 200, response.content)
        return {
            f"{item['from_team']['slug']}/{item['to_team']['slug']}": item
            for item in response.json()["items"]
        }

    def test_it_gives_a_lead_each_pair_of_their_teams_in_business_minutes(self) -> None:
        self.build_history()
        response = self.report(self.erin)
        body = response.json()
        self.assertEqual(
            (body["start"], body["end"], body["units"]),
            ("2026-08-28", "2026-11-25", "business minutes of the receiving team's calendar"),
        )
        pairs = self.pairs(response)
        self.assertEqual(
            pairs["it-service-desk/payroll"],
            {
                "from_team": {"slug": "it-service-desk", "name": "IT Service Desk"},
                "to_team": {"slug": "payroll", "name": "Payroll"},
                "transfers": 3,
                "acted": 2,
                "median_minutes": 90.0,
                "p90_minutes": 114.0,
                "bounces": 1,
                "reasons": {"wrong_team": 2, "expertise": 1},
            },
        )
        self.assertEqual(
            (pairs["payroll/it-service-desk"]["median_minutes"], len(pairs)), (30.0, 3)
        )
        self.assertEqual(next(iter(pairs)), "it-service-desk/payroll")  # the busiest pair first

    def test_it_gives_each_viewer_only_the_pairs_of_the_teams_they_lead(self) -> None:
        self.build_history()
        self.assertEqual(
            set(self.pairs(self.report(self.grace))),
            {"it-service-desk/payroll", "payroll/it-service-desk"},
        )
        self.assertEqual(
            set(self.pairs(self.report(self.frank))), {"it-service-desk/employee-relations"}
        )
        self.assertEqual(len(self.pairs(self.report(self.root))), 3)
        self.assertEqual(
            set(self.pairs(self.report(self.root, team="employee-relations"))),
            {"it-service-desk/employee-relations"},
        )
        for person in (self.carol, self.alice):
            with self.subTest(person=person.username):
                response = self.report(person)
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response.json(), {"detail": "Not found."})

    def test_it_names_a_wrong_date_period_or_team(self) -> None:
        self.assertProblem(self.report(self.erin, start="25/11/2026"), ["query", "start"])
        self.assertProblem(
            self.report(self.erin, start="2026-11-20", end="2026-11-01"),
            ["query", "end"],
            "before the start",
        )
        self.assertProblem(
            self.report(self.erin, start="2025-01-01", end="2026-11-01"),
            ["query", "start"],
            "at most 366 days",
        )
        self.assertProblem(self.report(self.erin, team="payroll"), ["query", "team"])

    def test_it_reads_the_report_in_the_same_queries_however_many_transfers(self) -> None:
        self.handed(1)
        with time_machine.travel(NOW, tick=False):
            before = self.count_queries("/handoffs", self.erin)
        self.handed(8)
        with time_machine.travel(NOW, tick=False):
            self.assertQueriesFlat(before, self.count_queries("/handoffs", self.erin))
        self.assertEqual(len(self.pairs(self.report(self.erin))), 4)
