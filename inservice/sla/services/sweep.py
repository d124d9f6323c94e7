"""The SLA sweep: finds clocks whose moment has come, records each transition once, escalates.

Clocks are handled a batch at a time, in one transaction per batch, their rows locked with
SKIP LOCKED: two sweeps running at once share the work instead of doing it twice, and a worker
that dies mid-batch leaves its clocks untouched for the next sweep. An escalation is a row unique
per clock and level, written with its timeline entry; its notifications are made by a task after
the commit (`announce`, one task per batch), and a worker that dies before that task runs is covered by the sweep
re-announcing escalations still unannounced a few minutes later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from inservice.lib.tasks import enqueue_on_commit
from inservice.lib.updates import update_rows
from inservice.notifications import services as notify
from inservice.notifications.choices import Kind
from inservice.org.choices import Role
from inservice.org.models import Person
from inservice.sla import policies
from inservice.sla.choices import ClockState, Health, Level, Target
from inservice.sla.models import Clock, Escalation, RequestSla
from inservice.sla.services.clocks import LIVE, schedule
from inservice.tickets.choices import EntryKind
from inservice.tickets.models import Ticket, TimelineEntry

BATCH = 100
PER_SWEEP = 5000
# An escalation still unannounced this long after it was made lost its notification task.
ANNOUNCE_GRACE = timedelta(minutes=2)


def sweep_batch() -> int:
    return PER_SWEEP


@dataclass
class SweepResult:
    looked_at: int = 0
    escalations: int = 0


def due_clocks(now: datetime, limit: int) -> list[int]:
    """The clocks whose next moment has come, soonest first (the partial index clock_sweep_idx)."""
    due = Clock.objects.due_for_sweep(now).order_by("next_check_at").values_list("pk", flat=True)
    return list(due[:limit])


def sweep(now: datetime, limit: int = PER_SWEEP) -> SweepResult:
    """One pass over every clock due for a look, a batch per transaction."""
    result = SweepResult()
    ids = due_clocks(now, limit)
    for start in range(0, len(ids), BATCH):
        looked, made = look_at_batch(ids[start : start + BATCH], now)
        result.looked_at += looked
        result.escalations += made
    return result


def look_at(clock_id: int, now: datetime) -> int:
    """One clock, as the sweep would: the escalations it made."""
    return look_at_batch([clock_id], now)[1]


def look_at_batch(clock_ids: list[int], now: datetime) -> tuple[int, int]:
    """Records what has become true of these clocks by `now`: (clocks looked at, escalations)."""
    with transaction.atomic():
        clocks = list(
            Clock.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("ticket__team")
            .filter(pk__in=clock_ids, next_check_at__lte=now, state=ClockState.RUNNING)
            .order_by("pk")
        )
        # Their requests too, skipping any that another transaction holds. A request being
        # changed right now (its services lock the request, then its clocks) waits for the next
        # sweep rather than deadlock with this one; and two overlapping sweeps never work out one
        # request's standing from each other's unfinished batches.
        free = set(
            Ticket.objects.select_for_update(skip_locked=True)
            .filter(pk__in={c.ticket_id for c in clocks})
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        clocks = [c for c in clocks if c.ticket_id in free]
        if not clocks:
            return 0, 0
        tickets = {c.ticket_id for c in clocks}
        policy_of = dict(
            RequestSla.objects.filter(ticket_id__in=tickets).values_list("ticket_id", "policy")
        )
        made: list[tuple[Clock, Level]] = []
        for clock in clocks:
            policy = policy_of.get(clock.ticket_id) or {}
            made.extend((clock, level) for level in _levels_reached(clock, policy, now))
            schedule(clock, policy)
        update_rows(
            Clock, clocks, ["was_at_risk_at", "breached_at", "escalated_level", "next_check_at"]
        )
        _record(made, now)
        _refresh_health(tickets)
    return len(clocks), len(made)


def _levels_reached(clock: Clock, policy: dict[str, Any], now: datetime) -> list[Level]:
    reached = []
    if clock.was_at_risk_at is None and clock.at_risk_at and clock.at_risk_at <= now:
        clock.was_at_risk_at = clock.at_risk_at
        reached.append(Level.AT_RISK)
    if clock.breached_at is None and clock.due_at and clock.due_at <= now:
        clock.breached_at = clock.due_at
        reached.append(Level.BREACHED)
    minutes = int(policy.get("second_level_after_minutes", policies.DEFAULT_SECOND_LEVEL_MINUTES))
    if clock.breached_at and clock.breached_at + timedelta(minutes=minutes) <= now:
        reached.append(Level.SECOND)
    levels = [level for level in reached if level > clock.escalated_level]
    if levels:
        clock.escalated_level = max(levels)
    return levels


def _record(made: list[tuple[Clock, Level]], now: datetime) -> None:
    """The escalations, their timeline entries, and their notifications queued after the commit."""
    if not made:
        return
    entries = TimelineEntry.objects.bulk_create(
        TimelineEntry(
            ticket_id=clock.ticket_id,
            kind=EntryKind.SLA,
            actor=None,
            created_at=now,
            is_internal=True,
            body=describe_escalation(clock, level),
            data={
                "target": clock.target,
                "level": int(level),
                "cycle": clock.cycle,
                "due_at": clock.due_at.isoformat() if clock.due_at else None,
            },
        )
        for clock, level in made
    )
    escalations = Escalation.objects.bulk_create(
        Escalation(
            clock=clock,
            level=level,
            **_addressed_to(clock, level),
            at=now,
            entry=entry,
        )
        for (clock, level), entry in zip(made, entries, strict=True)
    )
    managers: dict[int, list[Person]] = {}
    for clock, level in made:
        if level == Level.SECOND:
            _involve_managers(clock.ticket, now, managers)
    # One task for the batch's notifications: a message per escalation cost more than the rest.
    enqueue_on_commit(_announce_task(), [escalation.pk for escalation in escalations])


def _addressed_to(clock: Clock, level: Level) -> dict[str, int | None]:
    """At risk: the assignee, or the team when unassigned; later levels: the team (its leads)."""
    ticket = clock.ticket
    if level == Level.AT_RISK and ticket.assignee_id:
        return {"to_person_id": ticket.assignee_id, "to_team_id": None}
    return {"to_person_id": None, "to_team_id": ticket.team_id}


def _announce_task() -> Any:
    from inservice.sla.tasks import announce_escalations  # tasks import this module

    return announce_escalations


def announce(escalation_id: int, now: datetime) -> bool:
    """The notifications of one escalation; safe to run twice (they are unique per event)."""
    with transaction.atomic():
        escalation = (
            Escalation.objects.select_for_update(of=("self",))
            .select_related("clock", "entry")
            .filter(pk=escalation_id, announced_at__isnull=True)
            .first()
        )
        if escalation is None:
            return False
        if escalation.entry is not None:
            notify.announce_now(_kind_of(escalation), escalation.entry)
        # Marked even with nothing left to tell (its entry went with a deleted request's history):
        # otherwise every later sweep would try it again.
        Escalation.objects.filter(pk=escalation.pk).update(announced_at=now)
    return escalation.entry is not None


def _kind_of(escalation: Escalation) -> Kind:
    if escalation.level == Level.AT_RISK:
        return Kind.UPDATE_DUE if escalation.clock.target == Target.UPDATE else Kind.AT_RISK
    return Kind.BREACHED


def unannounced(now: datetime, limit: int = 500) -> list[int]:
    """Escalations whose notification task never ran (the partial index escalation_unannounced_idx)."""
    late = Escalation.objects.filter(announced_at__isnull=True, at__lt=now - ANNOUNCE_GRACE)
    return list(late.order_by("at").values_list("pk", flat=True)[:limit])


def _refresh_health(ticket_ids: set[int]) -> None:
    """Every swept request's nearest due time and standing, in two statements."""
    live: dict[int, list[Clock]] = {t: [] for t in ticket_ids}
    for clock in Clock.objects.filter(ticket_id__in=ticket_ids, state__in=LIVE).only(
        "ticket_id", "state", "due_at", "was_at_risk_at", "breached_at"
    ):
        live[clock.ticket_id].append(clock)
    rows = []
    for ticket_id, clocks in live.items():
        running = [c for c in clocks if c.state == ClockState.RUNNING and c.due_at]
        due = min((c.due_at for c in running if c.due_at), default=None)
        if any(c.breached_at for c in clocks):
            health = Health.BREACHED
        elif any(c.was_at_risk_at for c in running):
            health = Health.AT_RISK
        elif running:
            health = Health.OK
        else:
            health = Health.PAUSED if clocks else Health.NONE
        rows.append(Ticket(pk=ticket_id, due_at=due, health=health))
    update_rows(Ticket, rows, ["due_at", "health"])


def _involve_managers(ticket: Ticket, now: datetime, managers: dict[int, list[Person]]) -> None:
    """The leads' managers follow the request from now on, so they can see what they are told.

    `managers` keeps each team's managers for the rest of the batch."""
    from inservice.tickets.services import involve  # tickets.services calls into this package

    if ticket.team_id not in managers:
        leads = Person.objects.filter(
            memberships__team=ticket.team_id, memberships__role=Role.LEAD, is_active=True
        )
        managers[ticket.team_id] = list(
            Person.objects.filter(pk__in=leads.values("manager_id"), is_active=True)
        )
    for manager in managers[ticket.team_id]:
        involve(ticket, manager, now)


def describe_escalation(clock: Clock, level: Level) -> str:
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
