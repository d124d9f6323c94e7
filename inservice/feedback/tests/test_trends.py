"""The sentiment arithmetic: weeks, anonymous texts held back below the minimum, marked rises."""

from __future__ import annotations

from datetime import date

from django.test import SimpleTestCase

from inservice.feedback import trends
from inservice.feedback.trends import Count

MONDAY = date(2026, 11, 30)


class WeeklyTests(SimpleTestCase):
    def test_it_adds_up_each_week_oldest_first_with_empty_weeks(self) -> None:
        counts = [
            Count(MONDAY, "positive", 3, 1.8),
            Count(MONDAY, "negative", 1, -0.6),
            Count(date(2026, 11, 16), "neutral", 2, 0.0),
        ]
        trend = trends.weekly(counts, date(2026, 12, 3), min_group=5, weeks=3)
        self.assertEqual(
            [w.start for w in trend.weeks],
            [date(2026, 11, 16), date(2026, 11, 23), MONDAY],
        )
        last = trend.weeks[-1]
        self.assertEqual((last.positive, last.neutral, last.negative), (3, 0, 1))
        self.assertAlmostEqual(last.mean or 0, 0.3)
        self.assertEqual(last.negative_share, 0.25)
        self.assertIsNone(trend.weeks[1].mean)
        self.assertEqual(trend.texts, 6)

    def test_it_leaves_out_anonymous_texts_in_a_week_with_fewer_than_the_minimum(self) -> None:
        counts = [
            Count(MONDAY, "positive", 2, 1.0),
            Count(MONDAY, "negative", 4, -2.0, anonymous=True),
        ]
        week = trends.weekly(counts, MONDAY, min_group=5, weeks=1).weeks[0]
        self.assertEqual((week.positive, week.negative), (2, 0))
        self.assertTrue(week.withheld)

    def test_it_counts_anonymous_texts_once_the_week_has_the_minimum(self) -> None:
        counts = [
            Count(MONDAY, "negative", 3, -1.5, anonymous=True),
            Count(MONDAY, "neutral", 2, 0.0, anonymous=True),
        ]
        week = trends.weekly(counts, MONDAY, min_group=5, weeks=1).weeks[0]
        self.assertEqual((week.neutral, week.negative), (2, 3))
        self.assertFalse(week.withheld)

    def test_it_ignores_counts_outside_the_weeks_shown(self) -> None:
        counts = [Count(date(2025, 1, 6), "negative", 9, -5.0)]
        self.assertEqual(trends.weekly(counts, MONDAY, min_group=5, weeks=4).texts, 0)


class RiseTests(SimpleTestCase):
    def test_it_flags_a_marked_rise(self) -> None:
        rise = trends.marked_rise(6, 12, 4, 40)  # 50% against 10%
        assert rise is not None
        self.assertEqual(rise.recent_share, 0.5)
        self.assertEqual(rise.baseline_share, 0.1)

    def test_it_does_not_flag_a_few_negative_texts(self) -> None:
        self.assertIsNone(trends.marked_rise(4, 4, 0, 40))

    def test_it_does_not_flag_a_share_close_to_the_usual(self) -> None:
        self.assertIsNone(trends.marked_rise(10, 40, 30, 120))  # 25% against 25%
        self.assertIsNone(trends.marked_rise(6, 10, 18, 40))  # 60% against 45%: not double

    def test_it_flags_negative_feedback_where_there_was_none(self) -> None:
        self.assertIsNotNone(trends.marked_rise(5, 8, 0, 0))
