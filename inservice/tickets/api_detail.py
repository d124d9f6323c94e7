"""One request as the API shows it to one caller: what the request page shows them, as data.

Internal notes, handoff notes and internal files appear only for those who may see internal
entries (tickets.permissions.can_see_internal) — never for the requester.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from inservice.org.models import Person
from inservice.sla.models import Clock
from inservice.tickets import lifecycle, services
from inservice.tickets.models import Attachment, Ticket, TimelineEntry, Watcher
from inservice.tickets.permissions import can_see_internal, capacities
from inservice.tickets.schemas import RequestOut

# The most recent entries, as on the request page: a request with a long history stays one answer.
TIMELINE_LIMIT = 300


def attachment_data(ticket: Ticket, attachment: Attachment) -> dict[str, Any]:
    return {
        "filename": attachment.filename,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "field_key": attachment.field_key,
        "url": reverse("api-v1:download_attachment", args=[ticket.key, attachment.token]),
    }


def entry_data(
    ticket: Ticket, entry: TimelineEntry, files: list[Attachment] | None = None
) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "kind": entry.kind,
        "actor": entry.actor,
        "created_at": entry.created_at,
        "body": entry.body,
        "is_internal": entry.is_internal,
        "data": entry.data,
        "attachments": [attachment_data(ticket, a) for a in files or []],
    }


def visible_files(internal: bool) -> QuerySet[Attachment]:
    return Attachment.objects.all() if internal else Attachment.objects.filter(is_internal=False)


def clock_data(clock: Clock, now: datetime) -> dict[str, Any]:
    return {
        "target": clock.target,
        "cycle": clock.cycle,
        "state": clock.state,
        "due_at": clock.due_at,
        "breached_at": clock.breached_at,
        "met_at": clock.met_at,
        "paused_seconds": int(clock.paused_for(now).total_seconds()),
        "paused_since": clock.paused_since,
    }


def request_detail(person: Person, ticket: Ticket) -> dict[str, Any]:
    now = timezone.now()
    internal = can_see_internal(person, ticket)
    entries = list(
        ticket.entries.for_viewer(internal)
        .select_related("actor")
        .prefetch_related(
            Prefetch("attachments", queryset=visible_files(internal), to_attr="visible")
        )
        .order_by("-created_at", "-id")[:TIMELINE_LIMIT]
    )[::-1]
    # Files given with the form's attachment fields belong to no timeline entry.
    loose = visible_files(internal).filter(ticket=ticket, entry__isnull=True)
    watchers = Watcher.objects.filter(ticket=ticket).select_related("person").order_by("pk")
    moves = lifecycle.available(ticket.status, capacities(person, ticket))
    return {
        **RequestOut.from_orm(ticket).dict(),
        "description": ticket.description,
        "answers": ticket.answers,
        "submitted_by": ticket.submitted_by,
        "resolved_at": ticket.resolved_at,
        "closed_at": ticket.closed_at,
        "reopen_until": services.reopen_deadline(ticket),
        "duplicate_of": ticket.duplicate_of.key if ticket.duplicate_of else None,
        "version": ticket.version,
        "watchers": [w.person for w in watchers],
        "attachments": [attachment_data(ticket, a) for a in loose],
        "transitions": [
            {"action": m.action.value, "label": str(m.label), "target": m.target.value}
            for m in moves
        ],
        "clocks": [clock_data(c, now) for c in ticket.clocks.order_by("target", "cycle")],
        "timeline": [entry_data(ticket, e, e.visible) for e in entries],  # type: ignore[attr-defined]  # set by Prefetch(to_attr=)
    }
