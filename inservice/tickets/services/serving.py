"""Serving a request: replies and internal notes, assignment, priority."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inservice.catalog.intake import validate_upload
from inservice.notifications import services as notify
from inservice.notifications.choices import Kind
from inservice.org.models import Person, Team
from inservice.sla import services as sla
from inservice.tickets.choices import EntryKind, Priority, Status
from inservice.tickets.lifecycle import Action, IllegalTransition
from inservice.tickets.models import (
    Ticket,
    TimelineEntry,
)
from inservice.tickets.permissions import can_view_ticket, is_agent, is_party
from inservice.tickets.services._common import (
    add_entry,
    clean_body,
    locked,
    note_first_action,
    require_agent,
    store_attachment,
    touch,
)


def reply(
    actor: Person,
    ticket: Ticket,
    body: str,
    *,
    internal: bool = False,
    uploads: Iterable[UploadedFile[Any]] = (),
    version: int | None = None,
) -> TimelineEntry:
    """A public reply (seen by the requester) or an internal note (seen only by the teams)."""
    text = clean_body(body)
    uploads = list(uploads)
    for upload in uploads:
        validate_upload(upload)
    now = timezone.now()
    with transaction.atomic():
        current = locked(ticket, version)
        agent = is_agent(actor, current)
        if internal and not agent:
            raise PermissionDenied(
                _("Only members of %(team)s can add internal notes.") % {"team": current.team}
            )
        if not agent and not is_party(actor, current) and not can_view_ticket(actor, current):
            raise PermissionDenied(_("You cannot reply to this request."))
        if current.status in (Status.CLOSED, Status.CANCELLED):
            raise IllegalTransition(
                _("This request is %(status)s; ask again with a new request.")
                % {"status": current.get_status_display().lower()}
            )
        kind = EntryKind.NOTE if internal else EntryKind.REPLY
        # How a requester's reply reads feeds the feedback app's sentiment trends.
        scored = not internal and not agent
        entry = add_entry(current, kind, actor, now, body=text, internal=internal, scored=scored)
        for upload in uploads:
            store_attachment(current, upload, actor, entry=entry, internal=internal)
        touch(current, now)
        note_first_action(actor, current, now)
        if not internal:
            notify.announce(Kind.REPLY, entry)
            if agent:
                sla.on_public_reply(current, now)
                sla.promise_on_public_reply(current, now)
            if current.status == Status.WAITING and not agent:
                # The requester answered: the request goes back to the team.
                touch(current, now, status=Status.IN_PROGRESS)
                sla.on_status(current, Status.WAITING, Status.IN_PROGRESS, now)
                add_entry(
                    current,
                    EntryKind.STATUS,
                    None,
                    now,
                    data={
                        "from": Status.WAITING.value,
                        "to": Status.IN_PROGRESS.value,
                        "action": Action.RESUME.value,
                    },
                )
    return entry


def assign(
    actor: Person, ticket: Ticket, assignee: Person | None, *, version: int | None = None
) -> Ticket:
    """Gives the request to a member of the team holding it (None: back to the team)."""
    now = timezone.now()
    with transaction.atomic():
        current = locked(ticket, version)
        require_agent(actor, current)
        if assignee is not None and current.team_id not in assignee.team_ids():
            raise ValidationError(
                {
                    "assignee": _("%(name)s is not a member of %(team)s.")
                    % {"name": assignee, "team": current.team}
                }
            )
        if current.assignee_id == (assignee.pk if assignee else None):
            return current
        touch(current, now, assignee=assignee)
        note_first_action(actor, current, now)
        entry = add_entry(
            current,
            EntryKind.ASSIGNED,
            actor,
            now,
            data={
                "assignee": assignee.pk if assignee else None,
                "name": assignee.name if assignee else "",
            },
        )
        if assignee is not None and assignee.pk != actor.pk:
            notify.announce(Kind.ASSIGNED, entry)
    return current


def bulk_assign(actor: Person, team: Team, keys: Iterable[str], assignee: Person | None) -> int:
    """Assigns every listed request of `team` the actor serves; returns how many changed hands."""
    changed = 0
    tickets = Ticket.objects.filter(team=team, key__in=list(keys)[:500])
    for ticket in tickets:
        before = ticket.assignee_id
        after = assign(actor, ticket, assignee)
        changed += int(before != after.assignee_id)
    return changed


def change_priority(
    actor: Person, ticket: Ticket, priority: int, *, version: int | None = None
) -> Ticket:
    if priority not in Priority.values:
        raise ValidationError({"priority": _("Choose a priority.")})
    now = timezone.now()
    with transaction.atomic():
        current = locked(ticket, version)
        require_agent(actor, current)
        if current.priority == priority:
            return current
        before = current.priority
        touch(current, now, priority=priority)
        note_first_action(actor, current, now)
        add_entry(current, EntryKind.PRIORITY, actor, now, data={"from": before, "to": priority})
    return current
