"""What every figure function returns: the numbers once, in a shape the page (a chart and its
data table), the CSV download and the API all read. A figure never renders anything itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

Cell = str | int | float | None


class ChartKind(StrEnum):
    LINE = "line"  # series over the labels (days or weeks)
    BAR = "bar"  # one bar a label per series
    STACKED = "stacked"  # bars stacked per label (volume by channel, aging buckets)
    HORIZONTAL = "horizontal"  # ranked lists (pain points, handoff delays)
    NONE = "none"  # a table only


class Unit(StrEnum):
    COUNT = "count"
    PERCENT = "percent"  # 0-100
    MINUTES = "minutes"  # business minutes
    SCORE = "score"  # CSAT 1-5, NPS -100..100, sentiment -1..1


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float | None]  # one per Figure.labels entry; None where there is no data


@dataclass(frozen=True)
class Stat:
    """A headline number with the same number for the previous period (None: no data then)."""

    label: str
    value: float | None
    previous: float | None
    unit: Unit
    target: float | None = None
    higher_is_better: bool = True

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


@dataclass(frozen=True)
class Figure:
    key: str  # stable, used in URLs: /insights/<scope>/figures/<key>.csv
    title: str
    description: str  # one sentence: what is counted and how
    chart: ChartKind
    unit: Unit
    labels: list[str] = field(default_factory=list)  # the chart's x axis (or categories)
    series: list[Series] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # the data table and CSV header
    rows: list[list[Cell]] = field(default_factory=list)
    stats: list[Stat] = field(default_factory=list)
    as_of: datetime | None = None  # when the rollups it reads were last refreshed
    note: str = ""  # e.g. "groups under 5 answers are not shown"

    @property
    def is_empty(self) -> bool:
        return not self.rows and all(s.value is None for s in self.stats)
