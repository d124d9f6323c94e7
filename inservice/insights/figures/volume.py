"""How much is asked: over time by channel, by requesting department, and the recurring pain
points (services by volume and growth, with their categories and repeat requests)."""

from __future__ import annotations

from collections import Counter

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from inservice.catalog.models import Service
from inservice.insights.figures.base import Cell, ChartKind, Figure, Series, Stat, Unit
from inservice.insights.figures.reading import (
    as_of,
    buckets_of,
    growth,
    in_scope,
    index_of,
    outcome_rows,
    percent,
    with_previous,
)
from inservice.insights.models import ServiceDay
from inservice.insights.periods import Period
from inservice.insights.scope import Scope
from inservice.org.models import Team
from inservice.tickets.choices import Channel

TOP = 15  # bars in a ranked chart; the table lists every row


def volume(scope: Scope, period: Period) -> Figure:
    """Requests asked per day (or week) and channel: two queries."""
    buckets = buckets_of(period)
    where = index_of(buckets)
    channels = list(Channel)
    counts = [[0] * len(channels) for _b in buckets]
    now = before = 0
    seen = seen_before = False
    for day, by_channel in outcome_rows(scope, with_previous(period)).values_list(
        "day", "by_channel"
    ):
        asked = sum(int(n) for n in by_channel.values())
        if day < period.start:
            seen_before, before = True, before + asked
            continue
        seen, now = True, now + asked
        for j, channel in enumerate(channels):
            counts[where[day]][j] += int(by_channel.get(channel.value, 0))
    return Figure(
        key="volume",
        title=_("Requests asked"),
        description=_(
            "Requests asked each day (each week over long periods) by the channel they came "
            "through, counted for the team they were first asked of."
        ),
        chart=ChartKind.STACKED,
        unit=Unit.COUNT,
        labels=[b.label for b in buckets],
        series=[
            Series(str(c.label), [float(counts[i][j]) for i in range(len(buckets))])
            for j, c in enumerate(channels)
        ],
        columns=[_("Day or week"), *(str(c.label) for c in channels), _("Total")],
        rows=[[b.label, *counts[i], sum(counts[i])] for i, b in enumerate(buckets)] if seen else [],
        stats=[
            Stat(
                _("Requests asked"),
                now if seen else None,
                before if seen_before else None,
                Unit.COUNT,
            )
        ],
        as_of=as_of(period),
    )


def departments(scope: Scope, period: Period) -> Figure:
    """Requests asked by requesting department, ranked, against the period before: three queries."""
    now: Counter[str] = Counter()
    before: Counter[str] = Counter()
    seen_before = False
    for day, by_department in outcome_rows(scope, with_previous(period)).values_list(
        "day", "by_department"
    ):
        seen_before = seen_before or day < period.start
        (before if day < period.start else now).update(
            {k: int(v) for k, v in by_department.items()}
        )
    ids = [int(k) for k in set(now) | set(before) if k.isdigit()]
    names = dict(Team.objects.filter(pk__in=ids).values_list("pk", "name"))

    def name(key: str) -> str:
        return names.get(int(key), _("A team since removed")) if key.isdigit() else _("No team")

    ranked = sorted(set(now) | set(before), key=lambda k: (-now[k], -before[k], name(k)))
    total = sum(now.values())
    rows = [
        [name(k), now[k], before[k], now[k] - before[k], percent(now[k], total)] for k in ranked
    ]
    asking = sum(1 for k in now if now[k])
    return Figure(
        key="departments",
        title=_("Requests by requesting department"),
        description=_(
            "Requests asked by the people of each department (the requester's team's department, "
            "or the team itself when it has none), ranked, against the period before."
        ),
        chart=ChartKind.HORIZONTAL,
        unit=Unit.COUNT,
        labels=[name(k) for k in ranked[:TOP]],
        series=[
            Series(_("This period"), [float(now[k]) for k in ranked[:TOP]]),
            Series(_("Previous period"), [float(before[k]) for k in ranked[:TOP]]),
        ],
        columns=[_("Department"), _("Requests"), _("Previous period"), _("Change"), _("Share %")],
        rows=rows if total else [],
        stats=[
            Stat(
                _("Departments asking"),
                asking if total else None,
                sum(1 for k in before if before[k]) if seen_before else None,
                Unit.COUNT,
            )
        ],
        as_of=as_of(period),
    )


