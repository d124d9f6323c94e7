"""The NPS arithmetic, computed by hand: % promoters (9-10) minus % detractors (0-6), rounded
half away from zero; no answers, no score."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from django.test import SimpleTestCase

from inservice.feedback.nps_score import (
    NpsScore,
    category,
    from_counts,
    nps,
    previous_quarter,
    quarter_of,
    round_half_away,
    signed,
    sparkline,
)


class NpsScoreTests(SimpleTestCase):
    def test_it_scores_all_promoters_plus_100_and_all_detractors_minus_100(self) -> None:
        self.assertEqual(nps([9, 10, 10]), NpsScore(100, 3, 0, 0, 3))
        self.assertEqual(nps([0, 6, 3, 1]), NpsScore(-100, 0, 0, 4, 4))

    def test_it_gives_no_score_without_answers(self) -> None:
        self.assertEqual(nps([]), NpsScore(None, 0, 0, 0, 0))
        self.assertIsNone(nps([]).promoters_percent)
        self.assertEqual(signed(None), "—")

    def test_it_counts_passives_in_the_answers_but_not_in_the_score(self) -> None:
        # 2 promoters, 5 passives, 1 detractor of 8: 25% - 12.5% = 12.5, rounded to 13.
        score = nps([10, 9, 7, 7, 8, 8, 7, 6])
        self.assertEqual(score, NpsScore(13, 2, 5, 1, 8))
        self.assertEqual(
            (score.promoters_percent, score.passives_percent, score.detractors_percent),
            (25, 63, 13),  # 62.5 and 12.5 round away from zero
        )

    def test_it_rounds_halves_away_from_zero_on_both_sides(self) -> None:
        # 1 promoter, 1 detractor and 6 passives of 8 is 0; 1 detractor of 8 is -12.5: -13.
        self.assertEqual(nps([10, 0, 7, 7, 7, 7, 7, 7]).score, 0)
        self.assertEqual(nps([0, 7, 7, 7, 7, 7, 7, 7]).score, -13)
        self.assertEqual(nps([10, 7, 7, 7, 7, 7, 7, 7]).score, 13)
        # 1 of 3: 33.33... rounds down; 2 of 3: 66.66... rounds up.
        self.assertEqual(nps([10, 7, 7]).score, 33)
        self.assertEqual(nps([10, 10, 7]).score, 67)
        self.assertEqual(nps([0, 0, 7]).score, -67)
        self.assertEqual(round_half_away(Fraction(5, 2)), 3)
        self.assertEqual(round_half_away(Fraction(-5, 2)), -3)
        self.assertEqual(round_half_away(Fraction(-1, 3)), 0)

    def test_it_reads_a_distribution_as_the_answers_it_counts(self) -> None:
        self.assertEqual(
            from_counts({10: 4, 9: 2, 8: 3, 3: 1}), nps([10] * 4 + [9] * 2 + [8] * 3 + [3])
        )
        self.assertEqual(from_counts({10: 4, 9: 2, 8: 3, 3: 1}).score, 50)

    def test_it_refuses_answers_outside_the_scale(self) -> None:
        for bad in (-1, 11, True):
            with self.subTest(answer=bad), self.assertRaises(ValueError):
                nps([10, bad])
        self.assertEqual(
            [category(n) for n in (0, 6, 7, 8, 9, 10)],
            ["detractor", "detractor", "passive", "passive", "promoter", "promoter"],
        )

    def test_it_writes_scores_and_trends_as_people_read_them(self) -> None:
        self.assertEqual([signed(n) for n in (40, 0, -15)], ["+40", "0", "\u221215"])
        self.assertEqual(sparkline([-100, 0, 100, None]), "▁▅█·")
        self.assertEqual(sparkline([]), "")

    def test_it_knows_the_calendar_quarters_campaigns_cover(self) -> None:
        self.assertEqual(quarter_of(date(2026, 11, 23)), (date(2026, 10, 1), date(2026, 12, 31)))
        self.assertEqual(quarter_of(date(2028, 2, 29)), (date(2028, 1, 1), date(2028, 3, 31)))
        self.assertEqual(
            previous_quarter(date(2027, 1, 1)), (date(2026, 10, 1), date(2026, 12, 31))
        )
        self.assertEqual(previous_quarter(date(2026, 7, 31)), (date(2026, 4, 1), date(2026, 6, 30)))
