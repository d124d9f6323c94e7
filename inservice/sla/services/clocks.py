"""A request's clocks: started when it is asked, paused while it waits on the requester, met by
the first public reply, each public update and the resolution, carried across transfers. Each
clock keeps the business time it used and the wall-clock time it spent paused.

Called by tickets.services inside their transactions, with the same `now`. Clocks count business
time of the calendar of the team holding the request; across a transfer a clock keeps the
business time it used and counts the rest in the receiving team's calendar (decision 0018).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from inservice.catalog.models import Service
from inservice.org.models import Person, Team
from inservice.sla import business, policies
from inservice.sla.calendar import MINUTE, BusinessTime
from inservice.sla.choices import ClockState, Health, Level, Target
from inservice.sla.models import Clock, RequestSla
from inservice.tickets.choices import Status
from inservice.tickets.models import Ticket

LIVE = (ClockState.RUNNING, ClockState.PAUSED)


@dataclass
class Plan:
    """A new request's service levels, worked out before the request is written, so its due time
    and standing go into the same INSERT (asking is the hottest write path)."""

    policy: policies.Snapshot
    clocks: list[Clock]
    due_at: datetime | None
    health: str
    outside_hours: bool
    back_at: datetime | None


def plan(
    service: Service,
    priority: int,
    team: Team,
    now: datetime,
    *,
    requester: Person | None = None,
    resolve_by: datetime | None = None,
) -> Plan:
    """The policy copied as it is today and the clocks it starts, running from `now`.

    `requester` lets a service agreement with the requester's team make targets stricter;
    `resolve_by` (a workflow step's due time) replaces the resolution target with the business
    time left until then, so the request is due when the step is."""
    policy = policies.snapshot(service, priority, requester)
    table = business.for_team(team)
    if resolve_by is not None:
        policy["resolution_minutes"] = until(table, now, resolve_by)
        policy["resolve_by"] = resolve_by.isoformat()
    clocks = []
    for target, minutes in targets_of(policy).items():
        clock = Clock(target=target, target_minutes=minutes, started_at=now)
        run_clock(clock, table, now, policy)
        clocks.append(clock)
    working = table.is_working(now)
    return Plan(
        policy=policy,
        clocks=clocks,
        due_at=min((c.due_at for c in clocks if c.due_at), default=None),
        health=Health.OK if clocks else Health.NONE,
        outside_hours=not working,
        back_at=None if working else table.next_working_moment(now),
    )


def until(table: BusinessTime, now: datetime, moment: datetime) -> int:
    """Whole business minutes from now until a moment, at least one (a target is never zero)."""
    return max(int(table.between(now, moment)), 1)


def apply(ticket: Ticket, planned: Plan) -> RequestSla:
    """Writes a plan for the request just created from it."""
    record = RequestSla.objects.create(
        ticket=ticket,
        policy=dict(planned.policy),
        opened_outside_hours=planned.outside_hours,
        back_at=planned.back_at,
    )
    for clock in planned.clocks:
        clock.ticket = ticket
    Clock.objects.bulk_create(planned.clocks)
    return record


def start(ticket: Ticket, now: datetime) -> RequestSla:
    """Plans and writes the service levels of an existing request (for requests created without)."""
    planned = plan(ticket.service, ticket.priority, ticket.team, now)
    record = apply(ticket, planned)
    refresh_health(ticket, now)
    return record


def targets_of(policy: Any) -> dict[str, int]:
    found = {
        Target.FIRST_RESPONSE: policy.get("first_response_minutes"),
        Target.RESOLUTION: policy.get("resolution_minutes"),
        Target.UPDATE: policy.get("update_every_minutes"),
    }
    return {str(target): int(minutes) for target, minutes in found.items() if minutes}


def on_status(ticket: Ticket, old: str, new: str, now: datetime) -> None:
    """A move through the lifecycle: pause, resume, meet or stop the clocks it concerns."""
    record = record_of(ticket)
    if record is None:
        return
    policy = record.policy
    table = business.for_team(ticket.team)
    clocks = list(Clock.objects.select_for_update().filter(ticket=ticket, state__in=LIVE))
    if new == Status.RESOLVED:
        for clock in clocks:
            stop_clock(clock, table, now, met=clock.target != Target.UPDATE)
    elif new in (Status.CLOSED, Status.CANCELLED):
        for clock in clocks:
            stop_clock(clock, table, now, met=False)
    elif old == Status.RESOLVED:  # reopened: the resolution (and updates) start again
        for target in (Target.RESOLUTION, Target.UPDATE):
            minutes = targets_of(policy).get(str(target))
            if minutes:
                fresh = new_cycle(ticket, str(target), minutes, table, now, policy)
                if policies.pauses(policy, new):  # reopened into a status the policy pauses
                    pause_clock(fresh, table, now)
                    fresh.save()
    elif policies.pauses(policy, new) and not policies.pauses(policy, old):
        for clock in clocks:
            pause_clock(clock, table, now)
    elif policies.pauses(policy, old) and not policies.pauses(policy, new):
        for clock in clocks:
            if clock.state == ClockState.PAUSED:
                run_clock(clock, table, now, policy)
    for clock in clocks:
        clock.save()
    refresh_health(ticket, now)


def retarget_resolution(ticket: Ticket, resolve_by: datetime, now: datetime) -> None:
    """A new due time for the request's resolution (a workflow's anchor date moved): the live
    resolution clock keeps the business time it used and is due at `resolve_by`."""
    record = record_of(ticket)
    if record is None:
        return
    table = business.for_team(ticket.team)
    for clock in Clock.objects.select_for_update().filter(
        ticket=ticket, target=Target.RESOLUTION, state__in=LIVE
    ):
        bank(clock, table, now)
        used = clock.used_micros // MINUTE
        clock.target_minutes = used + until(table, now, resolve_by)
        if clock.state == ClockState.RUNNING:
            clock.was_at_risk_at = None if clock.breached_at is None else clock.was_at_risk_at
            run_clock(clock, table, now, record.policy)
        clock.save()
        record.policy = {
            **record.policy,
            "resolution_minutes": clock.target_minutes,
            "resolve_by": resolve_by.isoformat(),
        }
        record.save(update_fields=["policy"])
    refresh_health(ticket, now)


def on_public_reply(ticket: Ticket, now: datetime) -> None:
    """The team replied publicly: the first response is met, and so is the current update cycle."""
    record = record_of(ticket)
    if record is None:
        return
    table = business.for_team(ticket.team)
    for clock in Clock.objects.select_for_update().filter(ticket=ticket, state__in=LIVE):
        if clock.target == Target.FIRST_RESPONSE:
            stop_clock(clock, table, now, met=True)
            clock.save()
        elif clock.target == Target.UPDATE:
            paused = clock.state == ClockState.PAUSED
            stop_clock(clock, table, now, met=True)
            clock.save()
            following = new_cycle(
                ticket, clock.target, clock.target_minutes, table, now, record.policy
            )
            if paused:
                pause_clock(following, table, now)
                following.save()
    refresh_health(ticket, now)


def on_transfer(ticket: Ticket, from_team: Team, to_team: Team, now: datetime) -> None:
    """Running clocks keep the business time they used and go on in the receiving team's calendar."""
    record = record_of(ticket)
    if record is None:
        return
    old, new = business.for_team(from_team), business.for_team(to_team)
    for clock in Clock.objects.select_for_update().filter(ticket=ticket, state=ClockState.RUNNING):
        bank(clock, old, now)
        run_clock(clock, new, now, record.policy)
        clock.save()
    refresh_health(ticket, now)


