"""A team's quarter in one table (decision 0038): the headline numbers of the dashboard figures
(figures.registry), each against its target (figures.targets, as the figure carries it) and
the quarter before, with a traffic light; then the highlights (highlights_health). Reads only:
`build` returns the snapshot a HealthCheck keeps.

Every number is the figure's own Stat, computed by the figure's function for the quarter and
again for the quarter before (a quarter's "previous period" would be the same number of days,
not the calendar quarter), so the scorecard and the dashboard never disagree.

The lights (`light_of`, pure):
- grey: no data this quarter;
- with a target: green when met, amber when missed by at most the line's margin (5 points for
  a percentage, 2 points for the reopen rate, 0.2 for the average rating), red beyond it;
- without a target: amber when worse than the quarter before by more than a wobble (2 points
  for a percentage, else 5% of last quarter's value), green otherwise (or with nothing to
  compare).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from inservice.insights import highlights_health
from inservice.insights.figures import registry
from inservice.insights.figures.base import ChartKind, Figure, Unit
from inservice.insights.periods import Period
from inservice.insights.scope import Scope
from inservice.org.models import Team

FORMAT = 1  # the snapshot's shape; a later shape can still read an older one by this
STEADY_POINTS = 2.0  # a percentage this much worse than last quarter is still steady
STEADY_SHARE = 0.05  # any other number: 5% of last quarter's


class Light(models.TextChoices):
    GREEN = "green", _("On track")
    AMBER = "amber", _("Watch")
    RED = "red", _("Needs action")
    GREY = "grey", _("No data")

    @property
    def icon(self) -> str:
        """Beside the colour and the word, so the light reads without colour too."""
        return {"green": "✓", "amber": "!", "red": "✕", "grey": "○"}[self.value]

    @property
    def badge(self) -> str:
        return {"green": "ok", "amber": "warn", "red": "danger", "grey": "muted"}[self.value]


@dataclass(frozen=True)
class LineSpec:
    key: str
    figure: str  # the figure's key in figures.registry
    stat: int  # which of its stats
    label: Any  # lazy text: the snapshot keeps keys, the page says them in today's words
    margin: float | None = None  # amber within this of the target


LINES: tuple[LineSpec, ...] = (
    LineSpec("response_compliance", "sla", 0, _("First responses in time"), 5.0),
    LineSpec("resolution_compliance", "sla", 1, _("Resolutions in time"), 5.0),
    LineSpec("median_response", "response_times", 0, _("Median time to first response")),
    LineSpec("median_resolution", "resolution_times", 0, _("Median time to resolution")),
    LineSpec("backlog", "backlog", 0, _("Open at the end of the quarter")),
    LineSpec("backlog_old", "backlog", 1, _("Open longer than 14 days")),
    LineSpec("reopen_rate", "reopen_rate", 0, _("Reopen rate"), 2.0),
    LineSpec("first_contact", "first_contact", 0, _("First-contact resolution"), 5.0),
    LineSpec("promise_kept", "promises", 0, _("Promises kept"), 5.0),
    LineSpec("csat", "csat", 0, _("Satisfaction (average rating)"), 0.2),
    LineSpec("nps", "nps", 0, _("Internal NPS")),
    LineSpec("sentiment", "sentiment", 0, _("Feedback reading negative")),
    LineSpec("training", "training", 0, _("Training completed"), 5.0),
    LineSpec("kudos_received", "kudos", 0, _("Kudos received")),
    LineSpec("kudos_across", "kudos", 1, _("Kudos received from other teams")),
)
SPECS = {spec.key: spec for spec in LINES}


# -- quarters -----------------------------------------------------------------------------------

QUARTER = re.compile(r"(\d{4})-Q([1-4])")


def parse_quarter(text: str) -> Period | None:
    """The quarter "2026-Q1" names (years 2000 to 9998), or None."""
    found = QUARTER.fullmatch(text.strip())
    if found is None or not 2000 <= int(found.group(1)) <= 9998:
        return None
    return Period.quarter_of(date(int(found.group(1)), 3 * int(found.group(2)) - 2, 1))


def previous_quarter(quarter: Period) -> Period:
    return Period.quarter_of(quarter.start - timedelta(days=1))


# -- lights -------------------------------------------------------------------------------------


def light_of(
    value: float | None,
    previous: float | None,
    target: float | None,
    *,
    higher_is_better: bool,
    unit: Unit,
    margin: float | None = None,
) -> Light:
    if value is None:
        return Light.GREY
    if target is not None:
        shortfall = target - value if higher_is_better else value - target
        if shortfall <= 0:
            return Light.GREEN
        return Light.AMBER if margin is not None and shortfall <= margin else Light.RED
    if previous is None:
        return Light.GREEN
    worse_by = previous - value if higher_is_better else value - previous
    wobble = STEADY_POINTS if unit == Unit.PERCENT else STEADY_SHARE * abs(previous)
    return Light.AMBER if worse_by > wobble else Light.GREEN


def light_counts(summary: dict[str, Any]) -> dict[str, int]:
    """Every light's count from a stored summary (a light it lacks: none)."""
    return {light: int(summary.get(light, 0)) for light in Light.values}


