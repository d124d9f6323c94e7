"""What every figure function shares: the period cut into the chart's buckets, the rollup rows
of a scope, sums by day in one query, "as of", and percentages. Figures read the rollups
(insights.models) only, a fixed number of queries each whatever the data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from django.db.models import Max, Model, Q, QuerySet, Sum

from inservice.insights.models import AgentDay, OrganisationDay, RollupDay, ServiceDay, TeamDay
from inservice.insights.periods import Period
from inservice.insights.scope import Scope, ScopeKind
from inservice.org.models import Team

WEEKS_AFTER = 92  # longer periods are charted by week
M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Bucket:
    label: str  # an ISO date: the day, or the Monday its week starts on
    start: date
    end: date  # included


def buckets_of(period: Period, *, weekly: bool = False) -> list[Bucket]:
    """The chart's x axis: each day, or each week (Monday to Sunday) when the period is longer
    than 92 days (or `weekly`); a week cut by the period keeps its Monday as its label."""
    if not weekly and period.days <= WEEKS_AFTER:
        return [Bucket(d.isoformat(), d, d) for d in period.each_day()]
    out = []
    monday = period.start - timedelta(days=period.start.weekday())
    while monday <= period.end:
        sunday = monday + timedelta(days=6)
        out.append(Bucket(monday.isoformat(), max(monday, period.start), min(sunday, period.end)))
        monday += timedelta(days=7)
    return out


def index_of(buckets: list[Bucket]) -> dict[date, int]:
    """Each day of the buckets -> the bucket's position."""
    found = {}
    for i, bucket in enumerate(buckets):
        day = bucket.start
        while day <= bucket.end:
            found[day] = i
            day += timedelta(days=1)
    return found


def with_previous(period: Period) -> Period:
    """The period and the one before it: one query reads both."""
    return Period(period.previous().start, period.end)


def of_teams(scope: Scope, field: str = "team") -> Q | None:
    """The rows of the scope's teams, by the team in `field`: None for every team; a team and,
    for a department, the teams in it (a subquery, not a query of its own: the rows' index
    by team is still used); the scope's team for a service or an agent."""
    if scope.kind == ScopeKind.ORGANISATION or scope.team is None:
        return None
    if scope.kind != ScopeKind.TEAM:
        return Q(**{f"{field}_id": scope.team.pk})
    teams = Team.objects.filter(Q(pk=scope.team.pk) | Q(parent_id=scope.team.pk))
    return Q(**{f"{field}_id__in": teams.values("pk")})


def outcome_rows(scope: Scope, span: Period) -> QuerySet[Any]:
    """The outcome rows a scope reads over `span`: a service's own rows (whichever team held
    its requests), else the teams' rows."""
    days = {"day__gte": span.start, "day__lte": span.end}
    if scope.kind == ScopeKind.SERVICE and scope.service is not None:
        return ServiceDay.objects.filter(service_id=scope.service.pk, **days)
    return team_rows(scope, span)


def team_rows(scope: Scope, span: Period) -> QuerySet[Any]:
    """A team's rows (and its teams', for a department); the organisation's own row a day."""
    if of_teams(scope) is None:
        return OrganisationDay.objects.filter(day__gte=span.start, day__lte=span.end)
    return each_team_rows(scope, span)


def each_team_rows(scope: Scope, span: Period) -> QuerySet[TeamDay]:
    """The rows of each team of the scope (every team for the organisation)."""
    return in_scope(TeamDay.objects.filter(day__gte=span.start, day__lte=span.end), scope)


def agent_rows(scope: Scope, span: Period) -> QuerySet[AgentDay]:
    rows = AgentDay.objects.filter(day__gte=span.start, day__lte=span.end)
    if scope.kind == ScopeKind.AGENT and scope.agent is not None:
        rows = rows.filter(agent_id=scope.agent.pk)
    return in_scope(rows, scope)


def in_scope(rows: QuerySet[M], scope: Scope, field: str = "team") -> QuerySet[M]:
    """`rows` narrowed to the scope's teams (by the team in `field`)."""
    where = of_teams(scope, field)
    return rows if where is None else rows.filter(where)


def sums_by_day(rows: QuerySet[Any], fields: Iterable[str]) -> dict[date, dict[str, int]]:
    """Each day's sums of `fields` over the rows: one query."""
    names = list(fields)
    grouped = rows.order_by().values("day").annotate(**{f"sum_{n}": Sum(n) for n in names})
    return {row["day"]: {n: int(row[f"sum_{n}"] or 0) for n in names} for row in grouped.order_by()}


def totals(
    by_day: Mapping[date, Mapping[str, int]], period: Period, fields: Iterable[str]
) -> dict[str, int]:
    """The sums of `fields` over the days of `period`."""
    names = list(fields)
    out = dict.fromkeys(names, 0)
    for day, sums in by_day.items():
        if period.start <= day <= period.end:
            for name in names:
                out[name] += sums.get(name, 0)
    return out


def per_bucket(
    by_day: Mapping[date, Mapping[str, int]], buckets: list[Bucket], fields: Iterable[str]
) -> list[dict[str, int]]:
    names = list(fields)
    out = [dict.fromkeys(names, 0) for _ in buckets]
    where = index_of(buckets)
    for day, sums in by_day.items():
        i = where.get(day)
        if i is not None:
            for name in names:
                out[i][name] += sums.get(name, 0)
    return out


def as_of(period: Period) -> datetime | None:
    """When the period's most recent rollups were written (None: never)."""
    found = RollupDay.objects.filter(day__gte=period.start, day__lte=period.end).aggregate(
        at=Max("refreshed_at")
    )
    at: datetime | None = found["at"]
    return at


def percent(part: float, whole: float) -> float | None:
    """`part` of `whole` as a percentage to one decimal; None when `whole` is nothing."""
    return round(100 * part / whole, 1) if whole else None


def ratio(part: float, whole: float, places: int = 2) -> float | None:
    return round(part / whole, places) if whole else None


def growth(now: float, before: float) -> float | None:
    """The change from `before` to `now` as a percentage of `before` (None from nothing)."""
    return round(100 * (now - before) / before, 1) if before else None