def refresh_health(ticket: Ticket, now: datetime) -> None:
    """Keeps the request's nearest due time and standing, for queues and pages."""
    live = list(Clock.objects.filter(ticket=ticket, state__in=LIVE))
    running = [c for c in live if c.state == ClockState.RUNNING and c.due_at]
    due = min((c.due_at for c in running if c.due_at), default=None)
    if any(c.breached_at for c in live):
        health = Health.BREACHED
    elif any(c.was_at_risk_at for c in running):
        health = Health.AT_RISK
    elif running:
        health = Health.OK
    elif live:
        health = Health.PAUSED
    else:
        health = Health.NONE
    Ticket.objects.filter(pk=ticket.pk).record_health(due, health)
    ticket.due_at, ticket.health = due, health


# -- one clock --------------------------------------------------------------------------------


def record_of(ticket: Ticket) -> RequestSla | None:
    return RequestSla.objects.filter(ticket=ticket).first()


def bank(clock: Clock, table: BusinessTime, now: datetime) -> None:
    """Adds the business time used since the clock last started to what it has used."""
    if clock.running_since is not None:
        clock.used_micros += max(table.between_micros(clock.running_since, now), 0)
        clock.running_since = now


def run_clock(clock: Clock, table: BusinessTime, now: datetime, policy: Any) -> None:
    """Sets the clock running from `now`: its due and at-risk moments, and the sweep's next look."""
    end_pause(clock, now)
    clock.state = ClockState.RUNNING
    clock.running_since = now
    target = clock.target_minutes * MINUTE
    remaining = target - clock.used_micros
    clock.due_at = table.add_micros(now, remaining) if remaining > 0 else (clock.breached_at or now)
    threshold = target * int(policy.get("at_risk_percent", policies.DEFAULT_AT_RISK_PERCENT)) // 100
    if clock.was_at_risk_at is None:
        clock.at_risk_at = table.add_micros(now, max(threshold - clock.used_micros, 0))
    schedule(clock, policy)


