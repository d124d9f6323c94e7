"""A simulated request's service level, worked out from its timeline as the sla app keeps it.

The history simulation (demo.history) tells each request as timeline entries. `replay` plays
them through the steps tickets.services take (sla.services.clocks: start, on_status,
on_public_reply, on_transfer) and, between them, the SLA sweep's look at every clock whose
next check has come (sla.services.sweep.look_at): at-risk, breach and second-level escalations
with their timeline entries, and at the second level the leads' managers made watchers. It
ends at `now`, so a sweep run then finds nothing left to do.

Each clock is an unsaved sla Clock changed by sla.services.clocks' own functions (run_clock,
pause_clock, stop_clock, bank, schedule): the due, at-risk and next-check moments are the ones
the services compute, not a copy of their arithmetic. Only the branching of the service
functions (which clocks a status change touches) is repeated here, in the same order; the tests
compare a replayed request with the same request made through the services.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from inservice.demo.world import World
from inservice.sla import policies
from inservice.sla.calendar import BusinessTime
from inservice.sla.choices import ClockState, Health, Level, Target
from inservice.sla.models import Clock
from inservice.sla.services import clocks as sla_clocks
from inservice.sla.services.sweep import describe_escalation
from inservice.tickets.bulk import (
    HistoryEntry,
    HistoryEscalation,
    HistoryRequest,
    HistorySla,
    HistoryWatcher,
)
from inservice.tickets.choices import EntryKind, Status

LIVE = (ClockState.RUNNING, ClockState.PAUSED)


def replay(world: World, request: HistoryRequest, policy: dict[str, Any], now: datetime) -> None:
    """Gives the request its HistorySla, due time and health, and the sweep's entries."""
    _Replay(world, request, policy).run(now)


