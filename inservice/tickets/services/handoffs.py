"""Handing a request to another team, linking related requests, closing duplicates."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from inservice.catalog.models import Service
from inservice.notifications import services as notify
from inservice.notifications.choices import Kind
from inservice.org.models import Person, Team
from inservice.sla import services as sla
from inservice.sla.business import business_minutes
from inservice.tickets.choices import OPEN_STATUSES, EntryKind, Status, TransferReason
from inservice.tickets.lifecycle import Action, IllegalTransition
from inservice.tickets.models import (
    Stint,
    Ticket,
    TicketLink,
    TimelineEntry,
    Watcher,
)
from inservice.tickets.permissions import can_view_ticket, capacities
from inservice.tickets.services._common import (
    add_entry,
    clean_body,
    locked,
    note_first_action,
    pick_transition,
    require_agent,
    touch,
)
from inservice.workflows import hooks as workflows


def transfer(
    actor: Person,
    ticket: Ticket,
    to_team: Team,
    note: str,
    *,
    reason: str,
    service: Service | None = None,
    version: int | None = None,
) -> Ticket:
    """Hands the request to another team with a reason (TransferReason) and a note the receiving
    team reads first.

    The request goes back to "new" and unassigned: the receiving team has not acknowledged it yet.
    The transfer that takes it past settings.TRANSFER_FLAG_AFTER transfers tells the leads of
    every team that held it, once (decision 0026).
    """
    errors: dict[str, str] = {}
    if reason not in TransferReason.values:
        errors["reason"] = _("Choose why the request goes to another team.")
    if not note.strip():
        errors["note"] = _("Write a handoff note: what the other team needs to know.")
    if service is not None and service.team_id != to_team.pk:
        errors["service"] = _("%(service)s is not a service of %(team)s.") % {
            "service": service,
            "team": to_team,
        }
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        current = locked(ticket, version)
        require_agent(actor, current)
        if to_team.pk == current.team_id:
            raise ValidationError(
                {"team": _("The request is already with %(team)s.") % {"team": to_team}}
            )
        if current.status not in OPEN_STATUSES:
            raise IllegalTransition(_("Only an open request can be transferred."))
        from_team, was = current.team, current.status
        for stint in Stint.objects.filter(ticket=current, ended_at__isnull=True):
            minutes = business_minutes(stint.team, stint.started_at, now)
            Stint.objects.filter(pk=stint.pk).update(ended_at=now, business_minutes=minutes)
        why = TransferReason(reason).value
        Stint.objects.create(ticket=current, team=to_team, started_at=now, reason=why)
        count = current.transfer_count + 1
        changes: dict[str, Any] = {
            "team": to_team,
            "assignee": None,
            "status": Status.NEW,
            "transfer_count": count,
        }
        if service is not None:
            changes["service"] = service
            changes["is_confidential"] = current.is_confidential or service.is_confidential
        touch(current, now, **changes)
        sla.on_transfer(current, from_team, to_team, now)
        sla.on_status(current, was, Status.NEW, now)
        teams = {
            "from_team": from_team.pk,
            "from_name": from_team.name,
            "to_team": to_team.pk,
            "to_name": to_team.name,
        }
        handoff = add_entry(
            current,
            EntryKind.HANDOFF,
            actor,
            now,
            body=clean_body(note),
            internal=True,
            data={**teams, "reason": why},
        )
        # The flag hangs on the public "moved" entry, not on the handoff note: the leads of teams
        # that held it earlier are not its agents now, and a note is only told to agents.
        moved = add_entry(current, EntryKind.MOVED, actor, now, data={**teams, "transfers": count})
        notify.announce(Kind.TRANSFERRED, handoff)
        if count == int(settings.TRANSFER_FLAG_AFTER) + 1:
            notify.announce(Kind.MANY_TRANSFERS, moved)
    return current


def latest_handoff(ticket: Ticket) -> TimelineEntry | None:
    """The handoff note the team now holding the request should read first."""
    entry = (
        ticket.entries.filter(kind=EntryKind.HANDOFF)
        .select_related("actor")
        .order_by("-created_at", "-id")
        .first()
    )
    if entry is None or entry.datum("to_team") != ticket.team_id:
        return None
    return entry


def link(actor: Person, ticket: Ticket, other: Ticket) -> TicketLink:
    """Marks two requests as related. Both must be visible to the agent linking them."""
    require_agent(actor, ticket)
    if other.pk == ticket.pk:
        raise ValidationError({"other": _("A request cannot be linked to itself.")})
    if not can_view_ticket(actor, other):
        raise ValidationError({"other": _("No request with that key.")})
    first, second = sorted((ticket, other), key=lambda t: t.pk)
    now = timezone.now()
    with transaction.atomic():
        found, created = TicketLink.objects.get_or_create(
            first=first, second=second, defaults={"created_by": actor}
        )
        if created:
            for one, two in ((ticket, other), (other, ticket)):
                add_entry(one, EntryKind.LINKED, actor, now, internal=True, data={"key": two.key})
    return found


def linked_tickets(ticket: Ticket) -> list[Ticket]:
    pairs = TicketLink.objects.filter(Q(first=ticket) | Q(second=ticket)).values_list(
        "first_id", "second_id"
    )
    ids = {a if b == ticket.pk else b for a, b in pairs}
    return list(Ticket.objects.filter(pk__in=ids).select_related("team").order_by("created_at"))


def mark_duplicate(
    actor: Person, ticket: Ticket, original: Ticket, *, version: int | None = None
) -> Ticket:
    """Closes `ticket` with a pointer to `original`; its people now watch the original."""
    if original.pk == ticket.pk:
        raise ValidationError({"original": _("A request cannot duplicate itself.")})
    if not can_view_ticket(actor, original):
        raise ValidationError({"original": _("No request with that key.")})
    # Point at the root of a chain, read fresh: the caller's copy may predate a merge.
    original = Ticket.objects.get(pk=original.pk)
    seen = {original.pk}
    while original.duplicate_of_id is not None and original.duplicate_of_id not in seen:
        original = Ticket.objects.get(pk=original.duplicate_of_id)
        seen.add(original.pk)
    if original.pk == ticket.pk:
        raise ValidationError({"original": _("That request is already a duplicate of this one.")})
    now = timezone.now()
    with transaction.atomic():
        current = locked(ticket, version)
        require_agent(actor, current)
        step = pick_transition(current.status, Action.DUPLICATE, capacities(actor, current))
        touch(current, now, status=step.target, closed_at=now, duplicate_of=original)
        note_first_action(actor, current, now)
        workflows.request_moved(current, step.source, step.target)
        sla.on_status(current, step.source, step.target, now)
        people = {current.requester_id, current.submitted_by_id} | set(
            Watcher.objects.filter(ticket=current).values_list("person_id", flat=True)
        )
        people -= {original.requester_id, original.submitted_by_id}
        existing = set(Watcher.objects.filter(ticket=original).values_list("person_id", flat=True))
        Watcher.objects.bulk_create(
            Watcher(ticket=original, person_id=pid, added_by=actor)
            for pid in sorted(people - existing)
        )
        add_entry(
            current,
            EntryKind.DUPLICATE,
            actor,
            now,
            data={"key": original.key, "from": step.source.value},
        )
        add_entry(
            original,
            EntryKind.LINKED,
            actor,
            now,
            internal=True,
            data={"key": current.key, "duplicate": True},
        )
    return current
