"""What every request verb shares: the row lock, the version bump, entries, bodies, files."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import F
from django.utils.translation import gettext as _

from inservice.catalog.intake import validate_upload
from inservice.lib.sentiment import score
from inservice.org.models import Person
from inservice.tickets import lifecycle
from inservice.tickets.lifecycle import Actor, IllegalTransition
from inservice.tickets.models import (
    Attachment,
    Stint,
    Ticket,
    TimelineEntry,
)
from inservice.tickets.permissions import is_agent

MAX_BODY = 20_000


def store_attachment(
    ticket: Ticket,
    upload: UploadedFile[Any],
    actor: Person,
    *,
    entry: TimelineEntry | None = None,
    field_key: str = "",
    internal: bool = False,
) -> Attachment:
    validate_upload(upload)
    attachment = Attachment(
        ticket=ticket,
        entry=entry,
        field_key=field_key,
        token=secrets.token_hex(16),
        filename=(upload.name or "file")[:200],
        content_type=(upload.content_type or "application/octet-stream")[:120],
        size=upload.size or 0,
        is_internal=internal,
        uploaded_by=actor,
    )
    attachment.file.save(attachment.token, upload, save=False)
    attachment.save()
    return attachment


def locked(ticket: Ticket, version: int | None = None) -> Ticket:
    """The request row, locked for this transaction; refuses a stale edit."""
    current = Ticket.objects.select_for_update().select_related("team", "service").get(pk=ticket.pk)
    if version is not None and version != current.version:
        raise ValidationError(
            _("Someone else changed this request a moment ago. Reload to see their change.")
        )
    return current


def touch(ticket: Ticket, now: datetime, **changes: Any) -> None:
    """Writes `changes`; any change of state bumps the version that stale edits are checked against.

    A reply alone changes no state, so it leaves the version be: an agent who replies and then
    transfers from the same page is not refused as stale.
    """
    bump = bool(changes)
    changes["updated_at"] = now
    if bump:
        changes["version"] = F("version") + 1
    Ticket.objects.filter(pk=ticket.pk).update(**changes)
    for name, value in changes.items():
        if name != "version":
            setattr(ticket, name, value)
    ticket.version += int(bump)


def require_agent(actor: Person, ticket: Ticket) -> None:
    if not is_agent(actor, ticket):
        raise PermissionDenied(_("Only members of %(team)s can do this.") % {"team": ticket.team})


def pick_transition(status: str, action: str, roles: set[Actor]) -> lifecycle.Transition:
    last_error: IllegalTransition | None = None
    for role in (Actor.SYSTEM, Actor.AGENT, Actor.REQUESTER):
        if role in roles:
            try:
                return lifecycle.find(status, action, role)
            except IllegalTransition as exc:
                last_error = exc
    assert last_error is not None
    raise last_error


def clean_body(text: str) -> str:
    body = text.strip()
    if not body:
        raise ValidationError({"body": _("Write something first.")})
    if len(body) > MAX_BODY:
        raise ValidationError({"body": _("Keep it under %(n)s characters.") % {"n": MAX_BODY}})
    return body


def add_entry(
    ticket: Ticket,
    kind: str,
    actor: Person | None,
    now: datetime,
    *,
    body: str = "",
    internal: bool = False,
    data: dict[str, Any] | None = None,
    scored: bool = False,
) -> TimelineEntry:
    """Writes one timeline entry; `scored` stores how its body reads (a requester's reply)."""
    reading = score(body) if scored else None
    return TimelineEntry.objects.create(
        ticket=ticket,
        kind=kind,
        actor=actor,
        created_at=now,
        body=body,
        is_internal=internal,
        data=data or {},
        tone=reading.tone if reading else "",
        tone_score=reading.compound if reading else None,
    )


def note_first_action(actor: Person | None, ticket: Ticket, now: datetime) -> None:
    """Marks the first time someone of the team holding the request acts on it in its stint
    (a reply or note, a move, an assignment, a priority change, an acknowledgment): the handoff
    report's "time to first action" (decision 0026).

    Only a member of the holding team counts, never the requester or Inservice itself. One UPDATE
    that matches nothing once the stint has its first action, so verbs call it every time.
    """
    if actor is None or not is_agent(actor, ticket):
        return
    Stint.objects.filter(
        ticket_id=ticket.pk,
        team_id=ticket.team_id,
        ended_at__isnull=True,
        first_action_at__isnull=True,
    ).update(first_action_at=now)
