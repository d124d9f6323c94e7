"""Each resolution of a day read against the request's whole story: whether it was the first,
whether it was first-contact, and how long the request had spent in each open status. Pure.

First-contact resolution (decision 0034): a request's first resolution, by the team it was
first asked of (never transferred before), with at most one public reply from the team before
it, and never reopened, before or after (a reopening seen by a later refresh takes it back; the
nightly refresh covers the reopening window).

Time by status: wall-clock time from the request being asked to this resolution, per open
status (new, acknowledged, in progress, waiting on the requester); time spent resolved before a
reopening is not counted.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timedelta
from typing import NamedTuple

from inservice.insights.rollup.reading import Event, Step
from inservice.tickets.choices import OPEN_STATUSES, EntryKind, Status
from inservice.tickets.lifecycle import Action

OPEN = frozenset(s.value for s in OPEN_STATUSES)
HOUR = timedelta(hours=1)


class Resolution(NamedTuple):
    ticket_id: int
    at: datetime
    first: bool
    first_contact: bool
    hours: dict[str, float]  # open status -> wall-clock hours until this resolution


def team_replied(event: Event) -> bool:
    """A public reply from the team: not scored (requesters' are) and not by the requester or
    whoever asked for them (reading.stories asks the database the same)."""
    return (
        event.kind == EntryKind.REPLY
        and not event.tone
        and event.actor_id is not None
        and event.actor_id not in (event.requester_id, event.submitted_by_id)
    )


def resolutions(
    story: Iterable[Step], asked_at: Mapping[int, datetime], start: datetime, end: datetime
) -> Iterator[Resolution]:
    """The resolutions in [start, end) of the requests whose stories (reading.stories, in
    order) are given, each asked at `asked_at[ticket]`."""
    by_ticket: dict[int, list[Step]] = defaultdict(list)
    replies: dict[int, list[datetime]] = defaultdict(list)
    for step in story:
        if step.kind == EntryKind.REPLY:
            replies[step.ticket_id].append(step.at)
        else:
            by_ticket[step.ticket_id].append(step)
    for ticket, steps in by_ticket.items():
        yield from _walk(steps, replies[ticket], asked_at.get(ticket, steps[0].at), start, end)


def _walk(
    steps: list[Step], replies: list[datetime], asked_at: datetime, start: datetime, end: datetime
) -> Iterator[Resolution]:
    reopened = any(_is_reopen(s) for s in steps)
    status, since = Status.NEW.value, asked_at
    hours: dict[str, float] = defaultdict(float)
    resolved_before = moved = False
    for step in steps:
        if status in OPEN:
            hours[status] += (step.at - since) / HOUR
        if step.kind == EntryKind.MOVED:
            moved, following = True, Status.NEW.value
        elif step.kind == EntryKind.DUPLICATE:
            following = Status.CLOSED.value
        else:
            following = str(step.data.get("to") or status)
        if following == Status.RESOLVED and start <= step.at < end:
            first = not resolved_before
            replied = bisect_right(replies, step.at)  # replies up to this resolution
            yield Resolution(
                step.ticket_id,
                step.at,
                first,
                first and not moved and not reopened and replied <= 1,
                dict(hours),
            )
        if following == Status.RESOLVED:
            resolved_before = True
        status, since = following, step.at


def _is_reopen(step: Step) -> bool:
    return step.kind == EntryKind.STATUS and step.data.get("action") == Action.REOPEN.value
