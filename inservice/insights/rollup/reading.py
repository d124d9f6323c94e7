"""What one reporting day's requests are computed from: one query per kind of fact, each
through an index that starts with the time, whatever the size of the history. Plain records
out; `rollup.day` does the counting (`reading_people` reads the rest: ratings, promises, kudos,
suggestions, NPS reasons).

A day is [start, end) in the reporting zone. Service-level outcomes are decided at a reply, an
acknowledgment, a move or the sweep's escalation entry, all written at or after the moment
decided, so the clocks are looked for among the requests with such an entry that day or an
escalation entry up to a day after (`SLACK`): a sweep that fell a few hours behind still finds
its breaches on the right day.

What is read about particular requests (their holds, stories, clocks) is read by id, in lists
of at most CHUNK, through the indexes that start with the request.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.fields.json import KT

from inservice.sla.choices import Level, Target
from inservice.sla.models import Clock
from inservice.tickets.choices import EntryKind
from inservice.tickets.models import Stint, Ticket, TimelineEntry

SLACK = timedelta(days=1)
CHUNK = 2000  # ids per IN list
DECIDED_TARGETS = (Target.FIRST_RESPONSE, Target.RESOLUTION)
REPEAT_WITHIN = timedelta(days=14)
# The entries that change a request's status or team.
STORY_KINDS = (EntryKind.STATUS, EntryKind.MOVED, EntryKind.DUPLICATE)


STEP_FIELDS = ("ticket_id", "kind", "created_at", "data")
# Datetimes cost the most to read (the driver parses each one): each query reads only those
# it needs. A hold read to tell who held a request has no end and no first action.
HOLD_FIELDS = ("ticket_id", "team_id", "started_at", "first_action_at")
# An entry's data is read as the few keys the rollups use, each as text: the database picks
# them out, and no JSON is parsed per entry.
DATA_KEYS = {
    "to": KT("data__to"),
    "action": KT("data__action"),
    "to_team": KT("data__to_team"),
    "assignee": KT("data__assignee"),
    "level": KT("data__level"),
}
EVENT_FIELDS = (
    "ticket_id",
    "kind",
    "created_at",
    "actor_id",
    *DATA_KEYS,
    "tone",
    "ticket__service_id",
    "ticket__team_id",
    "ticket__transfer_count",
    "ticket__requester_id",
    "ticket__submitted_by_id",
    "ticket__assignee_id",
)


@dataclass(frozen=True)
class Window:
    day: date
    start: datetime
    end: datetime
    now: datetime

    @property
    def until(self) -> datetime:
        """The end of what has happened: the day's end, or now for today."""
        return min(self.end, self.now)


class Hold(NamedTuple):
    ticket_id: int
    team_id: int
    started_at: datetime
    first_action_at: datetime | None = None  # read for arrivals only


class Asked(NamedTuple):
    ticket_id: int
    at: datetime
    service_id: int
    team_id: int  # the team holding it now
    transfers: int
    channel: str
    requester_team_id: int | None
    department: str  # the requester's team's department (or the team), or "none"
    repeat: bool


class Step(NamedTuple):
    """A change in a request's story: its status (STATUS, DUPLICATE) or team (MOVED), or a
    public reply from the team (REPLY: not scored, as requesters' are, and not by the
    requester or whoever asked for them)."""

    ticket_id: int
    kind: str
    at: datetime
    data: dict[str, Any]


class Event(NamedTuple):
    ticket_id: int
    kind: str
    at: datetime
    actor_id: int | None
    data: dict[str, Any]
    tone: str
    service_id: int
    team_id: int  # the team holding the request now
    transfers: int  # its transfers so far: none, and it has been with `team_id` throughout
    requester_id: int
    submitted_by_id: int
    assignee_id: int | None


class Decided(NamedTuple):
    """A first-response or resolution clock decided on the day."""

    ticket_id: int
    target: str
    minutes: float  # business minutes it used
    met_at: datetime | None
    breached_at: datetime | None
    service_id: int
    team_id: int
    transfers: int
    requester_team_id: int | None


def arrivals(window: Window) -> list[Hold]:
    """The transfers that arrived on the day (holds of transferred requests begun on it; the
    first one of each is its asking, told apart with the request's other holds)."""
    rows = _arrived(window).filter(ticket__transfer_count__gt=0).values_list(*HOLD_FIELDS)
    return [Hold(*row) for row in rows.order_by("started_at", "id")]