def pain_points(scope: Scope, period: Period) -> Figure:
    """Services by volume and growth, their categories, and repeat requests: four queries."""
    rows = ServiceDay.objects.filter(day__gte=period.previous().start, day__lte=period.end)
    rows = in_scope(rows, scope)
    current = Q(day__gte=period.start)
    sums = {
        service: (int(a or 0), int(b or 0), int(r or 0), int(p or 0))
        for service, a, b, r, p in rows.order_by()
        .values("service_id")
        .annotate(
            a=Sum("asked", filter=current),
            b=Sum("asked", filter=~current),
            r=Sum("repeats", filter=current),
            p=Sum("repeats", filter=~current),
        )
        .values_list("service_id", "a", "b", "r", "p")
    }
    services = {
        pk: (service, team, parent)
        for pk, service, team, parent in Service.objects.filter(pk__in=list(sums)).values_list(
            "pk", "name", "team__name", "team__parent__name"
        )
    }
    categories: dict[str, list[int]] = {}
    table: list[list[Cell]] = []
    asked_ever = [k for k in sums if sums[k][0] or sums[k][1]]  # not just resolved here
    for pk in sorted(
        asked_ever, key=lambda k: (-sums[k][0], -sums[k][1], services.get(k, ("",))[0])
    ):
        asked, previous, repeats, _was = sums[pk]
        service, team, parent = services.get(pk, (_("A service since removed"), "", None))
        category = parent or team
        table.append(
            [
                _("Service"),
                service,
                category,
                asked,
                previous,
                growth(asked, previous),
                repeats,
                percent(repeats, asked),
            ]
        )
        found = categories.setdefault(category, [0, 0, 0])
        found[0], found[1], found[2] = found[0] + asked, found[1] + previous, found[2] + repeats
    for category, (asked, previous, repeats) in sorted(
        categories.items(), key=lambda c: (-c[1][0], c[0])
    ):
        table.append(
            [
                _("Category"),
                category,
                category,
                asked,
                previous,
                growth(asked, previous),
                repeats,
                percent(repeats, asked),
            ]
        )
    asked_now = sum(s[0] for s in sums.values())
    repeats_now = sum(s[2] for s in sums.values())
    asked_before = sum(s[1] for s in sums.values())
    repeats_before = sum(s[3] for s in sums.values())
    top = [(str(row[1]), float(str(row[3])), float(str(row[4]))) for row in table[:TOP]]
    top = top[: min(TOP, len(asked_ever))]
    return Figure(
        key="pain_points",
        title=_("Recurring pain points"),
        description=_(
            "Services by requests asked and their growth on the period before; a service's "
            "category is its owning team's department (the catalog has no categories). A repeat "
            "request is asked by someone who asked for the same service in the 14 days before."
        ),
        chart=ChartKind.HORIZONTAL,
        unit=Unit.COUNT,
        labels=[name for name, _now, _before in top],
        series=[
            Series(_("This period"), [now for _name, now, _before in top]),
            Series(_("Previous period"), [before for _name, _now, before in top]),
        ],
        columns=[
            _("Kind"),
            _("Name"),
            _("Category"),
            _("Requests"),
            _("Previous period"),
            _("Growth %"),
            _("Repeat requests"),
            _("Repeat share %"),
        ],
        rows=table if asked_now else [],
        stats=[
            Stat(
                _("Repeat requests"),
                repeats_now if asked_now else None,
                repeats_before if asked_before else None,
                Unit.COUNT,
                higher_is_better=False,
            ),
            Stat(
                _("Share of requests that repeat"),
                percent(repeats_now, asked_now),
                percent(repeats_before, asked_before),
                Unit.PERCENT,
                higher_is_better=False,
            ),
        ],
        as_of=as_of(period),
    )
