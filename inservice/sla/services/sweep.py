"""The SLA sweep: finds clocks whose moment has come, records each transition once, escalates.

Every clock is handled in a transaction of its own, its row locked with SKIP LOCKED: two sweeps
running at once share the work instead of doing it twice, and a worker that dies mid-sweep
leaves its clock untouched for the next sweep. The Escalation row (unique per clock and level),
its timeline entry and its notifications are written in that same transaction: each escalation
exists exactly once, and never without its notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from inservice.notifications import services as notify
from inservice.notifications.choices import Kind
from inservice.org.models import Person, Team
from inservice.sla import policies
from inservice.sla.choices import ClockState, Level, Target
from inservice.sla.models import Clock, Escalation, RequestSla
from inservice.sla.services.clocks import refresh_health, schedule
from inservice.tickets.choices import EntryKind
from inservice.tickets.models import Ticket, TimelineEntry

BATCH = 500


def sweep_batch() -> int:
    return BATCH


@dataclass
class SweepResult:
    looked_at: int = 0
    escalations: int = 0


def sweep(now: datetime, batch: int = BATCH) -> SweepResult:
    """One pass: every clock due for a look (by the partial index clock_sweep_idx)."""
    result = SweepResult()
    ids = list(
        Clock.objects.due_for_sweep(now)
        .order_by("next_check_at")
        .values_list("pk", flat=True)[:batch]
    )
    for clock_id in ids:
        result.looked_at += 1
        result.escalations += look_at(clock_id, now)
    return result


def look_at(clock_id: int, now: datetime) -> int:
    """Records what has become true of one clock by `now`; returns the escalations made."""
    with transaction.atomic():
        clock = (
            Clock.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("ticket__team", "ticket__assignee")
            .filter(pk=clock_id, next_check_at__lte=now)
            .first()
        )
        if clock is None or clock.state != ClockState.RUNNING:
            return 0  # another sweep has it, or it changed meanwhile
        policy = (
            RequestSla.objects.filter(ticket_id=clock.ticket_id)
            .values_list("policy", flat=True)
            .first()
            or {}
        )
        made = 0
        if clock.was_at_risk_at is None and clock.at_risk_at and clock.at_risk_at <= now:
            clock.was_at_risk_at = clock.at_risk_at
            made += _escalate(clock, Level.AT_RISK, now)
        if clock.breached_at is None and clock.due_at and clock.due_at <= now:
            clock.breached_at = clock.due_at
            made += _escalate(clock, Level.BREACHED, now)
        delay = timedelta(
            minutes=int(
                policy.get("second_level_after_minutes", policies.DEFAULT_SECOND_LEVEL_MINUTES)
            )
        )
        if clock.breached_at and clock.breached_at + delay <= now:
            made += _escalate(clock, Level.SECOND, now)
        schedule(clock, policy)
        clock.save()
        refresh_health(clock.ticket, now)
        return made


def _escalate(clock: Clock, level: Level, now: datetime) -> int:
    if clock.escalated_level >= level:
        return 0
    clock.escalated_level = level
    ticket = clock.ticket
    person, team = _who(ticket, level)
    _, created = Escalation.objects.get_or_create(
        clock=clock, level=level, defaults={"to_person": person, "to_team": team, "at": now}
    )
    if not created:
        return 0
    if level == Level.SECOND:
        _involve_managers(ticket, now)
    entry = TimelineEntry.objects.create(
        ticket=ticket,
        kind=EntryKind.SLA,
        actor=None,
        created_at=now,
        is_internal=True,
        body=_describe(clock, level),
        data={
            "target": clock.target,
            "level": int(level),
            "cycle": clock.cycle,
            "due_at": clock.due_at.isoformat() if clock.due_at else None,
        },
    )
    if level == Level.AT_RISK:
        kind = Kind.UPDATE_DUE if clock.target == Target.UPDATE else Kind.AT_RISK
    else:
        kind = Kind.BREACHED
    notify.announce_now(kind, entry)
    return 1


def _involve_managers(ticket: Ticket, now: datetime) -> None:
    """The leads' managers follow the request from now on, so they can see what they are told."""
    from inservice.tickets.services import involve  # tickets.services calls into this package

    leads = Person.objects.filter(
        memberships__team=ticket.team, memberships__role="lead", is_active=True
    )
    for manager in Person.objects.filter(pk__in=leads.values("manager_id"), is_active=True):
        involve(ticket, manager, now)


def _who(ticket: Ticket, level: Level) -> tuple[Person | None, Team | None]:
    if level == Level.AT_RISK:
        return (ticket.assignee, None) if ticket.assignee_id else (None, ticket.team)
    return None, ticket.team  # the team's leads (level 2) and their managers (level 3)


def _describe(clock: Clock, level: Level) -> str:
    target = Target(clock.target).label
    if level == Level.AT_RISK:
        return str(_("%(target)s is at risk: due %(due)s.")) % {
            "target": target,
            "due": _when(clock.due_at),
        }
    if level == Level.BREACHED:
        return str(_("%(target)s target missed at %(due)s.")) % {
            "target": target,
            "due": _when(clock.breached_at),
        }
    return str(_("%(target)s target still missed: escalated to the lead's manager.")) % {
        "target": target
    }


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "?"
