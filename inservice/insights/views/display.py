"""A Figure as a dashboard shows it, whatever it counts: its headline numbers against the
previous period in words, the chart's data for charts.js, the data table's text. Reads nothing
from the database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from inservice.insights.exports import text_rows
from inservice.insights.figures.base import ChartKind, Figure, Stat, Unit

# Horizontal bar charts grow with their categories so every label stays readable.
CHART_HEIGHT = 260
BAR_HEIGHT = 26


def value_text(value: float | None, unit: Unit) -> str:
    """A number in words for the headline: 1,204 / 87.5% / 3 h 20 min / 4.35."""
    if value is None:
        return "—"
    if unit == Unit.PERCENT:
        return f"{floatformat(value, -1)}%"
    if unit == Unit.MINUTES:
        return minutes_text(value)
    if unit == Unit.SCORE:
        return str(floatformat(value, -2))
    return str(floatformat(value, "-1g"))


def minutes_text(minutes: float) -> str:
    total = round(abs(minutes))
    hours, rest = divmod(total, 60)
    if hours == 0:
        return _("%(m)s min") % {"m": rest}
    if rest == 0 or hours >= 10:
        return _("%(h)s h") % {"h": floatformat(round(abs(minutes) / 60, 1), "-1g")}
    return _("%(h)s h %(m)s min") % {"h": hours, "m": rest}


def change_text(change: float, unit: Unit) -> str:
    """How much a number moved (no sign: the words say which way); percentages move in points."""
    if unit == Unit.PERCENT:
        return _("%(n)s points") % {"n": floatformat(abs(change), -1)}
    return value_text(abs(change), unit)


@dataclass(frozen=True)
class StatView:
    label: str
    value: str
    previous: str  # "" when the previous period has no data
    direction: str  # "up", "down", "same", or "" (nothing to compare)
    arrow: str
    words: str  # "up 12", "no change", "no data in the previous period"
    verdict: str  # "better", "worse" or ""
    target: str
    target_met: bool | None

    @classmethod
    def of(cls, stat: Stat) -> StatView:
        direction, arrow, words, verdict = _movement(stat)
        met = None
        if stat.target is not None and stat.value is not None:
            better = stat.higher_is_better
            met = stat.value >= stat.target if better else stat.value <= stat.target
        return cls(
            label=stat.label,
            value=value_text(stat.value, stat.unit),
            previous="" if stat.previous is None else value_text(stat.previous, stat.unit),
            direction=direction,
            arrow=arrow,
            words=words,
            verdict=verdict,
            target="" if stat.target is None else value_text(stat.target, stat.unit),
            target_met=met,
        )


def _movement(stat: Stat) -> tuple[str, str, str, str]:
    change = stat.change
    if change is None:
        if stat.value is None and stat.previous is None:
            return "", "", _("no data in either period"), ""
        if stat.previous is None:
            return "", "", _("no data in the previous period"), ""
        return "", "", _("no data in this period"), ""
    if round(change, 2) == 0:
        return "same", "→", _("no change"), ""
    up = change > 0
    better = up == stat.higher_is_better
    amount = change_text(change, stat.unit)
    words = _("up %(n)s") % {"n": amount} if up else _("down %(n)s") % {"n": amount}
    return (
        ("up" if up else "down"),
        ("▲" if up else "▼"),
        words,
        (_("better") if better else _("worse")),
    )


@dataclass(frozen=True)
class FigureView:
    figure: Figure
    stats: list[StatView]
    rows: list[list[str]]
    csv_url: str
    has_chart: bool
    chart_height: int

    @property
    def key(self) -> str:
        return self.figure.key

    @property
    def data_id(self) -> str:
        return f"figure-data-{self.figure.key}"

    @property
    def chart_data(self) -> dict[str, Any]:
        """What charts.js draws (through json_script: never through the template engine)."""
        return {
            "chart": str(self.figure.chart),
            "unit": str(self.figure.unit),
            "labels": self.figure.labels,
            "series": [{"label": s.label, "values": s.values} for s in self.figure.series],
        }

    @classmethod
    def of(cls, figure: Figure, csv_url: str) -> FigureView:
        # A chart of nothing but gaps says less than its table: it is left out.
        values = any(v is not None for series in figure.series for v in series.values)
        drawn = figure.chart != ChartKind.NONE and values and not figure.is_empty
        height = CHART_HEIGHT
        if figure.chart == ChartKind.HORIZONTAL:
            height = max(CHART_HEIGHT, 60 + BAR_HEIGHT * len(figure.labels))
        return cls(
            figure=figure,
            stats=[StatView.of(s) for s in figure.stats],
            rows=text_rows(figure),
            csv_url=csv_url,
            has_chart=drawn,
            chart_height=height,
        )