class _Replay:
    def __init__(self, world: World, request: HistoryRequest, policy: dict[str, Any]) -> None:
        self.world = world
        self.request = request
        self.policy = policy
        self.team_id = request.stints[0].team_id if request.stints else request.team_id
        self.status = str(Status.NEW)
        self.assignee_id: int | None = None
        self.clocks: list[Clock] = []
        self.escalations: list[HistoryEscalation] = []
        self.added: list[HistoryEntry] = []
        self.watching = {w.person_id for w in request.watchers}

    @property
    def hours(self) -> BusinessTime:
        return self.world.desks[self.team_id].hours

    def run(self, now: datetime) -> None:
        request = self.request
        request.entries.sort(key=lambda e: e.created_at)
        entries = request.entries
        if request.updated_at is None and entries:
            request.updated_at = entries[-1].created_at  # the sweep's entries do not touch it
        asked_at = request.created_at
        hours = self.hours
        working = hours.is_working(asked_at)
        sla = HistorySla(
            policy=self.policy,
            opened_outside_hours=not working,
            back_at=None if working else hours.next_working_moment(asked_at),
            clocks=self.clocks,
            escalations=self.escalations,
        )
        for target, minutes in sla_clocks.targets_of(self.policy).items():
            clock = Clock(target=target, target_minutes=minutes, started_at=asked_at)
            sla_clocks.run_clock(clock, hours, asked_at, self.policy)
            self.clocks.append(clock)
        skip = -1
        for i, entry in enumerate(entries):
            if i == skip:
                continue
            self.sweep(entry.created_at, inclusive=False)
            following = entries[i + 1] if i + 1 < len(entries) else None
            if (
                entry.kind == EntryKind.REPLY
                and following is not None
                and following.kind == EntryKind.STATUS
                and (following.created_at, following.actor_id) == (entry.created_at, entry.actor_id)
            ):
                # A move with a message (tickets.services.transition): the status first.
                self.take(following)
                skip = i + 1
            self.take(entry)
        self.sweep(now, inclusive=True)
        request.sla = sla
        request.entries.extend(self.added)
        request.due_at, request.health = self.health()

    # -- what tickets.services tell sla.services ------------------------------------------------

    def take(self, entry: HistoryEntry) -> None:
        data = entry.data or {}
        at = entry.created_at
        if entry.kind == EntryKind.STATUS:
            self.on_status(str(data["from"]), str(data["to"]), at)
        elif entry.kind == EntryKind.DUPLICATE:
            self.on_status(self.status, Status.CLOSED, at)
        elif entry.kind == EntryKind.REPLY and not entry.is_internal:
            if entry.actor_id in self.world.desks[self.team_id].agent_ids:
                self.on_public_reply(at)
        elif entry.kind == EntryKind.ASSIGNED:
            self.assignee_id = data.get("assignee")
        elif entry.kind == EntryKind.MOVED:
            self.on_transfer(int(data["to_team"]), at)

    def live(self) -> list[Clock]:
        return [c for c in self.clocks if c.state in LIVE]

    def on_status(self, old: str, new: str, now: datetime) -> None:
        """sla.services.clocks.on_status."""
        self.status = new
        hours, policy = self.hours, self.policy
        if new == Status.RESOLVED:
            for clock in self.live():
                sla_clocks.stop_clock(clock, hours, now, met=clock.target != Target.UPDATE)
        elif new in (Status.CLOSED, Status.CANCELLED):
            for clock in self.live():
                sla_clocks.stop_clock(clock, hours, now, met=False)
        elif old == Status.RESOLVED:
            for target in (Target.RESOLUTION, Target.UPDATE):
                minutes = sla_clocks.targets_of(policy).get(str(target))
                if minutes:
                    fresh = self.new_cycle(str(target), minutes, now)
                    if policies.pauses(policy, new):
                        sla_clocks.pause_clock(fresh, hours, now)
        elif policies.pauses(policy, new) and not policies.pauses(policy, old):
            for clock in self.live():
                sla_clocks.pause_clock(clock, hours, now)
        elif policies.pauses(policy, old) and not policies.pauses(policy, new):
            for clock in self.live():
                if clock.state == ClockState.PAUSED:
                    sla_clocks.run_clock(clock, hours, now, policy)

    def on_public_reply(self, now: datetime) -> None:
        """sla.services.clocks.on_public_reply."""
        hours = self.hours
        for clock in sorted(self.live(), key=lambda c: (c.target, c.cycle)):
            if clock.target == Target.FIRST_RESPONSE:
                sla_clocks.stop_clock(clock, hours, now, met=True)
            elif clock.target == Target.UPDATE:
                paused = clock.state == ClockState.PAUSED
                sla_clocks.stop_clock(clock, hours, now, met=True)
                following = self.new_cycle(clock.target, clock.target_minutes, now)
                if paused:
                    sla_clocks.pause_clock(following, hours, now)

    def on_transfer(self, to_team: int, now: datetime) -> None:
        """sla.services.clocks.on_transfer, then on_status(was, new) as transfer_ticket does."""
        old, new = self.hours, self.world.desks[to_team].hours
        for clock in self.live():
            if clock.state == ClockState.RUNNING:
                sla_clocks.bank(clock, old, now)
                sla_clocks.run_clock(clock, new, now, self.policy)
        self.team_id, self.assignee_id = to_team, None
        self.on_status(self.status, Status.NEW, now)

    def new_cycle(self, target: str, minutes: int, now: datetime) -> Clock:
        last = max((c.cycle for c in self.clocks if c.target == target), default=0)
        clock = Clock(target=target, target_minutes=minutes, started_at=now, cycle=last + 1)
        sla_clocks.run_clock(clock, self.hours, now, self.policy)
        self.clocks.append(clock)
        return clock

    # -- the sweep ----------------------------------------------------------------------------

    def sweep(self, until: datetime, *, inclusive: bool) -> None:
        """Every look the sweep would have taken before `until` (or at it), in time order."""
        while True:
            due = [
                c
                for c in self.clocks
                if c.state == ClockState.RUNNING
                and c.next_check_at is not None
                and (c.next_check_at < until or (inclusive and c.next_check_at == until))
            ]
            if not due:
                return
            clock = min(due, key=lambda c: (c.next_check_at, c.target, c.cycle))
            assert clock.next_check_at is not None
            self.look_at(clock, clock.next_check_at)

    def look_at(self, clock: Clock, now: datetime) -> None:
        """sla.services.sweep.look_at, at the moment the clock asked to be looked at."""
        if clock.was_at_risk_at is None and clock.at_risk_at and clock.at_risk_at <= now:
            clock.was_at_risk_at = clock.at_risk_at
            self.escalate(clock, Level.AT_RISK, now)
        if clock.breached_at is None and clock.due_at and clock.due_at <= now:
            clock.breached_at = clock.due_at
            self.escalate(clock, Level.BREACHED, now)
        delay = timedelta(
            minutes=int(
                self.policy.get("second_level_after_minutes", policies.DEFAULT_SECOND_LEVEL_MINUTES)
            )
        )
        if clock.breached_at and clock.breached_at + delay <= now:
            self.escalate(clock, Level.SECOND, now)
        sla_clocks.schedule(clock, self.policy)

    def escalate(self, clock: Clock, level: Level, now: datetime) -> None:
        """sla.services.sweep._escalate: the row, the managers as watchers, the entry."""
        if clock.escalated_level >= level:
            return
        clock.escalated_level = level
        if level == Level.AT_RISK and self.assignee_id:
            person, team = self.assignee_id, None
        else:
            person, team = None, self.team_id
        self.escalations.append(
            HistoryEscalation(clock, level, now, to_person_id=person, to_team_id=team)
        )
        if level == Level.SECOND and not self.request.is_confidential:
            for manager in self.world.desks[self.team_id].managers:
                if manager.id not in self.watching:
                    self.watching.add(manager.id)
                    self.request.watchers.append(HistoryWatcher(manager.id, None, now))
                    self.added.append(
                        HistoryEntry(
                            EntryKind.WATCHER,
                            now,
                            None,
                            data={"person": manager.id, "name": manager.name},
                        )
                    )
        self.added.append(
            HistoryEntry(
                EntryKind.SLA,
                now,
                None,
                describe_escalation(clock, level),
                True,
                {
                    "target": clock.target,
                    "level": int(level),
                    "cycle": clock.cycle,
                    "due_at": clock.due_at.isoformat() if clock.due_at else None,
                },
            )
        )

    def health(self) -> tuple[datetime | None, str]:
        """sla.services.clocks.refresh_health."""
        live = self.live()
        running = [c for c in live if c.state == ClockState.RUNNING and c.due_at]
        due = min((c.due_at for c in running if c.due_at), default=None)
        if any(c.breached_at for c in live):
            return due, Health.BREACHED
        if any(c.was_at_risk_at for c in running):
            return due, Health.AT_RISK
        if running:
            return due, Health.OK
        return due, Health.PAUSED if live else Health.NONE