def pause_clock(clock: Clock, table: BusinessTime, now: datetime) -> None:
    bank(clock, table, now)
    clock.state = ClockState.PAUSED
    clock.running_since = None
    clock.paused_since = now
    clock.due_at = clock.at_risk_at = clock.next_check_at = None


def end_pause(clock: Clock, now: datetime) -> None:
    """Adds the pause under way, if any, to the time the clock has spent paused."""
    if clock.paused_since is not None:
        clock.paused_micros += max(micros(now - clock.paused_since), 0)
        clock.paused_since = None


def micros(elapsed: timedelta) -> int:
    return elapsed // timedelta(microseconds=1)


def stop_clock(clock: Clock, table: BusinessTime, now: datetime, met: bool) -> None:
    if clock.state == ClockState.RUNNING:
        bank(clock, table, now)
        if clock.breached_at is None and clock.due_at is not None and now > clock.due_at:
            clock.breached_at = clock.due_at  # missed between two sweeps
    end_pause(clock, now)
    clock.state = ClockState.MET if met else ClockState.STOPPED
    clock.met_at = now if met else None
    clock.running_since = clock.next_check_at = None


def new_cycle(
    ticket: Ticket, target: str, minutes: int, table: BusinessTime, now: datetime, policy: Any
) -> Clock:
    last = Clock.objects.filter(ticket=ticket, target=target).order_by("-cycle").first()
    clock = Clock(
        ticket=ticket,
        target=target,
        target_minutes=minutes,
        started_at=now,
        cycle=(last.cycle + 1) if last else 1,
    )
    run_clock(clock, table, now, policy)
    clock.save()
    return clock


def schedule(clock: Clock, policy: Any) -> None:
    """When the sweep must look at the clock next: the first of its pending moments."""
    pending: list[datetime] = []
    if clock.state == ClockState.RUNNING:
        if clock.was_at_risk_at is None and clock.at_risk_at is not None:
            pending.append(clock.at_risk_at)
        if clock.breached_at is None and clock.due_at is not None:
            pending.append(clock.due_at)
        elif clock.breached_at is not None and clock.escalated_level < Level.SECOND:
            delay = int(
                policy.get("second_level_after_minutes", policies.DEFAULT_SECOND_LEVEL_MINUTES)
            )
            pending.append(clock.breached_at + timedelta(minutes=delay))
    clock.next_check_at = min(pending) if pending else None
