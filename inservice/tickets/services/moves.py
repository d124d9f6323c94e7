"""Moving a request through its lifecycle, reopening and closing."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inservice.feedback import hooks as feedback
from inservice.notifications import services as notify
from inservice.notifications.choices import Kind
from inservice.org.models import Person
from inservice.sla import services as sla
from inservice.tickets.choices import EntryKind, Status, WaitReason
from inservice.tickets.lifecycle import Action, Actor, IllegalTransition
from inservice.tickets.models import (
    Ticket,
    TimelineEntry,
)
from inservice.tickets.permissions import capacities
from inservice.tickets.services._common import (
    add_entry,
    clean_body,
    locked,
    note_first_action,
    pick_transition,
    touch,
)
from inservice.workflows import hooks as workflows


def transition(
    actor: Person | None,
    ticket: Ticket,
    action: str,
    *,
    version: int | None = None,
    message: str = "",
    reason: str = "",
) -> Ticket:
    """Moves a request through its lifecycle, as the transition table allows for this actor.

    `actor` None is Inservice itself (periodic work). An optional message goes on the timeline
    as a public reply with the move. Waiting on the requester names why (`reason`, a
    WaitReason; another question when not given): missing information before the request was
    ever resolved marks it incomplete on arrival.
    """
    if reason and reason not in WaitReason.values:
        raise ValidationError({"reason": _("Choose why the request waits on the requester.")})
    now = timezone.now()
    with transaction.atomic():
        current = locked(ticket, version)
        if actor is None:
            roles = {Actor.SYSTEM}
        else:
            roles = capacities(actor, current)
            if not roles:
                raise PermissionDenied(_("You are not serving or asking this request."))
        step = pick_transition(current.status, action, roles)
        if step.action == Action.DUPLICATE:
            raise IllegalTransition(
                _("Close as duplicate names the original: use “Mark as duplicate”.")
            )
        if step.action == Action.REOPEN and roles == {Actor.REQUESTER}:
            _check_reopen_window(current, now)
        if reason and step.action != Action.WAIT:
            raise ValidationError(
                {"reason": _("A reason goes only with waiting on the requester.")}
            )
        changes: dict[str, Any] = {"status": step.target}
        moved: dict[str, Any] = {"action": step.action.value}
        if step.action == Action.WAIT:
            moved["reason"] = reason = reason or WaitReason.QUESTION.value
            if reason == WaitReason.MISSING_INFORMATION and _incomplete_on_arrival(current):
                changes["incomplete_on_arrival"] = True
        if step.target == Status.RESOLVED:
            changes["resolved_at"] = now
        elif step.target == Status.CLOSED:
            changes["closed_at"] = now
        elif step.action == Action.REOPEN:
            changes["resolved_at"] = None
        touch(current, now, **changes)
        note_first_action(actor, current, now)
        sla.on_status(current, step.source, step.target, now)
        sla.promise_on_status(current, step.target, now)
        if message.strip():
            add_entry(current, EntryKind.REPLY, actor, now, body=clean_body(message))
            if Actor.AGENT in roles:
                sla.on_public_reply(current, now)
                sla.promise_on_public_reply(current, now)
        entry = add_entry(
            current,
            EntryKind.STATUS,
            actor,
            now,
            data={"from": step.source.value, "to": step.target.value, **moved},
        )
        workflows.request_moved(current, step.source, step.target)
        if step.target == Status.RESOLVED:
            feedback.request_resolved(current, now)
        if step.target == Status.WAITING:
            notify.announce(Kind.WAITING, entry)
        elif step.target == Status.RESOLVED:
            notify.announce(Kind.RESOLVED, entry)
    return current


def _incomplete_on_arrival(ticket: Ticket) -> bool:
    """Missing information now means the request came incomplete, unless it was resolved before
    (a question after a reopening is about something new)."""
    if ticket.incomplete_on_arrival:
        return False  # marked already
    resolved = TimelineEntry.objects.filter(
        ticket=ticket, kind=EntryKind.STATUS, data__to=Status.RESOLVED.value
    )
    return ticket.resolved_at is None and not resolved.exists()


def _check_reopen_window(ticket: Ticket, now: datetime) -> None:
    days = int(settings.REOPEN_WINDOW_DAYS)
    if ticket.resolved_at is None or now - ticket.resolved_at > timedelta(days=days):
        raise IllegalTransition(
            _("A resolved request can be reopened for %(days)s days; ask again with a new request.")
            % {"days": days}
        )


def reopen_deadline(ticket: Ticket) -> datetime | None:
    if ticket.status != Status.RESOLVED or ticket.resolved_at is None:
        return None
    return ticket.resolved_at + timedelta(days=int(settings.REOPEN_WINDOW_DAYS))


def close_resolved(ticket_id: int) -> bool:
    """Closes one resolved request whose reopen window has passed. Safe to run twice."""
    ticket = Ticket.objects.filter(pk=ticket_id, status=Status.RESOLVED).first()
    if ticket is None or ticket.resolved_at is None:
        return False
    if timezone.now() - ticket.resolved_at < timedelta(days=int(settings.AUTO_CLOSE_AFTER_DAYS)):
        return False
    try:
        transition(None, ticket, Action.CLOSE)
    except IllegalTransition:
        return False  # reopened or closed meanwhile
    return True
