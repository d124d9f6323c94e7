"""Service levels of the two weeks of rollup_support: targets met and breached on the day
they were decided, and the time distributions read from their histograms.

This week the first responses took 30 (T1), 180 (T2) and 360 minutes (T3, breached), the
resolutions 60 (T1), 240 (T2) and 120 (T1 reopened); the week before, 30 and 120 (P1)."""

from __future__ import annotations

from inservice.insights.figures import service_levels
from inservice.insights.figures.targets import TARGETS
from inservice.insights.scope import Scope
from inservice.insights.tests.rollup_support import WEEK, RollupTestCase, series, stat


class ComplianceTests(RollupTestCase):
    def test_it_reads_compliance_each_day_and_over_the_period(self) -> None:
        figure = service_levels.sla(Scope.organisation(), WEEK)
        self.assertEqual(series(figure, "First response")[:3], [100.0, 0.0, None])
        self.assertEqual(series(figure, "Resolution")[:3], [100.0, None, 100.0])
        self.assertEqual(figure.rows[1], ["2026-11-24", 0, 1, 0.0, 0, 0, None])
        self.assertEqual(stat(figure, "First responses in time"), (66.7, 100.0))
        self.assertEqual(stat(figure, "Resolutions in time"), (100.0, 100.0))
        self.assertEqual(figure.stats[0].target, TARGETS["response_compliance"])

    def test_a_team_counts_the_targets_decided_while_it_held_the_request(self) -> None:
        payroll = service_levels.sla(Scope.of_team(self.payroll), WEEK)
        self.assertEqual(stat(payroll, "First responses in time"), (100.0, None))  # T2's
        it = service_levels.sla(Scope.of_team(self.it), WEEK)
        self.assertEqual(stat(it, "First responses in time"), (50.0, 100.0))  # T1 met, T3 not


class TimesTests(RollupTestCase):
    def test_response_times_median_and_90th_percentile_within_buckets(self) -> None:
        figure = service_levels.response_times(Scope.organisation(), WEEK)
        # 30 in 30-60, 180 in 120-240, 360 in 240-480: the median is halfway through the
        # middle bucket, the 90th percentile 70% through the last.
        self.assertEqual(stat(figure, "Median"), (180.0, 45.0))
        self.assertEqual(stat(figure, "90th percentile"), (408.0, 57.0))
        self.assertEqual(figure.labels[4], "30-60")
        self.assertEqual(figure.rows[4], ["30-60", 1, 1])
        self.assertEqual(sum(series(figure, "This period")), 3)

    def test_resolution_times_count_each_cycle(self) -> None:
        figure = service_levels.resolution_times(Scope.organisation(), WEEK)
        self.assertEqual(sum(series(figure, "This period")), 3)
        self.assertEqual(stat(figure, "Median"), (180.0, 180.0))
        self.assertEqual(stat(figure, "90th percentile"), (408.0, 228.0))
        self.assertTrue(figure.stats[0].higher_is_better is False)

    def test_a_service_reads_its_own_requests_whoever_held_them(self) -> None:
        figure = service_levels.response_times(Scope.of_service(self.laptop), WEEK)
        self.assertEqual(sum(series(figure, "This period")), 3)
        empty = service_levels.response_times(Scope.of_service(self.payslip), WEEK)
        self.assertEqual((empty.rows, stat(empty, "Median")), ([], (None, None)))