def asked(window: Window) -> list[Asked]:
    """The requests asked on the day (found through their first holds: stint_started_idx)."""
    # A repeat: the same person asked for the same service in the 14 days before
    # (ticket_requester_created_idx).
    earlier = Ticket.objects.filter(
        requester_id=OuterRef("requester_id"),
        service_id=OuterRef("service_id"),
        created_at__lt=OuterRef("created_at"),
        created_at__gte=OuterRef("created_at") - REPEAT_WITHIN,
    )
    rows = (
        Ticket.objects.filter(
            pk__in=_arrived(window).values("ticket_id"),
            created_at__gte=window.start,
            created_at__lt=window.until,
        )
        .annotate(repeat=Exists(earlier))
        .values_list(
            "pk",
            "created_at",
            "service_id",
            "team_id",
            "transfer_count",
            "channel",
            "requester__team_id",
            "requester__team__parent_id",
            "repeat",
        )
    )
    out = []
    for pk, at, service, team, transfers, channel, asking, parent, repeat in rows.order_by():
        department = str(parent or asking) if asking else "none"
        out.append(Asked(pk, at, service, team, transfers, channel, asking, department, repeat))
    return out


def events(window: Window) -> list[Event]:
    """The day's changes, public replies, promises and service-level entries, in order."""
    rows = (
        TimelineEntry.objects.daily_between(window.start, window.until)
        .annotate(**DATA_KEYS)
        .values_list(*EVENT_FIELDS)
    )
    return [_event(row) for row in rows.order_by("created_at", "id")]


def _event(row: tuple[Any, ...]) -> Event:
    ticket_id, kind, at, actor_id, to, action, to_team, assignee, level, *rest = row
    data: dict[str, Any] = {}
    if to is not None:
        data["to"] = to
    if action is not None:
        data["action"] = action
    if to_team is not None:
        data["to_team"] = int(to_team)
    if assignee is not None:
        data["assignee"] = int(assignee)
    if level is not None:
        data["level"] = int(level)
    return Event(ticket_id, kind, at, actor_id, data, *rest)


def escalated_after(window: Window) -> set[int]:
    """The requests with a breach entry in the day after the day (`SLACK`: see above)."""
    rows = TimelineEntry.objects.daily_between(window.until, window.end + SLACK).filter(
        kind=EntryKind.SLA, data__level=Level.BREACHED.value
    )
    return set(rows.values_list("ticket_id", flat=True).order_by())


def holds(tickets: Iterable[int]) -> list[Hold]:
    """Every hold of these (transferred) requests, in order: who held them when."""
    out: list[Hold] = []
    for ids in chunks(tickets):
        rows = Stint.objects.filter(ticket_id__in=ids).values_list(
            "ticket_id", "team_id", "started_at"
        )
        out.extend(Hold(*row) for row in rows.order_by())
    out.sort(key=lambda h: h.started_at)
    return out


def asked_at(tickets: Iterable[int]) -> dict[int, datetime]:
    """When these requests were asked."""
    out: dict[int, datetime] = {}
    for ids in chunks(tickets):
        out.update(Ticket.objects.filter(pk__in=ids).values_list("pk", "created_at").order_by())
    return out


def stories(tickets: Iterable[int]) -> list[Step]:
    """Every change of status or team of these requests (resolved on the day), and every
    public reply from the team, in order: first contact and time by status are read from
    them. Two queries a list of ids: one query with both (an OR across a join) takes longer."""
    out: list[Step] = []
    for ids in chunks(tickets):
        rows = TimelineEntry.objects.filter(ticket_id__in=ids, kind__in=STORY_KINDS)
        out.extend(Step(*row) for row in rows.values_list(*STEP_FIELDS).order_by())
        replies = (
            TimelineEntry.objects.filter(
                ticket_id__in=ids, kind=EntryKind.REPLY, tone="", actor__isnull=False
            )
            .exclude(actor_id=F("ticket__requester_id"))
            .exclude(actor_id=F("ticket__submitted_by_id"))
        )
        out.extend(Step(*row) for row in replies.values_list(*STEP_FIELDS).order_by())
    out.sort(key=lambda e: (e.ticket_id, e.at))
    return out


def decided(window: Window, tickets: Iterable[int]) -> list[Decided]:
    """First-response and resolution clocks of these requests met or breached on the day."""
    day = Q(met_at__gte=window.start, met_at__lt=window.until) | Q(
        breached_at__gte=window.start, breached_at__lt=window.until
    )
    out: list[Decided] = []
    for ids in chunks(tickets):
        rows = (
            Clock.objects.filter(ticket_id__in=ids, target__in=DECIDED_TARGETS)
            .filter(day)
            .values_list(
                "ticket_id",
                "target",
                "used_micros",
                "met_at",
                "breached_at",
                "ticket__service_id",
                "ticket__team_id",
                "ticket__transfer_count",
                "ticket__requester__team_id",
            )
        )
        out.extend(
            Decided(ticket, target, used / 60_000_000, met, breached, service, team, moves, asking)
            for ticket, target, used, met, breached, service, team, moves, asking in rows.order_by()
        )
    return out


def chunks(ids: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    """Ids in sorted lists of at most `size`: IN lists any database takes."""
    ordered = sorted(set(ids))
    for i in range(0, len(ordered), size):
        yield ordered[i : i + size]


def _arrived(window: Window) -> QuerySet[Stint]:
    return Stint.objects.filter(started_at__gte=window.start, started_at__lt=window.until)
