"""Where work waits: the backlog and its age, and the bottlenecks (time by status, time each
team held a request, the delay of each handoff between two teams)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.utils.translation import gettext as _

from inservice.insights.figures.base import Cell, ChartKind, Figure, Series, Stat, Unit
from inservice.insights.figures.reading import (
    as_of,
    buckets_of,
    each_team_rows,
    of_teams,
    team_rows,
    with_previous,
)
from inservice.insights.models import HandoffDay
from inservice.insights.periods import Period, today
from inservice.insights.rollup import buckets as edges
from inservice.insights.scope import Scope
from inservice.org.models import Team
from inservice.tickets.choices import OPEN_STATUSES

OLD_AFTER_DAYS = 14
TOP_PAIRS = 10


def backlog(scope: Scope, period: Period) -> Figure:
    """Open requests at the end of each day, and their age at the end of the period: two
    queries."""
    open_on: dict[date, int] = defaultdict(int)
    ages: dict[date, list[list[int]]] = defaultdict(list)
    for day, count, aging in team_rows(scope, with_previous(period)).values_list(
        "day", "backlog", "aging"
    ):
        open_on[day] += count
        ages[day].append(aging)
    now = today()
    last = min(period.end, now)
    last_before = min(period.previous().end, now)
    buckets = buckets_of(period)
    values = [float(open_on.get(min(b.end, now), 0)) if b.start <= now else None for b in buckets]
    aging = edges.merged(ages.get(last, []), edges.AGES)
    aging_before = edges.merged(ages.get(last_before, []), edges.AGES)
    old = edges.AGES.index(OLD_AFTER_DAYS)
    seen = any(period.start <= day <= period.end for day in open_on)
    seen_before = any(day < period.start for day in open_on)
    age_labels = edges.labels(edges.AGES, _("days"))
    rows: list[list[Cell]] = [
        [_("Open at the end of the day"), b.label, None if v is None else int(v)]
        for b, v in zip(buckets, values, strict=True)
    ]
    rows += [
        [_("Age at the end of the period"), a, n] for a, n in zip(age_labels, aging, strict=True)
    ]
    return Figure(
        key="backlog",
        title=_("Backlog and aging"),
        description=_(
            "Requests open (new, acknowledged, in progress or waiting on the requester) at the "
            "end of each day (of each week's last day over long periods), and how long those "
            "open at the end of the period have been open."
        ),
        chart=ChartKind.LINE,
        unit=Unit.COUNT,
        labels=[b.label for b in buckets],
        series=[Series(_("Open at the end of the day"), values)],
        columns=[_("Measure"), _("Day, week or age"), _("Requests")],
        rows=rows if seen else [],
        stats=[
            Stat(
                _("Open at the end of the period"),
                open_on.get(last, 0) if seen else None,
                open_on.get(last_before, 0) if seen_before else None,
                Unit.COUNT,
                higher_is_better=False,
            ),
            Stat(
                _("Open longer than 14 days"),
                sum(aging[old:]) if seen else None,
                sum(aging_before[old:]) if seen_before else None,
                Unit.COUNT,
                higher_is_better=False,
            ),
        ],
        as_of=as_of(period),
    )


def bottlenecks(scope: Scope, period: Period) -> Figure:
    """Time by status, holds by team, handoff delays by pair of teams: four queries."""
    statuses = [s.value for s in OPEN_STATUSES]
    hours = {True: dict.fromkeys(statuses, 0.0), False: dict.fromkeys(statuses, 0.0)}
    resolved = {True: 0, False: 0}
    held = {True: edges.empty(edges.MINUTES), False: edges.empty(edges.MINUTES)}
    for day, requests, by_status, histogram in team_rows(scope, with_previous(period)).values_list(
        "day", "status_requests", "status_hours", "stint_minutes"
    ):
        current = day >= period.start
        resolved[current] += requests
        for status, spent in by_status.items():
            if status in hours[current]:
                hours[current][status] += float(spent)
        edges.accumulate(held[current], histogram)
    holds: dict[int, list[int]] = defaultdict(lambda: edges.empty(edges.MINUTES))
    for team, histogram in (
        each_team_rows(scope, period)
        .filter(stints_ended__gt=0)
        .values_list("team_id", "stint_minutes")
    ):
        edges.accumulate(holds[team], histogram)
    pairs, delays = _handoffs(scope, period)
    names = dict(
        Team.objects.filter(pk__in={*holds, *(t for pair in pairs for t in pair)}).values_list(
            "pk", "name"
        )
    )
    labels = [str(s.label) for s in OPEN_STATUSES]

    def average(current: bool) -> list[float | None]:
        n = resolved[current]
        return [round(60 * hours[current][s] / n, 1) if n else None for s in statuses]

    rows: list[list[Cell]] = [
        [_("Time in status"), label, resolved[True], minutes, None, None]
        for label, minutes in zip(labels, average(True), strict=True)
    ]
    for team, merged in sorted(holds.items(), key=lambda t: names.get(t[0], "")):
        rows.append([_("Held by team"), names.get(team, ""), sum(merged), None, *_mid(merged)])
    ranked = sorted(pairs.items(), key=lambda p: (-p[1][0], names.get(p[0][0], "")))
    for (sent, got), (transfers, histogram) in ranked[:TOP_PAIRS]:
        where = f"{names.get(sent, '')} → {names.get(got, '')}"
        rows.append([_("Handoff"), where, transfers, None, *_mid(histogram)])
    seen = bool(resolved[True] or holds or pairs)
    return Figure(
        key="bottlenecks",
        title=_("Bottlenecks"),
        description=_(
            "Average wall-clock minutes a request resolved in the period spent in each open "
            "status; business minutes each team held a request before handing it on or "
            "resolving it; business minutes from a transfer to the receiving team's first "
            "action, for the busiest pairs of teams (medians interpolated within buckets)."
        ),
        chart=ChartKind.HORIZONTAL,
        unit=Unit.MINUTES,
        labels=labels,
        series=[
            Series(_("This period"), average(True)),
            Series(_("Previous period"), average(False)),
        ],
        columns=[
            _("Measure"),
            _("Where"),
            _("Requests or transfers"),
            _("Average minutes"),
            _("Median business minutes"),
            _("90th percentile business minutes"),
        ],
        rows=rows if seen else [],
        stats=[
            Stat(
                _("Handoff delay (median)"),
                _mid(delays[True])[0],
                _mid(delays[False])[0],
                Unit.MINUTES,
                higher_is_better=False,
            ),
            Stat(
                _("Time a team held a request (median)"),
                _mid(held[True])[0],
                _mid(held[False])[0],
                Unit.MINUTES,
                higher_is_better=False,
            ),
        ],
        as_of=as_of(period),
    )


def _handoffs(
    scope: Scope, period: Period
) -> tuple[dict[tuple[int, int], tuple[int, list[int]]], dict[bool, list[int]]]:
    """Per pair of teams in the period: transfers and the delay histogram; and every delay of
    the scope's pairs merged, this period (True) and the one before (False)."""
    span = with_previous(period)
    rows = HandoffDay.objects.filter(day__gte=span.start, day__lte=span.end)
    sending, receiving = of_teams(scope, "from_team"), of_teams(scope, "to_team")
    if sending is not None and receiving is not None:
        rows = rows.filter(sending | receiving)
    pairs: dict[tuple[int, int], tuple[int, list[int]]] = {}
    delays = {True: edges.empty(edges.MINUTES), False: edges.empty(edges.MINUTES)}
    for day, sent, got, transfers, histogram in rows.values_list(
        "day", "from_team_id", "to_team_id", "transfers", "delay_minutes"
    ):
        current = day >= period.start
        edges.accumulate(delays[current], histogram)
        if current:
            count, merged = pairs.get((sent, got), (0, edges.empty(edges.MINUTES)))
            edges.accumulate(merged, histogram)
            pairs[(sent, got)] = (count + transfers, merged)
    return pairs, delays


def _mid(histogram: list[int]) -> tuple[float | None, float | None]:
    """Median and 90th percentile, rounded (None when nothing was timed)."""
    median = edges.quantile(histogram, edges.MINUTES, 0.5)
    high = edges.quantile(histogram, edges.MINUTES, 0.9)
    return (
        None if median is None else round(median, 1),
        None if high is None else round(high, 1),
    )