def summary_of(lines: list[dict[str, Any]]) -> dict[str, int]:
    """How many lines show each light."""
    counts = dict.fromkeys(Light.values, 0)
    for line in lines:
        counts[line["light"]] += 1
    return counts


# -- the snapshot -------------------------------------------------------------------------------


def build(team: Team, quarter: Period) -> dict[str, Any]:
    """The scorecard of `team` (a department: its teams together, as its dashboard) for
    `quarter`: a JSON-ready snapshot. Every figure it reads is computed twice (this quarter,
    the one before); a bounded number of queries whatever the data."""
    scope = Scope.of_team(team)
    before = previous_quarter(quarter)
    now: dict[str, Figure] = {}
    then: dict[str, Figure] = {}
    for key in dict.fromkeys(spec.figure for spec in LINES):
        spec = registry.get(key)
        assert spec is not None, key  # the registry's keys are fixed in code
        now[key] = spec.compute(scope, quarter)
        then[key] = spec.compute(scope, before)
    lines = [_line(spec, now[spec.figure], then[spec.figure]) for spec in LINES]
    times = [f.as_of for f in now.values() if f.as_of is not None]
    return {
        "format": FORMAT,
        "period": {"start": quarter.start.isoformat(), "end": quarter.end.isoformat()},
        "previous": {"start": before.start.isoformat(), "end": before.end.isoformat()},
        "as_of": min(times).isoformat() if times else None,
        "lines": lines,
        "summary": summary_of(lines),
        **highlights_health.gather(team, quarter, now["training"]),
    }


def _line(spec: LineSpec, now: Figure, then: Figure) -> dict[str, Any]:
    stat = now.stats[spec.stat]
    previous = then.stats[spec.stat].value
    light = light_of(
        stat.value,
        previous,
        stat.target,
        higher_is_better=stat.higher_is_better,
        unit=stat.unit,
        margin=spec.margin,
    )
    return {
        "key": spec.key,
        "figure": spec.figure,
        "unit": stat.unit.value,
        "value": stat.value,
        "previous": previous,
        "target": stat.target,
        "higher_is_better": stat.higher_is_better,
        "light": light.value,
    }


# -- reading a snapshot back --------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One line of a snapshot, in today's words (the snapshot keeps keys and numbers)."""

    key: str
    label: str
    unit: Unit
    value: float | None
    previous: float | None
    target: float | None
    higher_is_better: bool
    light: Light


def lines_of(snapshot: dict[str, Any]) -> list[Line]:
    out = []
    for line in snapshot.get("lines", []):
        spec = SPECS.get(line["key"])
        out.append(
            Line(
                key=line["key"],
                label=str(spec.label) if spec else line["key"],
                unit=Unit(line["unit"]),
                value=line["value"],
                previous=line["previous"],
                target=line["target"],
                higher_is_better=line["higher_is_better"],
                light=Light(line["light"]),
            )
        )
    return out


def summary_sentence(summary: dict[str, int]) -> str:
    """The traffic lights in a sentence: the overall reading, then the count of each."""
    red, amber = summary.get(Light.RED, 0), summary.get(Light.AMBER, 0)
    if red:
        overall = gettext("Some measures need action.")
    elif amber:
        overall = gettext("Mostly on track, with measures to watch.")
    elif summary.get(Light.GREEN, 0):
        overall = gettext("On track.")
    else:
        overall = gettext("No data for this quarter yet.")
    counts = gettext(
        "%(green)s on track, %(amber)s to watch, %(red)s needing action, %(grey)s without data."
    )
    values = {light: summary.get(light, 0) for light in Light.values}
    return f"{overall} {counts % values}"


def as_figure(snapshot: dict[str, Any], title: str) -> Figure:
    """The scorecard as a table-only Figure, so exports.csv_text writes its CSV by the
    dashboards' own rules (plain digits, formula-safe text)."""
    return Figure(
        key="health",
        title=title,
        description="",
        chart=ChartKind.NONE,
        unit=Unit.COUNT,
        columns=[
            gettext("Measure"),
            gettext("Unit"),
            gettext("This quarter"),
            gettext("Previous quarter"),
            gettext("Target"),
            gettext("Light"),
        ],
        rows=[
            [
                line.label,
                line.unit.value,
                line.value,
                line.previous,
                line.target,
                str(line.light.label),
            ]
            for line in lines_of(snapshot)
        ],
    )
