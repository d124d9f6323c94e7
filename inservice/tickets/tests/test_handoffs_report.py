"""The handoff report's figures: the counting on its own, then read from a hand-built history."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase

from inservice.tickets.handoff_report import (
    Hold,
    ReportForm,
    pairs,
    percentile,
    period_bounds,
    report,
)
from inservice.tickets.tests.handoff_data import NOW, HandoffHistory

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
A, B, C = 1, 2, 3


def minute(n: int) -> datetime:
    return T0 + timedelta(minutes=n)


def wall_minutes(team_id: int, a: datetime, b: datetime) -> float:
    """Business time that is wall-clock time: the counting alone is under test."""
    return (b - a).total_seconds() / 60


class PairsTests(SimpleTestCase):
    def count(
        self,
        *requests: list[Hold],
        start: int = 0,
        end: int = 10_000,
        scope: set[int] | None = None,
    ) -> dict[tuple[int, int], tuple[int, list[float], int, dict[str, int]]]:
        found = pairs(
            requests,
            minute(start),
            minute(end),
            wall_minutes,
            frozenset(scope) if scope is not None else None,
        )
        return {
            pair: (f.transfers, sorted(f.waits), f.bounces, dict(f.reasons))
            for pair, f in found.items()
        }

    def test_it_counts_each_transfer_once_for_its_pair_with_its_reason(self) -> None:
        first = [Hold(A, minute(0)), Hold(B, minute(10), minute(40), "wrong_team")]
        second = [Hold(A, minute(0)), Hold(B, minute(20), None, "expertise")]
        self.assertEqual(
            self.count(first, second),
            {(A, B): (2, [30.0], 0, {"wrong_team": 1, "expertise": 1})},
        )

    def test_it_times_only_the_transfers_acted_on(self) -> None:
        held = [Hold(A, minute(0)), Hold(B, minute(10))]
        self.assertEqual(self.count(held), {(A, B): (1, [], 0, {"": 1})})

    def test_it_counts_a_bounce_on_the_transfer_that_came_straight_back(self) -> None:
        straight_back = [Hold(A, minute(0)), Hold(B, minute(10)), Hold(A, minute(20))]
        round_about = [Hold(A, minute(0)), Hold(B, minute(10)), Hold(C, minute(20))]
        self.assertEqual(
            self.count(straight_back, round_about),
            {(A, B): (2, [], 1, {"": 2}), (B, A): (1, [], 0, {"": 1}), (B, C): (1, [], 0, {"": 1})},
        )

    def test_it_counts_a_bounce_that_came_after_the_period(self) -> None:
        held = [Hold(A, minute(0)), Hold(B, minute(10)), Hold(A, minute(500))]
        self.assertEqual(self.count(held, end=100), {(A, B): (1, [], 1, {"": 1})})

    def test_it_counts_transfers_by_the_moment_they_arrived(self) -> None:
        held = [Hold(A, minute(0)), Hold(B, minute(10)), Hold(C, minute(20))]
        self.assertEqual(self.count(held, start=10, end=20), {(A, B): (1, [], 0, {"": 1})})

    def test_it_keeps_only_the_pairs_with_a_team_in_scope(self) -> None:
        held = [Hold(A, minute(0)), Hold(B, minute(10)), Hold(C, minute(20))]
        self.assertEqual(set(self.count(held, scope={A})), {(A, B)})
        self.assertEqual(set(self.count(held, scope={B})), {(A, B), (B, C)})
        self.assertEqual(self.count(held, scope=set()), {})

    def test_it_takes_percentiles_between_the_nearest_values(self) -> None:
        self.assertIsNone(percentile([], 50))
        self.assertEqual(percentile([7], 90), 7)
        self.assertEqual(percentile([120, 60], 50), 90)
        self.assertEqual(percentile([60, 120], 90), 114)
        self.assertEqual(percentile([1, 2, 4], 50), 2)
        self.assertEqual(percentile(list(range(1, 11)), 90), 9.1)


class ReportFormTests(SimpleTestCase):
    def form(self, **data: str) -> ReportForm:
        return ReportForm(data, teams=[], today=date(2026, 11, 25))

    def test_it_reads_the_last_90_days_by_default(self) -> None:
        form = self.form()
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(
            (form.cleaned_data["start"], form.cleaned_data["end"]),
            (date(2026, 8, 28), date(2026, 11, 25)),
        )

    def test_it_names_a_wrong_date_or_period(self) -> None:
        self.assertIn("start", self.form(start="2026-13-01").errors)
        self.assertIn("end", self.form(start="2026-11-20", end="2026-11-01").errors)
        self.assertIn("start", self.form(start="2024-01-01", end="2026-11-01").errors)
        self.assertIn("team", self.form(team="payroll").errors)

    def test_it_reads_whole_days_in_the_viewers_zone(self) -> None:
        start, end = period_bounds(
            date(2026, 11, 23), date(2026, 11, 24), ZoneInfo("Europe/Berlin")
        )
        self.assertEqual(start, datetime(2026, 11, 22, 23, 0, tzinfo=UTC))
        self.assertEqual(end, datetime(2026, 11, 24, 23, 0, tzinfo=UTC))


class ReportTests(HandoffHistory):
    def test_it_reads_each_pair_from_the_history_in_business_minutes(self) -> None:
        self.build_history()
        rows = report(NOW - timedelta(days=90), NOW)
        figures = {
            (r.from_team.name, r.to_team.name): (
                r.transfers,
                r.acted,
                r.median_minutes,
                r.p90_minutes,
                r.bounces,
                r.reasons,
            )
            for r in rows
        }
        self.assertEqual(
            figures,
            {
                ("IT Service Desk", "Payroll"): (
                    3,
                    2,
                    90,
                    114,
                    1,
                    [("wrong_team", 2), ("expertise", 1)],
                ),
                ("Payroll", "IT Service Desk"): (1, 1, 30, 30, 0, [("returned", 1)]),
                ("IT Service Desk", "Employee Relations"): (1, 1, 10, 10, 0, [("wrong_team", 1)]),
            },
        )
        self.assertEqual(rows[0].from_team, self.it)  # the busiest pair first

    def test_it_keeps_to_the_teams_in_scope_and_the_period(self) -> None:
        self.build_history()
        payroll = report(NOW - timedelta(days=90), NOW, frozenset({self.payroll.pk}))
        self.assertEqual(
            {(r.from_team.name, r.to_team.name) for r in payroll},
            {("IT Service Desk", "Payroll"), ("Payroll", "IT Service Desk")},
        )
        since_august = report(datetime(2026, 8, 1, tzinfo=UTC), NOW, frozenset({self.er.pk}))
        self.assertEqual(
            [(r.to_team.name, r.transfers) for r in since_august], [("Employee Relations", 1)]
        )
        everything = {r.to_team.name: r for r in report(datetime(2026, 8, 1, tzinfo=UTC), NOW)}
        self.assertEqual((everything["Payroll"].transfers, everything["Payroll"].acted), (4, 2))
