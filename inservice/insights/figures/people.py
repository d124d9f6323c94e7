"""People: workload balance across a team's agents, training completion, kudos given and
received across teams."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from inservice.insights.figures.base import Cell, ChartKind, Figure, Series, Stat, Unit
from inservice.insights.figures.reading import (
    agent_rows,
    as_of,
    buckets_of,
    in_scope,
    per_bucket,
    percent,
    sums_by_day,
    team_rows,
    totals,
    with_previous,
)
from inservice.insights.figures.targets import TARGETS
from inservice.insights.periods import Period, today
from inservice.insights.scope import Scope, ScopeKind
from inservice.learning.models.progress import Assignment
from inservice.org.models import Person, Team

KUDOS = ("kudos_given", "kudos_received", "kudos_given_across", "kudos_received_across")


def workload(scope: Scope, period: Period) -> Figure:
    """Per agent: resolved, public replies, open and assigned at the end of the period. Names
    agents: for the team's leads and administrators, and an agent's own view. Four queries."""
    last = min(period.end, today())
    last_before = min(period.previous().end, today())
    done: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    before = [0, 0]  # resolved, open assigned
    seen_before = False
    for day, agent, resolved, replies, open_assigned in agent_rows(
        scope, with_previous(period)
    ).values_list("day", "agent_id", "resolved", "replies", "open_assigned"):
        if day < period.start:
            seen_before = True
            before[0] += resolved
            before[1] += open_assigned if day == last_before else 0
            continue
        counts = done[agent]
        counts[0] += resolved
        counts[1] += replies
        counts[2] += open_assigned if day == last else 0
    names = dict(Person.objects.filter(pk__in=list(done)).values_list("pk", "name"))
    agents = sorted(done, key=lambda a: (-done[a][0], -done[a][2], names.get(a, "")))
    resolved_now = sum(c[0] for c in done.values())
    stats = [
        Stat(
            _("Resolved"),
            resolved_now if done else None,
            before[0] if seen_before else None,
            Unit.COUNT,
        ),
        Stat(
            _("Open and assigned at the end"),
            sum(c[2] for c in done.values()) if done else None,
            before[1] if seen_before else None,
            Unit.COUNT,
            higher_is_better=False,
        ),
    ]
    if scope.kind != ScopeKind.AGENT:
        stats.append(
            Stat(
                _("Largest share of resolutions by one agent"),
                percent(max((c[0] for c in done.values()), default=0), resolved_now),
                None,
                Unit.PERCENT,
                higher_is_better=False,
            )
        )
    return Figure(
        key="workload",
        title=_("Workload balance"),
        description=_(
            "Per agent, in the team holding the request: requests resolved and public replies "
            "in the period, and requests open and assigned to them at its end."
        ),
        chart=ChartKind.BAR,
        unit=Unit.COUNT,
        labels=[names.get(a, "") for a in agents],
        series=[
            Series(_("Resolved"), [float(done[a][0]) for a in agents]),
            Series(_("Public replies"), [float(done[a][1]) for a in agents]),
            Series(_("Open and assigned"), [float(done[a][2]) for a in agents]),
        ],
        columns=[
            _("Agent"),
            _("Resolved"),
            _("Public replies"),
            _("Open and assigned"),
            _("Share of resolutions %"),
        ],
        rows=[[names.get(a, ""), *done[a], percent(done[a][0], resolved_now)] for a in agents],
        stats=stats,
        as_of=as_of(period),
    )


def training(scope: Scope, period: Period) -> Figure:
    """Assignments due in the period of the people of each team (where they sit in the
    organisation), completed and overdue: read live (the table is small), three queries."""
    span = with_previous(period)
    now = today()
    rows: QuerySet[Assignment] = Assignment.objects.filter(
        due_on__gte=span.start,
        due_on__lte=span.end,
        person__is_active=True,
        person__team__isnull=False,
    )
    rows = in_scope(rows, scope, "person__team")
    current, completed = Q(due_on__gte=period.start), Q(completed_at__isnull=False)
    overdue = Q(completed_at__isnull=True, due_on__lt=now)
    grouped = (
        rows.order_by()
        .values("person__team_id")
        .annotate(
            a=Count("pk", filter=current),
            c=Count("pk", filter=current & completed),
            o=Count("pk", filter=current & overdue),
            pa=Count("pk", filter=~current),
            pc=Count("pk", filter=~current & completed),
            po=Count("pk", filter=~current & overdue),
        )
        .values_list("person__team_id", "a", "c", "o", "pa", "pc", "po")
    )
    counts = {team: (a, c, o, pa, pc, po) for team, a, c, o, pa, pc, po in grouped}
    names = dict(Team.objects.filter(pk__in=list(counts)).values_list("pk", "name"))
    teams = sorted((t for t in counts if counts[t][0]), key=lambda t: names.get(t, ""))
    total = [sum(c[i] for c in counts.values()) for i in range(6)]
    table: list[list[Cell]] = [
        [names.get(t, ""), *counts[t][:3], percent(counts[t][1], counts[t][0])] for t in teams
    ]
    return Figure(
        key="training",
        title=_("Training completion"),
        description=_(
            "Course and program assignments due in the period, of the active people of each "
            "team (the team they sit in): completed (whenever), and overdue today."
        ),
        chart=ChartKind.BAR,
        unit=Unit.PERCENT,
        labels=[names.get(t, "") for t in teams],
        series=[Series(_("Completed %"), [percent(counts[t][1], counts[t][0]) for t in teams])],
        columns=[_("Team"), _("Assigned"), _("Completed"), _("Overdue"), _("Completed %")],
        rows=table,
        stats=[
            Stat(
                _("Training completed"),
                percent(total[1], total[0]),
                percent(total[4], total[3]),
                Unit.PERCENT,
                target=TARGETS["training"],
            ),
            Stat(
                _("Assignments overdue"),
                total[2] if total[0] else None,
                total[5] if total[3] else None,
                Unit.COUNT,
                higher_is_better=False,
            ),
        ],
        as_of=None,  # read live
    )


def kudos(scope: Scope, period: Period) -> Figure:
    """Kudos given and received per day (or week), across teams apart: two queries."""
    by_day = sums_by_day(team_rows(scope, with_previous(period)), KUDOS)
    buckets = buckets_of(period)
    sums = per_bucket(by_day, buckets, KUDOS)
    now = totals(by_day, period, KUDOS)
    before = totals(by_day, period.previous(), KUDOS)
    seen = any(period.start <= day <= period.end for day in by_day)
    seen_before = any(day < period.start for day in by_day)
    labels = {
        "kudos_given": _("Given"),
        "kudos_received": _("Received"),
        "kudos_given_across": _("Given across teams"),
        "kudos_received_across": _("Received across teams"),
    }
    return Figure(
        key="kudos",
        title=_("Kudos"),
        description=_(
            "Kudos given by the team's people and received by the team or its people, those "
            "across teams apart (a recipient whose team differs from the giver's); hidden kudos "
            "are not counted, and a kudos to two teams counts for each."
        ),
        chart=ChartKind.LINE,
        unit=Unit.COUNT,
        labels=[b.label for b in buckets],
        series=[Series(labels[f], [float(s[f]) for s in sums]) for f in KUDOS],
        columns=[_("Day or week"), *(labels[f] for f in KUDOS)],
        rows=[[b.label, *(s[f] for f in KUDOS)] for b, s in zip(buckets, sums, strict=True)]
        if seen
        else [],
        stats=[
            Stat(
                _("Kudos received"),
                now["kudos_received"] if seen else None,
                before["kudos_received"] if seen_before else None,
                Unit.COUNT,
            ),
            Stat(
                _("Received across teams"),
                percent(now["kudos_received_across"], now["kudos_received"]),
                percent(before["kudos_received_across"], before["kudos_received"]),
                Unit.PERCENT,
            ),
        ],
        as_of=as_of(period),
    )
