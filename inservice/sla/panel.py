"""The request page's service-level panel, and how long each team held a request.

Reads only: a fixed handful of queries whatever the request's history (update cycles are
summed in the database, not listed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from inservice.catalog.targets import business_duration
from inservice.org.models import Team
from inservice.sla import business
from inservice.sla.choices import ClockState, Target
from inservice.sla.display import (
    Standing,
    business_span,
    day_minutes,
    describe_clock,
    wall_clock,
)
from inservice.sla.models import Clock, RequestSla
from inservice.tickets.choices import EntryKind, Status
from inservice.tickets.models import Stint, Ticket, TimelineEntry

LIVE = (ClockState.RUNNING, ClockState.PAUSED)


@dataclass
class TargetRow:
    """One target of the request: its latest cycle, how it stands, its outcome."""

    target: str
    label: str
    cycle: int
    target_words: str
    standing: Standing
    due_at: datetime | None
    met_at: datetime | None
    breached_at: datetime | None
    paused_words: str  # wall-clock time the target spent paused; "" when never paused


@dataclass
class StintRow:
    team: Team
    started_at: datetime
    ended_at: datetime | None
    words: str  # business time the team held it
    reason: str = ""  # why it came to this team (TransferReason's label); "" for the first team
    first_action_words: str = ""  # business time until the team first acted; "" if it has not


@dataclass
class Panel:
    rows: list[TargetRow]
    updates_on_time: int = 0
    updates_late: int = 0
    back_at: datetime | None = None  # asked outside working hours: when the team was back
    back_later: bool = False  # ... and is not back yet
    policy: list[tuple[str, str]] = field(default_factory=list)  # the team only
    policy_source: str = ""
    stints: list[StintRow] = field(default_factory=list)  # the team only
    transfers: int = 0  # the team only
    many_transfers: bool = False  # more than settings.TRANSFER_FLAG_AFTER (decision 0026)


def panel(ticket: Ticket, now: datetime, *, for_team: bool) -> Panel | None:
    """The panel for the requester (for_team=False) or the teams serving the request; None for
    a request with no service levels."""
    record = RequestSla.objects.filter(ticket=ticket).first()
    if record is None:
        return None
    table = business.for_team(ticket.team)
    # Every cycle of the first response and resolution (a handful: reopening adds one), and only
    # the live cycle of updates; the settled update cycles are counted below.
    clocks = Clock.objects.filter(ticket=ticket).filter(
        ~Q(target=Target.UPDATE) | Q(state__in=LIVE)
    )
    latest = {clock.target: clock for clock in clocks.order_by("target", "cycle")}
    rows = [
        TargetRow(
            target=clock.target,
            label=str(Target(clock.target).label),
            cycle=clock.cycle,
            target_words=business_duration(clock.target_minutes),
            standing=describe_clock(
                clock, table, now, requester=not for_team, status=ticket.status
            ),
            due_at=clock.due_at if clock.state == ClockState.RUNNING else None,
            met_at=clock.met_at,
            breached_at=clock.breached_at,
            paused_words=paused_words(clock, now),
        )
        for clock in (
            latest.get(t) for t in (Target.FIRST_RESPONSE, Target.RESOLUTION, Target.UPDATE)
        )
        if clock is not None
    ]
    updates = Clock.objects.filter(ticket=ticket, target=Target.UPDATE, state=ClockState.MET)
    counts = updates.aggregate(
        on_time=Count("pk", filter=Q(breached_at__isnull=True)),
        late=Count("pk", filter=Q(breached_at__isnull=False)),
    )
    result = Panel(
        rows=rows,
        updates_on_time=counts["on_time"],
        updates_late=counts["late"],
        back_at=record.back_at if record.opened_outside_hours else None,
        back_later=bool(record.opened_outside_hours and record.back_at and record.back_at > now),
    )
    if for_team:
        result.policy = policy_lines(record.policy)
        result.policy_source = str(
            _("the service's policy for this priority")
            if record.policy.get("source") == "policy"
            else _("the service's stated targets")
        )
        if record.policy.get("agreements"):
            result.policy_source = str(
                _("%(source)s, made stricter by a service agreement with the requester's team")
                % {"source": result.policy_source}
            )
        if record.policy.get("resolve_by"):
            result.policy_source = str(
                _("%(source)s; resolution due when the workflow step is")
                % {"source": result.policy_source}
            )
        result.stints = stints(ticket, now)
        result.transfers = ticket.transfer_count
        result.many_transfers = ticket.transfer_count > int(settings.TRANSFER_FLAG_AFTER)
    return result


def paused_words(clock: Clock, now: datetime) -> str:
    """How long a target has waited paused, in wall-clock time ("" if it never paused)."""
    if clock.paused_since is None and not clock.paused_micros:
        return ""
    return wall_clock(clock.paused_for(now))


def policy_lines(policy: dict[str, Any]) -> list[tuple[str, str]]:
    """The targets and rules a request started with, as label and value."""
    lines: list[tuple[str, str]] = []
    for key, label in (
        ("first_response_minutes", Target.FIRST_RESPONSE.label),
        ("resolution_minutes", Target.RESOLUTION.label),
        ("update_every_minutes", Target.UPDATE.label),
    ):
        if policy.get(key):
            lines.append((str(label), business_duration(int(policy[key]))))
    if policy.get("at_risk_percent"):
        lines.append(
            (str(_("At risk")), _("when %(p)s%% is used") % {"p": policy["at_risk_percent"]})
        )
    pauses = [str(Status(s).label) for s in policy.get("pause_statuses", []) if s in Status.values]
    if pauses:
        lines.append((str(_("Paused while")), ", ".join(pauses)))
    if policy.get("second_level_after_minutes"):
        minutes = int(policy["second_level_after_minutes"])
        lines.append(
            (
                str(_("To the lead's manager")),
                _("%(t)s after a breach") % {"t": _wall_minutes(minutes)},
            )
        )
    return lines


def _wall_minutes(minutes: int) -> str:
    # The second level waits wall-clock time (see sla.services.sweep), not business time.
    if minutes % 60 == 0:
        return _("%(n)s h") % {"n": minutes // 60}
    return _("%(n)s min") % {"n": minutes}


def stints(ticket: Ticket, now: datetime) -> list[StintRow]:
    """Each team's time with the request (the team holding it now, so far), why it came to each
    team after the first, and how soon each first acted on it: in that team's business time."""
    rows = []
    for stint in Stint.objects.filter(ticket=ticket).select_related("team__calendar"):
        table = business.for_team(stint.team)
        day = day_minutes(table)
        if stint.ended_at is None:
            minutes: float = table.between(stint.started_at, now)
        else:
            minutes = stint.business_minutes or 0
        acted = stint.first_action_at
        rows.append(
            StintRow(
                team=stint.team,
                started_at=stint.started_at,
                ended_at=stint.ended_at,
                words=business_span(minutes, day),
                reason=str(stint.get_reason_display()),
                first_action_words=(
                    business_span(table.between(stint.started_at, acted), day) if acted else ""
                ),
            )
        )
    return rows


def held_for(ticket: Ticket, entries: list[TimelineEntry]) -> dict[int, str]:
    """For each "moved" entry: how long the sending team held the request, in its business time.

    A transfer closes the sending team's stint at the very moment of its "moved" entry."""
    moved = [e for e in entries if e.kind == EntryKind.MOVED]
    if not moved:
        return {}
    ended = (
        Stint.objects.filter(ticket=ticket, ended_at__isnull=False)
        .select_related("team__calendar")
        .filter(ended_at__in=[e.created_at for e in moved])
    )
    by_end = {(s.team_id, s.ended_at): s for s in ended}
    found = {}
    for entry in moved:
        stint = by_end.get((entry.datum("from_team"), entry.created_at))
        if stint is not None and stint.business_minutes is not None:
            table = business.for_team(stint.team)
            found[entry.pk] = business_span(stint.business_minutes, day_minutes(table))
    return found
