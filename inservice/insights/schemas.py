"""What the insights API reads and says: the same figures as the dashboards (figures.base)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from inservice.catalog.schemas import ServiceRef
from inservice.org.schemas import PersonRef, TeamRef

ScopeName = Literal["organisation", "team", "service", "agent"]


class FiguresQuery(Schema):
    scope: ScopeName = Field(
        "organisation",
        description="What the figures are about: the organisation, a team, a service or an "
        "agent's own work in one team.",
    )
    team: str = Field(
        "",
        description="The team's slug: required for scope=team; for scope=agent, the team "
        "whose work is counted (by default the first team of the agent's you may see).",
    )
    service: str = Field("", description="The service's slug: required for scope=service.")
    agent: str = Field("", description="The agent's username: required for scope=agent.")
    start: str = Field(
        "",
        alias="from",
        description="The first day (YYYY-MM-DD, the reporting time zone); by default 30 days "
        "up to `to`.",
    )
    end: str = Field(
        "", alias="to", description="The last day, included (YYYY-MM-DD); by default today."
    )


class StatOut(Schema):
    label: str
    value: float | None = Field(description="In this period; null where there is no data.")
    previous: float | None = Field(description="The same for the period of the same length before.")
    change: float | None = Field(description="value - previous; null when either is.")
    unit: str = Field(description="count, percent (0-100), minutes (business) or score.")
    target: float | None
    higher_is_better: bool


class SeriesOut(Schema):
    label: str
    values: list[float | None] = Field(description="One per label; null where there is no data.")


class FigureOut(Schema):
    key: str
    title: str
    description: str
    chart: str = Field(description="line, bar, stacked, horizontal or none (a table only).")
    unit: str
    labels: list[str]
    series: list[SeriesOut]
    columns: list[str] = Field(description="The data table's header (and the CSV's).")
    rows: list[list[str | int | float | None]]
    stats: list[StatOut]
    as_of: datetime | None = Field(description="When the daily rollups it reads were refreshed.")
    note: str


class PeriodOut(Schema):
    start: date
    end: date


class ScopeOut(Schema):
    kind: ScopeName
    title: str
    team: TeamRef | None
    service: ServiceRef | None
    agent: PersonRef | None


class FiguresOut(Schema):
    scope: ScopeOut
    period: PeriodOut
    previous: PeriodOut = Field(description="The period of the same length just before.")
    items: list[FigureOut]


class OneFigureOut(Schema):
    scope: ScopeOut
    period: PeriodOut
    previous: PeriodOut
    figure: FigureOut
