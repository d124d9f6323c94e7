"""Opening a request: keys, the first stint and entry, watchers and files."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inservice.catalog.intake import validate_upload
from inservice.catalog.models import Service
from inservice.catalog.permissions import can_ask
from inservice.notifications import services as notify
from inservice.notifications.choices import Kind
from inservice.org.models import Person
from inservice.org.services import next_ticket_number
from inservice.sla import services as sla
from inservice.tickets.choices import Channel, EntryKind, Priority
from inservice.tickets.models import (
    Stint,
    Ticket,
    TimelineEntry,
    Watcher,
)
from inservice.tickets.services._common import (
    MAX_BODY,
    store_attachment,
)


@dataclass
class NewRequest:
    """Everything a request is opened with, already validated by the service's intake form."""

    service: Service
    subject: str
    description: str = ""
    answers: Mapping[str, Any] = field(default_factory=dict)
    uploads: Mapping[str, UploadedFile[Any]] = field(
        default_factory=dict
    )  # intake attachment fields
    files: Sequence[UploadedFile[Any]] = ()  # further files attached to the request
    requester: Person | None = None  # None: the person asking asks for themself
    watchers: Sequence[Person] = ()
    priority: int | None = None
    channel: str = Channel.PORTAL
    resolve_by: datetime | None = None  # a workflow step's due time (see sla.services.plan)
    # What the first timeline entry records of where the request comes from (a workflow step),
    # and which notifications beyond "received" it makes (late notice).
    entry_data: Mapping[str, Any] = field(default_factory=dict)
    also_announce: Sequence[Kind] = ()


def open_ticket(actor: Person, new: NewRequest) -> Ticket:
    """Opens a request, gives it the owning team's next key, and confirms it to the requester."""
    service = new.service
    requester = new.requester or actor
    subject = new.subject.strip()
    errors: dict[str, str] = {}
    if not subject:
        errors["subject"] = _("Say in a few words what you need.")
    elif len(subject) > 200:
        errors["subject"] = _("Keep the subject under 200 characters.")
    if len(new.description) > MAX_BODY:
        errors["description"] = _("Keep the description under %(n)s characters.") % {"n": MAX_BODY}
    if not service.is_active or not can_ask(actor, service):
        errors["service"] = _("You cannot ask for this service.")
    if not requester.is_active:
        errors["requester"] = _("%(name)s is no longer in the directory.") % {"name": requester}
    if new.priority is not None and new.priority not in Priority.values:
        errors["priority"] = _("Choose a priority.")
    if service.is_confidential and new.watchers:
        errors["watchers"] = _("Only the team adds watchers to a confidential request.")
    if new.channel not in Channel.values:
        errors["channel"] = _("Unknown channel.")
    if errors:
        raise ValidationError(errors)
    for upload in [*new.uploads.values(), *new.files]:
        validate_upload(upload)

    now = timezone.now()
    priority = new.priority or service.default_priority
    planned = sla.plan(
        service, priority, service.team, now, requester=requester, resolve_by=new.resolve_by
    )
    # No savepoint when a caller's transaction is open (a workflow opening several requests at
    # once): every refusal above comes before any write, and a database error undoes the caller's
    # whole transaction anyway.
    with transaction.atomic(savepoint=False):
        team = service.team
        number = next_ticket_number(team)
        ticket = Ticket.objects.create(
            key=f"{team.key_prefix}-{number}",
            team=team,
            service=service,
            requester=requester,
            submitted_by=actor,
            subject=subject,
            description=new.description.strip(),
            answers=dict(new.answers),
            priority=priority,
            channel=new.channel,
            is_confidential=service.is_confidential,
            created_at=now,
            updated_at=now,
            due_at=planned.due_at,
            health=planned.health,
        )
        Stint.objects.create(ticket=ticket, team=team, started_at=now)
        sla.apply(ticket, planned)
        entry = TimelineEntry.objects.create(
            ticket=ticket,
            kind=EntryKind.CREATED,
            actor=actor,
            created_at=now,
            data=dict(new.entry_data),
        )
        people = {w.pk: w for w in new.watchers if w.pk not in (requester.pk, actor.pk)}
        Watcher.objects.bulk_create(
            Watcher(ticket=ticket, person=p, added_by=actor) for p in people.values()
        )
        for key, upload in new.uploads.items():
            store_attachment(ticket, upload, actor, field_key=key)
        for upload in new.files:
            store_attachment(ticket, upload, actor, entry=entry)
        notify.announce(Kind.RECEIVED, entry)
        for kind in new.also_announce:
            notify.announce(kind, entry)
    return ticket
