"""Where scored texts about a team's service live, counted per week and tone in the database.

One aggregate query per source, whatever the number of texts: requesters' public replies on
the team's requests (tickets.TimelineEntry.tone), comments on ratings, suggestions to the team
(anonymous ones flagged as such), and the reasons given in the team's NPS campaigns (dated by
the campaign's close; anonymous campaigns flagged).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import TruncWeek

from inservice.catalog.models import Service
from inservice.feedback import trends
from inservice.org.models import Team
from inservice.tickets.models import TimelineEntry


@dataclass(frozen=True)
class Source:
    """Scored texts of one kind: rows about `team` (and `service`, where the source knows it)
    from `since`, with the names of their time, tone and score fields, and the condition that
    marks a row as anonymous (None: never anonymous)."""

    name: str
    rows: Callable[[Team, Service | None, datetime], QuerySet[Any]]
    moment: str
    tone: str = "tone"
    score: str = "tone_score"
    anonymous: Q | None = None
    service: str | None = None  # the field naming the service, where the source knows it
    dated: bool = False  # `moment` is a date (the day a campaign closed), not an instant

    def week_of(self) -> TruncWeek:
        if self.dated:
            return TruncWeek(self.moment)
        return TruncWeek(self.moment, tzinfo=UTC)

    def bound(self, moment: datetime) -> datetime | date:
        return moment.date() if self.dated else moment


def _replies(team: Team, service: Service | None, since: datetime) -> QuerySet[Any]:
    rows = TimelineEntry.objects.filter(
        ticket__team=team, created_at__gte=since, is_internal=False
    ).exclude(tone="")
    return rows.filter(ticket__service=service) if service else rows


REPLIES = Source("replies", _replies, "created_at", service="ticket__service")


def sources() -> list[Source]:
    """Every source, the feedback areas' own included (imported here: they import trends)."""
    from inservice.feedback.sentiment_feedback import FEEDBACK_SOURCES

    return [REPLIES, *FEEDBACK_SOURCES]


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def weekly_counts(team: Team, since: date, service: Service | None = None) -> list[trends.Count]:
    """Texts per source, week (Mondays, UTC) and tone from `since`: one query per source."""
    out: list[trends.Count] = []
    for source in sources():
        if service is not None and source.service is None:
            continue
        rows = source.rows(team, service, _start(since)).annotate(
            week=source.week_of(),
            anon=_anonymous(source),
            read_as=F(source.tone),
        )
        grouped = rows.values("week", "read_as", "anon").annotate(
            texts=Count("pk"), score_sum=Sum(source.score)
        )
        for row in grouped.order_by():
            week = row["week"]
            out.append(
                trends.Count(
                    week=week.date() if isinstance(week, datetime) else week,
                    tone=row["read_as"],
                    texts=row["texts"],
                    score_sum=float(row["score_sum"] or 0.0),
                    anonymous=bool(row["anon"]),
                )
            )
    return out


@dataclass(frozen=True)
class Window:
    negative: int = 0
    texts: int = 0


def windows(team: Team, today: date, min_group: int) -> tuple[Window, Window]:
    """Negative and all texts in the last 7 days and in the 28 before: one query per source.
    Anonymous texts count only when at least `min_group` of them fall in the window."""
    recent_from = _start(today - timedelta(days=trends.RECENT_DAYS))
    base_from = recent_from - timedelta(days=trends.BASELINE_DAYS)
    recent, base = Window(), Window()
    for source in sources():
        moment = source.moment
        in_recent = Q(**{f"{moment}__gte": source.bound(recent_from)})
        in_base = Q(**{f"{moment}__lt": source.bound(recent_from)})
        negative = Q(**{source.tone: "negative"})
        rows = source.rows(team, None, base_from).annotate(anon=_anonymous(source))
        grouped = rows.values("anon").annotate(
            rn=Count("pk", filter=in_recent & negative),
            rt=Count("pk", filter=in_recent),
            bn=Count("pk", filter=in_base & negative),
            bt=Count("pk", filter=in_base),
        )
        for row in grouped.order_by():
            if row["anon"]:
                if row["rt"] < min_group:
                    row["rn"] = row["rt"] = 0
                if row["bt"] < min_group:
                    row["bn"] = row["bt"] = 0
            recent = Window(recent.negative + row["rn"], recent.texts + row["rt"])
            base = Window(base.negative + row["bn"], base.texts + row["bt"])
    return recent, base


def _anonymous(source: Source) -> Any:
    if source.anonymous is None:
        return Value(False, output_field=BooleanField())
    return ExpressionWrapper(source.anonymous, output_field=BooleanField())


@dataclass(frozen=True)
class ServiceTone:
    service_id: int
    positive: int
    neutral: int
    negative: int

    @property
    def texts(self) -> int:
        return self.positive + self.neutral + self.negative

    @property
    def negative_share(self) -> float:
        return self.negative / self.texts if self.texts else 0.0


def by_service(team: Team, since: date) -> dict[int, ServiceTone]:
    """Texts per service of the team and tone from `since`, from the sources that know the
    service (none of them anonymous): one query per source."""
    totals: dict[int, list[int]] = {}
    for source in sources():
        if source.service is None:
            continue
        rows = source.rows(team, None, _start(since)).values(source.service)
        grouped = rows.annotate(
            p=Count("pk", filter=Q(**{source.tone: "positive"})),
            u=Count("pk", filter=Q(**{source.tone: "neutral"})),
            n=Count("pk", filter=Q(**{source.tone: "negative"})),
        )
        for row in grouped.order_by():
            if row[source.service] is None:
                continue
            total = totals.setdefault(row[source.service], [0, 0, 0])
            total[0] += row["p"]
            total[1] += row["u"]
            total[2] += row["n"]
    return {key: ServiceTone(key, *value) for key, value in totals.items()}
