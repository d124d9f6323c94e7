"""What is open, with whom, at the end of each day: the backlog, its age and each agent's open
assigned requests.

Every change of a request's status, team or assignee writes a timeline entry (tickets.services),
so the open requests at any moment follow from the open ones at an earlier moment and the
entries in between. `Backlog.at` finds them once, at the start of a refresh (the requests open
now that nothing changed since, and the story before that moment of those that changed since),
then each day's asks and entries are applied in order; a refresh of many days reads the past
only once.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta
from typing import NamedTuple

from inservice.insights.rollup import buckets
from inservice.insights.rollup.reading import Event
from inservice.tickets.choices import OPEN_STATUSES, EntryKind, Status
from inservice.tickets.models import Stint, Ticket, TimelineEntry

# The entries that change whether a request is open, and with which team and assignee.
LIFECYCLE = (
    EntryKind.STATUS,
    EntryKind.DUPLICATE,
    EntryKind.MOVED,
    EntryKind.ASSIGNED,
    EntryKind.AVAILABILITY,
)
OPEN = frozenset(s.value for s in OPEN_STATUSES)
DAY = timedelta(days=1)


class Open(NamedTuple):
    team_id: int
    assignee_id: int | None
    created_at: datetime
    status: str


class Standing(NamedTuple):
    """The end of a day: per team the open requests and their ages, per (team, agent) theirs."""

    teams: dict[int, list[int]]  # team -> histogram over buckets.AGES
    agents: Counter[tuple[int, int]]


class Backlog:
    def __init__(self, found: dict[int, Open] | None = None) -> None:
        self.open: dict[int, Open] = dict(found or {})

    @classmethod
    def at(cls, moment: datetime, now: datetime) -> Backlog:
        """The requests open at `moment`: three queries."""
        if not Stint.objects.filter(started_at__lt=moment).exists():
            return cls()  # nothing had been asked yet (a rebuild from the start)
        since = TimelineEntry.objects.daily_between(moment, now + DAY).filter(kind__in=LIFECYCLE)
        changed = since.values("ticket_id")
        holds: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
        for ticket_id, started_at, team_id in (
            Stint.objects.filter(ticket_id__in=changed, started_at__lt=moment)
            .values_list("ticket_id", "started_at", "team_id")
            .order_by("started_at", "id")
        ):
            holds[ticket_id].append((started_at, team_id))
        story: dict[int, list[tuple[str, dict[str, object]]]] = defaultdict(list)
        for ticket_id, kind, data in (
            TimelineEntry.objects.filter(
                ticket_id__in=changed, created_at__lt=moment, kind__in=LIFECYCLE
            )
            .values_list("ticket_id", "kind", "data")
            .order_by("created_at", "id")
        ):
            story[ticket_id].append((kind, data))
        found: dict[int, Open] = {}
        for ticket_id, held in holds.items():
            first_at, first_team = held[0]
            state = Open(first_team, None, first_at, Status.NEW.value)
            for kind, data in story.get(ticket_id, []):
                state = _after(state, kind, data)
            if state.status in OPEN:
                found[ticket_id] = state._replace(team_id=held[-1][1])
        for pk, team_id, assignee_id, created_at, status in (
            Ticket.objects.open()
            .filter(created_at__lt=moment)
            .values_list("pk", "team_id", "assignee_id", "created_at", "status")
            .order_by()
        ):
            if pk not in holds:  # unchanged since `moment`: as it is now
                found[pk] = Open(team_id, assignee_id, created_at, status)
        return cls(found)

    def asked(self, ticket_id: int, team_id: int, at: datetime) -> None:
        self.open[ticket_id] = Open(team_id, None, at, Status.NEW.value)

    def apply(self, event: Event, team_id: int, asked_at: datetime) -> None:
        """One entry of the day, for the request held by `team_id` at its moment and asked at
        `asked_at`."""
        if event.kind not in LIFECYCLE:
            return
        state = self.open.get(event.ticket_id)
        if state is None:
            if event.kind != EntryKind.STATUS or event.data.get("to") not in OPEN:
                return
            # Reopened: open again with the team holding it, and (not known) its assignee now.
            state = Open(team_id, event.assignee_id, asked_at, Status.RESOLVED.value)
        state = _after(state, event.kind, event.data)
        if state.status in OPEN:
            self.open[event.ticket_id] = state
        else:
            self.open.pop(event.ticket_id, None)

    def standing(self, moment: datetime) -> Standing:
        teams: dict[int, list[int]] = {}
        agents: Counter[tuple[int, int]] = Counter()
        for state in self.open.values():
            ages = teams.setdefault(state.team_id, buckets.empty(buckets.AGES))
            buckets.add(ages, (moment - state.created_at) / DAY, buckets.AGES)
            if state.assignee_id is not None:
                agents[(state.team_id, state.assignee_id)] += 1
        return Standing(teams, agents)


def _after(state: Open, kind: str, data: dict[str, object]) -> Open:
    """The request after one lifecycle entry (as tickets.services wrote it)."""
    if kind == EntryKind.STATUS:
        return state._replace(status=str(data.get("to") or state.status))
    if kind == EntryKind.DUPLICATE:
        return state._replace(status=Status.CLOSED.value)
    if kind == EntryKind.MOVED:
        team = data.get("to_team")
        return Open(
            int(team) if isinstance(team, int) else state.team_id,
            None,
            state.created_at,
            Status.NEW.value,
        )
    assignee = data.get("assignee")
    return state._replace(assignee_id=assignee if isinstance(assignee, int) else None)
