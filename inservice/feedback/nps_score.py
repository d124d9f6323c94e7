"""Internal NPS arithmetic and the calendar quarters campaigns cover, as pure functions: no ORM,
no clock reading.

Answers are 0-10. Promoters answer 9 or 10, passives 7 or 8, detractors 0 to 6. The score is the
percentage of promoters minus the percentage of detractors, from -100 to +100, rounded to a whole
number half away from zero (12.5 is 13, -12.5 is -13), so that equal and opposite results read
as equal and opposite. With no answers there is no score (None), never 0: "nobody answered" and
"as many promoters as detractors" are different news.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

SCALE_MIN = 0
SCALE_MAX = 10
PROMOTER_FROM = 9
DETRACTOR_TO = 6

# Eight heights for a trend written as text: the lowest is -100, the highest +100.
BARS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class NpsScore:
    """A campaign's (or a group's) score with the counts it comes from."""

    score: int | None
    promoters: int
    passives: int
    detractors: int
    answers: int

    @property
    def label(self) -> str:
        """The score as people write it: +40, 0, and a true minus sign below zero."""
        return signed(self.score)

    def percent(self, count: int) -> int | None:
        """`count` as a whole percentage of the answers, rounded as the score is."""
        if not self.answers:
            return None
        return round_half_away(Fraction(100 * count, self.answers))

    @property
    def promoters_percent(self) -> int | None:
        return self.percent(self.promoters)

    @property
    def passives_percent(self) -> int | None:
        return self.percent(self.passives)

    @property
    def detractors_percent(self) -> int | None:
        return self.percent(self.detractors)


def round_half_away(value: Fraction) -> int:
    """The nearest whole number, halves away from zero (Python's round() goes to even)."""
    magnitude = (abs(value) * 2 + 1) // 2
    return int(magnitude) if value >= 0 else -int(magnitude)


def category(answer: int) -> str:
    """ "promoter", "passive" or "detractor"; ValueError outside 0-10."""
    check(answer)
    if answer >= PROMOTER_FROM:
        return "promoter"
    if answer > DETRACTOR_TO:
        return "passive"
    return "detractor"


def check(answer: int) -> None:
    if isinstance(answer, bool) or not SCALE_MIN <= answer <= SCALE_MAX:
        raise ValueError(f"an NPS answer runs from {SCALE_MIN} to {SCALE_MAX}, not {answer!r}")


def nps(scores: Iterable[int]) -> NpsScore:
    """The score of these answers (each 0-10)."""
    counts: dict[int, int] = {}
    for answer in scores:
        check(answer)
        counts[answer] = counts.get(answer, 0) + 1
    return from_counts(counts)


def from_counts(counts: Mapping[int, int]) -> NpsScore:
    """The score from how many gave each answer ({10: 4, 3: 1, ...})."""
    promoters = passives = detractors = 0
    for answer, count in counts.items():
        kind = category(answer)
        if kind == "promoter":
            promoters += count
        elif kind == "passive":
            passives += count
        else:
            detractors += count
    answers = promoters + passives + detractors
    score = round_half_away(Fraction(100 * (promoters - detractors), answers)) if answers else None
    return NpsScore(score, promoters, passives, detractors, answers)


def signed(score: int | None) -> str:
    """A score as people write it: +40, 0, -15 (a true minus sign); an em dash for none."""
    if score is None:
        return "—"
    if score > 0:
        return f"+{score}"
    if score < 0:
        return f"\u2212{-score}"
    return "0"


def sparkline(scores: Sequence[int | None]) -> str:
    """A trend as text, one bar per campaign from -100 (lowest) to +100 (highest); a gap (a
    middle dot) for a campaign without a score to show."""
    out = []
    for score in scores:
        if score is None:
            out.append("·")
            continue
        step = (score + 100) * (len(BARS) - 1) / 200
        out.append(BARS[max(0, min(len(BARS) - 1, round(step)))])
    return "".join(out)


def quarter_of(day: date) -> tuple[date, date]:
    """The first and last day of the calendar quarter `day` falls in."""
    first_month = (day.month - 1) // 3 * 3 + 1
    start = date(day.year, first_month, 1)
    if first_month == 10:
        next_start = date(day.year + 1, 1, 1)
    else:
        next_start = date(day.year, first_month + 3, 1)
    return start, next_start - timedelta(days=1)


def previous_quarter(day: date) -> tuple[date, date]:
    """The calendar quarter before the one `day` falls in."""
    start, _end = quarter_of(day)
    return quarter_of(start - timedelta(days=1))
