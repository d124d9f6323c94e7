"""How much is asked: by channel over time, by requesting department, and the pain points, for
the two weeks of rollup_support (4 requests this week, 1 the week before)."""

from __future__ import annotations

from datetime import date

from inservice.insights.figures import volume
from inservice.insights.periods import Period
from inservice.insights.scope import Scope
from inservice.insights.tests.rollup_support import WEEK, RollupTestCase, series, stat


class VolumeTests(RollupTestCase):
    def test_it_counts_requests_by_channel_each_day(self) -> None:
        figure = volume.volume(Scope.organisation(), WEEK)
        self.assertEqual(figure.labels[0], "2026-11-23")
        self.assertEqual(len(figure.labels), 7)
        self.assertEqual(series(figure, "Portal"), [1, 1, 0, 1, 0, 0, 0])
        self.assertEqual(series(figure, "Email"), [1, 0, 0, 0, 0, 0, 0])
        self.assertEqual(figure.rows[0], ["2026-11-23", 1, 1, 0, 2])
        self.assertEqual(stat(figure, "Requests asked"), (4, 1))

    def test_a_team_counts_what_it_was_first_asked(self) -> None:
        it = volume.volume(Scope.of_team(self.it), WEEK)
        self.assertEqual(stat(it, "Requests asked"), (3, 1))  # T2 too: asked of IT
        payroll = volume.volume(Scope.of_team(self.payroll), WEEK)
        self.assertEqual(stat(payroll, "Requests asked"), (1, None))  # nothing the week before

    def test_a_department_counts_its_teams(self) -> None:
        # Sales serves nobody: Sales West's day is its kudos given.
        figure = volume.volume(Scope.of_team(self.cast.sales_dept), WEEK)
        self.assertEqual(stat(figure, "Requests asked"), (0, None))
        self.assertEqual(volume.volume(Scope.of_team(self.er), WEEK).rows, [])

    def test_a_service_counts_its_own_requests(self) -> None:
        figure = volume.volume(Scope.of_service(self.laptop), WEEK)
        self.assertEqual(stat(figure, "Requests asked"), (3, 1))
        self.assertEqual(
            stat(volume.volume(Scope.of_service(self.payslip), WEEK), "Requests asked"), (1, None)
        )

    def test_long_periods_are_counted_by_week(self) -> None:
        figure = volume.volume(Scope.organisation(), Period(date(2026, 6, 1), date(2026, 11, 29)))
        self.assertEqual(figure.labels[0], "2026-06-01")
        self.assertEqual(figure.labels[-2:], ["2026-11-16", "2026-11-23"])
        self.assertEqual(series(figure, "Portal")[-2:], [1, 3])

    def test_it_ranks_requesting_departments_against_the_week_before(self) -> None:
        figure = volume.departments(Scope.organisation(), WEEK)
        self.assertEqual(figure.labels, ["Sales", "Payroll"])
        self.assertEqual(figure.rows, [["Sales", 3, 1, 2, 75.0], ["Payroll", 1, 0, 1, 25.0]])
        self.assertEqual(stat(figure, "Departments asking"), (2, 1))

    def test_pain_points_rank_services_with_growth_categories_and_repeats(self) -> None:
        figure = volume.pain_points(Scope.organisation(), WEEK)
        self.assertEqual(
            figure.rows,
            [
                ["Service", "New laptop", "IT Service Desk", 3, 1, 200.0, 2, 66.7],
                ["Service", "Payslip question", "Payroll", 1, 0, None, 0, 0.0],
                ["Category", "IT Service Desk", "IT Service Desk", 3, 1, 200.0, 2, 66.7],
                ["Category", "Payroll", "Payroll", 1, 0, None, 0, 0.0],
            ],
        )
        self.assertEqual(figure.labels, ["New laptop", "Payslip question"])
        self.assertEqual(stat(figure, "Repeat requests"), (2, 0))
        self.assertEqual(stat(figure, "Share of requests that repeat"), (50.0, 0.0))

    def test_a_teams_pain_points_are_the_services_it_was_asked_for(self) -> None:
        # Payroll resolved a laptop request it was handed, but was asked only for payslips.
        figure = volume.pain_points(Scope.of_team(self.payroll), WEEK)
        self.assertEqual([row[1] for row in figure.rows], ["Payslip question", "Payroll"])
