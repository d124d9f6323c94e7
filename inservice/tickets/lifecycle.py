"""The request lifecycle: one explicit transition table, read by the one `transition` service.

Pure data and functions, no ORM, so the whole table can be tested exhaustively.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from inservice.tickets.choices import Status


class Actor(StrEnum):
    """In what capacity someone acts on a request."""

    REQUESTER = "requester"  # the requester or whoever asked on their behalf
    AGENT = "agent"  # a member of the team that holds the request
    SYSTEM = "system"  # periodic work and automatic moves


class Action(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    START = "start"
    WAIT = "wait"
    RESUME = "resume"
    RESOLVE = "resolve"
    CLOSE = "close"
    REOPEN = "reopen"
    CANCEL = "cancel"
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class Transition:
    action: Action
    source: Status
    target: Status
    actors: frozenset[Actor]
    label: Promise
    # False for moves that need more than a click (closing as a duplicate names the original).
    offered: bool = True


def _t(
    action: Action,
    sources: tuple[Status, ...],
    target: Status,
    actors: tuple[Actor, ...],
    label: Promise,
    offered: bool = True,
) -> list[Transition]:
    return [Transition(action, s, target, frozenset(actors), label, offered) for s in sources]


A, R, S = Actor.AGENT, Actor.REQUESTER, Actor.SYSTEM
OPEN = (Status.NEW, Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.WAITING)

TRANSITIONS: tuple[Transition, ...] = tuple(
    _t(Action.ACKNOWLEDGE, (Status.NEW,), Status.ACKNOWLEDGED, (A,), _("Acknowledge"))
    + _t(Action.START, (Status.NEW, Status.ACKNOWLEDGED), Status.IN_PROGRESS, (A,), _("Start work"))
    + _t(
        Action.WAIT,
        (Status.NEW, Status.ACKNOWLEDGED, Status.IN_PROGRESS),
        Status.WAITING,
        (A,),
        _("Wait on requester"),
    )
    # A requester's reply moves a waiting request back to the team (system), or an agent resumes it.
    + _t(Action.RESUME, (Status.WAITING,), Status.IN_PROGRESS, (A, S), _("Resume"))
    + _t(Action.RESOLVE, OPEN, Status.RESOLVED, (A,), _("Resolve"))
    + _t(Action.CLOSE, (Status.RESOLVED,), Status.CLOSED, (A, S), _("Close"))
    + _t(Action.REOPEN, (Status.RESOLVED,), Status.IN_PROGRESS, (A, R), _("Reopen"))
    + _t(Action.CANCEL, OPEN, Status.CANCELLED, (A, R), _("Cancel request"))
    + _t(Action.DUPLICATE, OPEN, Status.CLOSED, (A,), _("Close as duplicate"), offered=False)
)

_BY_KEY = {(t.source, t.action): t for t in TRANSITIONS}


class IllegalTransition(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def find(source: Status | str, action: Action | str, actor: Actor) -> Transition:
    """The transition `actor` may take with `action` from `source`, or IllegalTransition."""
    try:
        status, act = Status(source), Action(action)
    except ValueError as exc:
        raise IllegalTransition(
            str(_("Unknown action “%(action)s”.") % {"action": action})
        ) from exc
    transition = _BY_KEY.get((status, act))
    if transition is None:
        raise IllegalTransition(
            str(_("A request that is “%(status)s” cannot be moved with “%(action)s”."))
            % {"status": status.label, "action": act.value}
        )
    if actor not in transition.actors:
        raise IllegalTransition(
            str(_("Only %(who)s can %(action)s a request that is “%(status)s”."))
            % {"who": _who(transition.actors), "action": act.value, "status": status.label}
        )
    return transition


def available(source: Status | str, actors: set[Actor]) -> list[Transition]:
    """The buttons: transitions offered from `source` to anyone acting in one of `actors`."""
    status = Status(source)
    return [t for t in TRANSITIONS if t.source == status and t.offered and t.actors & actors]


def _who(actors: frozenset[Actor]) -> str:
    names = {A: str(_("the team")), R: str(_("the requester")), S: str(_("Inservice"))}
    return str(_(" or ")).join(names[a] for a in sorted(actors))
