"""Where work waits, in the two weeks of rollup_support: T3 (IT) open from Tuesday, T4
(Payroll) from Thursday; one transfer, IT to Payroll, acted on after 60 minutes."""

from __future__ import annotations

from inservice.insights.figures import flow
from inservice.insights.scope import Scope
from inservice.insights.tests.rollup_support import WEEK, RollupTestCase, series, stat


class BacklogTests(RollupTestCase):
    def test_it_charts_what_was_open_at_the_end_of_each_day(self) -> None:
        figure = flow.backlog(Scope.organisation(), WEEK)
        self.assertEqual(series(figure, "Open at the end of the day"), [0, 1, 1, 2, 2, 2, 2])
        self.assertEqual(stat(figure, "Open at the end of the period"), (2, 0))
        self.assertEqual(stat(figure, "Open longer than 14 days"), (0, 0))

    def test_it_ages_what_is_open_at_the_end_of_the_period(self) -> None:
        figure = flow.backlog(Scope.organisation(), WEEK)
        aging = [row[1:] for row in figure.rows if row[0] == "Age at the end of the period"]
        self.assertEqual(
            aging,
            [
                ["0-1 days", 0],
                ["1-3 days", 0],
                ["3-7 days", 2],
                ["7-14 days", 0],
                ["14-30 days", 0],
                ["30+ days", 0],
            ],
        )

    def test_a_team_counts_its_own_open_requests(self) -> None:
        figure = flow.backlog(Scope.of_team(self.payroll), WEEK)
        self.assertEqual(series(figure, "Open at the end of the day"), [0, 0, 0, 1, 1, 1, 1])
        self.assertEqual(stat(figure, "Open at the end of the period"), (1, None))


class BottleneckTests(RollupTestCase):
    def test_time_by_status_is_the_average_of_the_requests_resolved(self) -> None:
        figure = flow.bottlenecks(Scope.organisation(), WEEK)
        self.assertEqual(
            figure.labels, ["New", "Acknowledged", "In progress", "Waiting on requester"]
        )
        # Three resolutions: 6 hours new and 2 in progress between them.
        self.assertEqual(series(figure, "This period"), [120.0, 0.0, 40.0, 0.0])
        self.assertEqual(series(figure, "Previous period"), [30.0, 90.0, 0.0, 0.0])

    def test_it_lists_holds_by_team_and_handoffs_by_pair(self) -> None:
        figure = flow.bottlenecks(Scope.organisation(), WEEK)
        held = {row[1]: row[2:] for row in figure.rows if row[0] == "Held by team"}
        self.assertEqual(held["Payroll"], [1, None, 180.0, 228.0])  # 120 minutes
        self.assertEqual(held["IT Service Desk"][0], 3)  # 60, 120 and 1080 minutes
        handoffs = [row[1:] for row in figure.rows if row[0] == "Handoff"]
        self.assertEqual(handoffs, [["IT Service Desk → Payroll", 1, None, 90.0, 114.0]])
        self.assertEqual(stat(figure, "Handoff delay (median)"), (90.0, None))
        self.assertEqual(stat(figure, "Time a team held a request (median)"), (180.0, 180.0))

    def test_a_team_sees_the_handoffs_it_sent_or_received(self) -> None:
        for team in (self.it, self.payroll):
            figure = flow.bottlenecks(Scope.of_team(team), WEEK)
            self.assertEqual(len([r for r in figure.rows if r[0] == "Handoff"]), 1)
        figure = flow.bottlenecks(Scope.of_team(self.er), WEEK)
        self.assertEqual(figure.rows, [])
