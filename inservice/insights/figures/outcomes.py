"""Rates over time: promises kept, requests reopened, first-contact resolution. Each is one
share per day (or week) with its counts in the table and the period's share against the period
before and a target."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from inservice.insights.figures.base import Cell, ChartKind, Figure, Series, Stat, Unit
from inservice.insights.figures.reading import (
    agent_rows,
    as_of,
    buckets_of,
    outcome_rows,
    per_bucket,
    percent,
    sums_by_day,
    team_rows,
    totals,
    with_previous,
)
from inservice.insights.figures.targets import TARGETS
from inservice.insights.periods import Period
from inservice.insights.scope import Scope, ScopeKind


@dataclass(frozen=True)
class Rate:
    key: str
    title: str
    description: str
    part: str  # the field counted
    whole: tuple[str, ...]  # the fields the share is of (summed)
    columns: tuple[tuple[str, str], ...]  # (field, column heading) shown in the table
    stat: str
    target: float
    higher_is_better: bool = True


def promises(scope: Scope, period: Period) -> Figure:
    rows = agent_rows if scope.kind == ScopeKind.AGENT else team_rows
    return _rate(
        Rate(
            key="promises",
            title=_("Promises kept"),
            description=_(
                "Of the promises settled each day (a lapsed one at its promised time), the share "
                "kept: kept ÷ (kept + broken); renegotiated in time counted apart (decision 0024)."
            ),
            part="promises_kept",
            whole=("promises_kept", "promises_broken"),
            columns=(
                ("promises_kept", _("Kept")),
                ("promises_broken", _("Broken")),
                ("promises_renegotiated", _("Renegotiated in time")),
            ),
            stat=_("Promises kept"),
            target=TARGETS["promise_kept"],
        ),
        rows(scope, with_previous(period)),
        period,
    )


def reopen_rate(scope: Scope, period: Period) -> Figure:
    return _rate(
        Rate(
            key="reopen_rate",
            title=_("Reopened requests"),
            description=_(
                "Reopenings each day as a share of the resolutions that day (a request reopened "
                "and resolved again counts each time)."
            ),
            part="reopened",
            whole=("resolved",),
            columns=(("resolved", _("Resolved")), ("reopened", _("Reopened"))),
            stat=_("Reopen rate"),
            target=TARGETS["reopen_rate"],
            higher_is_better=False,
        ),
        outcome_rows(scope, with_previous(period)),
        period,
    )


def first_contact(scope: Scope, period: Period) -> Figure:
    return _rate(
        Rate(
            key="first_contact",
            title=_("First-contact resolution"),
            description=_(
                "Of the requests resolved for the first time each day, the share resolved by the "
                "team first asked (never transferred), with at most one public reply from the "
                "team before, and never reopened."
            ),
            part="first_contact",
            whole=("first_resolved",),
            columns=(
                ("first_resolved", _("First resolutions")),
                ("first_contact", _("First contact")),
            ),
            stat=_("First-contact resolution"),
            target=TARGETS["first_contact"],
        ),
        outcome_rows(scope, with_previous(period)),
        period,
    )


def _rate(rate: Rate, rows: QuerySet[Any], period: Period) -> Figure:
    """Two queries: the rows summed by day, and "as of"."""
    fields = sorted({rate.part, *rate.whole, *(f for f, _heading in rate.columns)})
    by_day = sums_by_day(rows, fields)
    buckets = buckets_of(period)
    sums = per_bucket(by_day, buckets, fields)

    def share(counts: dict[str, int]) -> float | None:
        return percent(counts[rate.part], sum(counts[f] for f in rate.whole))

    seen = any(period.start <= day <= period.end for day in by_day)
    table: list[list[Cell]] = [
        [b.label, *(s[f] for f, _heading in rate.columns), share(s)]
        for b, s in zip(buckets, sums, strict=True)
    ]
    return Figure(
        key=rate.key,
        title=rate.title,
        description=rate.description,
        chart=ChartKind.LINE,
        unit=Unit.PERCENT,
        labels=[b.label for b in buckets],
        series=[Series(rate.stat, [share(s) for s in sums])],
        columns=[_("Day or week"), *(heading for _f, heading in rate.columns), _("Share %")],
        rows=table if seen else [],
        stats=[
            Stat(
                rate.stat,
                share(totals(by_day, period, fields)),
                share(totals(by_day, period.previous(), fields)),
                Unit.PERCENT,
                target=rate.target,
                higher_is_better=rate.higher_is_better,
            )
        ],
        as_of=as_of(period),
    )
