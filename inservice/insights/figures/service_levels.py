"""Service levels: compliance with the response and resolution targets over time, and the
distributions of response and resolution times (median and 90th percentile)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from inservice.insights.figures.base import ChartKind, Figure, Series, Stat, Unit
from inservice.insights.figures.reading import (
    as_of,
    buckets_of,
    outcome_rows,
    per_bucket,
    percent,
    sums_by_day,
    totals,
    with_previous,
)
from inservice.insights.figures.targets import TARGETS
from inservice.insights.periods import Period
from inservice.insights.rollup import buckets as edges
from inservice.insights.scope import Scope

COMPLIANCE = ("response_met", "response_breached", "resolution_met", "resolution_breached")


def sla(scope: Scope, period: Period) -> Figure:
    """Targets met and breached per day (or week): two queries."""
    by_day = sums_by_day(outcome_rows(scope, with_previous(period)), COMPLIANCE)
    buckets = buckets_of(period)
    sums = per_bucket(by_day, buckets, COMPLIANCE)
    now = totals(by_day, period, COMPLIANCE)
    before = totals(by_day, period.previous(), COMPLIANCE)

    def rate(counts: dict[str, int], name: str) -> float | None:
        met = counts[f"{name}_met"]
        return percent(met, met + counts[f"{name}_breached"])

    seen = any(period.start <= day <= period.end for day in by_day)
    return Figure(
        key="sla",
        title=_("Service level compliance"),
        description=_(
            "Of the first-response and resolution targets decided each day, the share met in "
            "time: a target counts on the day it was met, or on the day it was breached."
        ),
        chart=ChartKind.LINE,
        unit=Unit.PERCENT,
        labels=[b.label for b in buckets],
        series=[
            Series(_("First response"), [rate(s, "response") for s in sums]),
            Series(_("Resolution"), [rate(s, "resolution") for s in sums]),
        ],
        columns=[
            _("Day or week"),
            _("Responses in time"),
            _("Responses late"),
            _("Response %"),
            _("Resolutions in time"),
            _("Resolutions late"),
            _("Resolution %"),
        ],
        rows=[
            [
                b.label,
                s["response_met"],
                s["response_breached"],
                rate(s, "response"),
                s["resolution_met"],
                s["resolution_breached"],
                rate(s, "resolution"),
            ]
            for b, s in zip(buckets, sums, strict=True)
        ]
        if seen
        else [],
        stats=[
            Stat(
                _("First responses in time"),
                rate(now, "response"),
                rate(before, "response"),
                Unit.PERCENT,
                target=TARGETS["response_compliance"],
            ),
            Stat(
                _("Resolutions in time"),
                rate(now, "resolution"),
                rate(before, "resolution"),
                Unit.PERCENT,
                target=TARGETS["resolution_compliance"],
            ),
        ],
        as_of=as_of(period),
    )


def response_times(scope: Scope, period: Period) -> Figure:
    return _times(scope, period, "response")


def resolution_times(scope: Scope, period: Period) -> Figure:
    return _times(scope, period, "resolution")


def _times(scope: Scope, period: Period, name: str) -> Figure:
    """The histogram of the business minutes taken, this period and the one before: two
    queries."""
    now: list[list[int]] = []
    before: list[list[int]] = []
    for day, histogram in outcome_rows(scope, with_previous(period)).values_list(
        "day", f"{name}_minutes"
    ):
        (before if day < period.start else now).append(histogram)
    this = edges.merged(now, edges.MINUTES)
    last = edges.merged(before, edges.MINUTES)
    labels = edges.labels(edges.MINUTES)
    response = name == "response"
    return Figure(
        key=f"{name}_times",
        title=_("Response times") if response else _("Resolution times"),
        description=(
            _(
                "Business minutes from asking to the team's first response, in buckets that "
                "double in width; median and 90th percentile are interpolated within a bucket."
            )
            if response
            else _(
                "Business minutes from asking (or reopening) to resolution, the clock paused "
                "while waiting on the requester, in buckets that double in width; median and "
                "90th percentile are interpolated within a bucket."
            )
        ),
        chart=ChartKind.BAR,
        unit=Unit.COUNT,
        labels=labels,
        series=[
            Series(_("This period"), [float(n) for n in this]),
            Series(_("Previous period"), [float(n) for n in last]),
        ],
        columns=[_("Business minutes"), _("Requests"), _("Previous period")],
        rows=[[label, a, b] for label, a, b in zip(labels, this, last, strict=True)]
        if sum(this)
        else [],
        stats=[
            Stat(
                _("Median"),
                _round(edges.quantile(this, edges.MINUTES, 0.5)),
                _round(edges.quantile(last, edges.MINUTES, 0.5)),
                Unit.MINUTES,
                higher_is_better=False,
            ),
            Stat(
                _("90th percentile"),
                _round(edges.quantile(this, edges.MINUTES, 0.9)),
                _round(edges.quantile(last, edges.MINUTES, 0.9)),
                Unit.MINUTES,
                higher_is_better=False,
            ),
        ],
        as_of=as_of(period),
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
