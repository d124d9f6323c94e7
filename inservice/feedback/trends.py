"""Sentiment over time: how what a team's internal customers write reads, week by week. Pure.

Every free text people write about a team's service is scored when it is written (lib.sentiment):
requesters' replies, rating comments, suggestions, NPS reasons. `sentiment_sources` counts them
per week and tone in the database; this module adds the counts up, applies the anonymity rule to
what came anonymously, and says whether negative feedback rose markedly.

A marked rise: in the last 7 days at least `RISE_MIN_NEGATIVE` texts read negative, and their
share of the week's texts is at least `RISE_POINTS` points above the share in the 28 days before
and at least twice that share. Small numbers swing; both conditions keep one bad day from
paging a lead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from inservice.feedback.anonymity import may_show
from inservice.lib.sentiment import Tone

WEEKS = 12
RISE_MIN_NEGATIVE = 5
RISE_POINTS = 0.15
RECENT_DAYS = 7
BASELINE_DAYS = 28


@dataclass(frozen=True)
class Count:
    """Scored texts of one source, week and tone: `week` is the Monday the week starts on."""

    week: date
    tone: str
    texts: int
    score_sum: float
    anonymous: bool = False


@dataclass
class Week:
    start: date
    positive: int = 0
    neutral: int = 0
    negative: int = 0
    score_sum: float = 0.0
    withheld: bool = False  # anonymous texts left out: fewer than the minimum group

    @property
    def texts(self) -> int:
        return self.positive + self.neutral + self.negative

    @property
    def mean(self) -> float | None:
        return self.score_sum / self.texts if self.texts else None

    @property
    def negative_share(self) -> float | None:
        return self.negative / self.texts if self.texts else None

    def add(self, count: Count) -> None:
        if count.tone == Tone.POSITIVE:
            self.positive += count.texts
        elif count.tone == Tone.NEGATIVE:
            self.negative += count.texts
        else:
            self.neutral += count.texts
        self.score_sum += count.score_sum


@dataclass
class Trend:
    weeks: list[Week] = field(default_factory=list)

    @property
    def texts(self) -> int:
        return sum(week.texts for week in self.weeks)


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly(counts: Iterable[Count], last_week: date, min_group: int, weeks: int = WEEKS) -> Trend:
    """The `weeks` weeks up to the one holding `last_week`, oldest first. Anonymous texts count
    in a week only when at least `min_group` of them came that week; otherwise they are left out
    of every figure of the week (never shown as a remainder) and the week says so."""
    end = monday(last_week)
    table = {end - timedelta(weeks=n): Week(end - timedelta(weeks=n)) for n in range(weeks)}
    anonymous: dict[date, list[Count]] = {}
    for count in counts:
        week = table.get(monday(count.week))
        if week is None:
            continue
        if count.anonymous:
            anonymous.setdefault(week.start, []).append(count)
        else:
            week.add(count)
    for start, items in anonymous.items():
        if may_show(sum(item.texts for item in items), min_group):
            for item in items:
                table[start].add(item)
        else:
            table[start].withheld = True
    return Trend([table[start] for start in sorted(table)])


@dataclass(frozen=True)
class Rise:
    recent_negative: int
    recent_texts: int
    recent_share: float
    baseline_share: float


def marked_rise(
    recent_negative: int, recent_texts: int, baseline_negative: int, baseline_texts: int
) -> Rise | None:
    """A marked rise in negative feedback over the last 7 days against the 28 before, or None."""
    if recent_negative < RISE_MIN_NEGATIVE or not recent_texts:
        return None
    share = recent_negative / recent_texts
    baseline = baseline_negative / baseline_texts if baseline_texts else 0.0
    if share - baseline >= RISE_POINTS and share >= 2 * baseline:
        return Rise(recent_negative, recent_texts, share, baseline)
    return None
