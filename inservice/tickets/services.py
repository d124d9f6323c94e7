"""The only write path for requests.

Each verb locks the request row, checks who is acting and in what capacity, writes the change
and its timeline entry in one transaction, and schedules notifications for after the commit.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from inservice.catalog.intake import validate_upload
from inservice.catalog.models import Service
from inservice.catalog.permissions import can_ask
from inservice.notifications import services as notify
from inservice.notifications.choices import Kind
from inservice.org.models import Person, Team
from inservice.org.permissions import can_manage_team
from inservice.org.services import next_ticket_number
from inservice.tickets import lifecycle
from inservice.tickets.choices import OPEN_STATUSES, Channel, EntryKind, Priority, Status
from inservice.tickets.lifecycle import Action, Actor, IllegalTransition
from inservice.tickets.models import (
    Attachment,
    SavedView,
    Stint,
    Ticket,
    TicketLink,
    TimelineEntry,
    Watcher,
)
from inservice.tickets.permissions import can_view_ticket, capacities, is_agent, is_party

MAX_BODY = 20_000


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
    with transaction.atomic():
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
            priority=new.priority or service.default_priority,
            channel=new.channel,
            is_confidential=service.is_confidential,
            created_at=now,
            updated_at=now,
        )
        Stint.objects.create(ticket=ticket, team=team, started_at=now)
        entry = TimelineEntry.objects.create(
            ticket=ticket, kind=EntryKind.CREATED, actor=actor, created_at=now
        )
        people = {w.pk: w for w in new.watchers if w.pk not in (requester.pk, actor.pk)}
        Watcher.objects.bulk_create(
            Watcher(ticket=ticket, person=p, added_by=actor) for p in people.values()
        )
        for key, upload in new.uploads.items():
            _store_attachment(ticket, upload, actor, field_key=key)
        for upload in new.files:
            _store_attachment(ticket, upload, actor, entry=entry)
        notify.announce(Kind.RECEIVED, entry)
    return ticket


def _store_attachment(
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


def _locked(ticket: Ticket, version: int | None = None) -> Ticket:
    """The request row, locked for this transaction; refuses a stale edit."""
    current = Ticket.objects.select_for_update().select_related("team", "service").get(pk=ticket.pk)
    if version is not None and version != current.version:
        raise ValidationError(
            _("Someone else changed this request a moment ago. Reload to see their change.")
        )
    return current


def _touch(ticket: Ticket, now: datetime, **changes: Any) -> None:
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


def _require_agent(actor: Person, ticket: Ticket) -> None:
    if not is_agent(actor, ticket):
        raise PermissionDenied(_("Only members of %(team)s can do this.") % {"team": ticket.team})


def transition(
    actor: Person | None,
    ticket: Ticket,
    action: str,
    *,
    version: int | None = None,
    message: str = "",
) -> Ticket:
    """Moves a request through its lifecycle, as the transition table allows for this actor.

    `actor` None is Inservice itself (periodic work). An optional message goes on the timeline
    as a public reply with the move.
    """
    now = timezone.now()
    with transaction.atomic():
        current = _locked(ticket, version)
        if actor is None:
            roles = {Actor.SYSTEM}
        else:
            roles = capacities(actor, current)
            if not roles:
                raise PermissionDenied(_("You are not serving or asking this request."))
        step = _pick(current.status, action, roles)
        if step.action == Action.DUPLICATE:
            raise IllegalTransition(
                _("Close as duplicate names the original: use “Mark as duplicate”.")
            )
        if step.action == Action.REOPEN and roles == {Actor.REQUESTER}:
            _check_reopen_window(current, now)
        changes: dict[str, Any] = {"status": step.target}
        if step.target == Status.RESOLVED:
            changes["resolved_at"] = now
        elif step.target == Status.CLOSED:
            changes["closed_at"] = now
        elif step.action == Action.REOPEN:
            changes["resolved_at"] = None
        _touch(current, now, **changes)
        if message.strip():
            _add_entry(current, EntryKind.REPLY, actor, now, body=_body(message))
        entry = _add_entry(
            current,
            EntryKind.STATUS,
            actor,
            now,
            data={"from": step.source.value, "to": step.target.value, "action": step.action.value},
        )
        if step.target == Status.WAITING:
            notify.announce(Kind.WAITING, entry)
        elif step.target == Status.RESOLVED:
            notify.announce(Kind.RESOLVED, entry)
    return current


def _pick(status: str, action: str, roles: set[Actor]) -> lifecycle.Transition:
    last_error: IllegalTransition | None = None
    for role in (Actor.SYSTEM, Actor.AGENT, Actor.REQUESTER):
        if role in roles:
            try:
                return lifecycle.find(status, action, role)
            except IllegalTransition as exc:
                last_error = exc
    assert last_error is not None
    raise last_error


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


def _body(text: str) -> str:
    body = text.strip()
    if not body:
        raise ValidationError({"body": _("Write something first.")})
    if len(body) > MAX_BODY:
        raise ValidationError({"body": _("Keep it under %(n)s characters.") % {"n": MAX_BODY}})
    return body


def _add_entry(
    ticket: Ticket,
    kind: str,
    actor: Person | None,
    now: datetime,
    *,
    body: str = "",
    internal: bool = False,
    data: dict[str, Any] | None = None,
) -> TimelineEntry:
    return TimelineEntry.objects.create(
        ticket=ticket,
        kind=kind,
        actor=actor,
        created_at=now,
        body=body,
        is_internal=internal,
        data=data or {},
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
    text = _body(body)
    uploads = list(uploads)
    for upload in uploads:
        validate_upload(upload)
    now = timezone.now()
    with transaction.atomic():
        current = _locked(ticket, version)
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
        entry = _add_entry(current, kind, actor, now, body=text, internal=internal)
        for upload in uploads:
            _store_attachment(current, upload, actor, entry=entry, internal=internal)
        _touch(current, now)
        if not internal:
            notify.announce(Kind.REPLY, entry)
            if current.status == Status.WAITING and not agent:
                # The requester answered: the request goes back to the team.
                _touch(current, now, status=Status.IN_PROGRESS)
                _add_entry(
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
        current = _locked(ticket, version)
        _require_agent(actor, current)
        if assignee is not None and current.team_id not in assignee.team_ids():
            raise ValidationError(
                {
                    "assignee": _("%(name)s is not a member of %(team)s.")
                    % {"name": assignee, "team": current.team}
                }
            )
        if current.assignee_id == (assignee.pk if assignee else None):
            return current
        _touch(current, now, assignee=assignee)
        entry = _add_entry(
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
        current = _locked(ticket, version)
        _require_agent(actor, current)
        if current.priority == priority:
            return current
        before = current.priority
        _touch(current, now, priority=priority)
        _add_entry(current, EntryKind.PRIORITY, actor, now, data={"from": before, "to": priority})
    return current


def transfer(
    actor: Person,
    ticket: Ticket,
    to_team: Team,
    note: str,
    *,
    service: Service | None = None,
    version: int | None = None,
) -> Ticket:
    """Hands the request to another team with a note the receiving team reads first.

    The request goes back to "new" and unassigned: the receiving team has not acknowledged it yet.
    """
    errors: dict[str, str] = {}
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
        current = _locked(ticket, version)
        _require_agent(actor, current)
        if to_team.pk == current.team_id:
            raise ValidationError(
                {"team": _("The request is already with %(team)s.") % {"team": to_team}}
            )
        if current.status not in OPEN_STATUSES:
            raise IllegalTransition(_("Only an open request can be transferred."))
        from_team = current.team
        Stint.objects.filter(ticket=current, ended_at__isnull=True).update(ended_at=now)
        Stint.objects.create(ticket=current, team=to_team, started_at=now)
        changes: dict[str, Any] = {
            "team": to_team,
            "assignee": None,
            "status": Status.NEW,
            "transfer_count": current.transfer_count + 1,
        }
        if service is not None:
            changes["service"] = service
            changes["is_confidential"] = current.is_confidential or service.is_confidential
        _touch(current, now, **changes)
        teams = {
            "from_team": from_team.pk,
            "from_name": from_team.name,
            "to_team": to_team.pk,
            "to_name": to_team.name,
        }
        handoff = _add_entry(
            current, EntryKind.HANDOFF, actor, now, body=_body(note), internal=True, data=teams
        )
        _add_entry(current, EntryKind.MOVED, actor, now, data=teams)
        notify.announce(Kind.TRANSFERRED, handoff)
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
    _require_agent(actor, ticket)
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
                _add_entry(one, EntryKind.LINKED, actor, now, internal=True, data={"key": two.key})
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
        current = _locked(ticket, version)
        _require_agent(actor, current)
        step = _pick(current.status, Action.DUPLICATE, capacities(actor, current))
        _touch(current, now, status=step.target, closed_at=now, duplicate_of=original)
        people = {current.requester_id, current.submitted_by_id} | set(
            Watcher.objects.filter(ticket=current).values_list("person_id", flat=True)
        )
        people -= {original.requester_id, original.submitted_by_id}
        existing = set(Watcher.objects.filter(ticket=original).values_list("person_id", flat=True))
        Watcher.objects.bulk_create(
            Watcher(ticket=original, person_id=pid, added_by=actor)
            for pid in sorted(people - existing)
        )
        _add_entry(
            current,
            EntryKind.DUPLICATE,
            actor,
            now,
            data={"key": original.key, "from": step.source.value},
        )
        _add_entry(
            original,
            EntryKind.LINKED,
            actor,
            now,
            internal=True,
            data={"key": current.key, "duplicate": True},
        )
    return current


def add_watcher(actor: Person, ticket: Ticket, person: Person) -> Watcher:
    agent = is_agent(actor, ticket)
    if ticket.is_confidential and not agent:
        raise PermissionDenied(_("Only the team adds watchers to a confidential request."))
    if not agent and not is_party(actor, ticket):
        raise PermissionDenied(_("Only the requester and the team add watchers."))
    if not person.is_active:
        raise ValidationError(
            {"person": _("%(name)s is no longer in the directory.") % {"name": person}}
        )
    now = timezone.now()
    with transaction.atomic():
        watcher, created = Watcher.objects.get_or_create(
            ticket=ticket, person=person, defaults={"added_by": actor}
        )
        if created:
            _add_entry(
                ticket,
                EntryKind.WATCHER,
                actor,
                now,
                internal=ticket.is_confidential,
                data={"person": person.pk, "name": person.name},
            )
    return watcher


def remove_watcher(actor: Person, ticket: Ticket, person: Person) -> None:
    if actor.pk != person.pk and not is_agent(actor, ticket):
        if ticket.is_confidential:
            raise PermissionDenied(_("Only the team chooses who follows a confidential request."))
        if not is_party(actor, ticket):
            raise PermissionDenied(_("Only the team, the requester or the watcher can do this."))
    Watcher.objects.filter(ticket=ticket, person=person).delete()


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


def save_view(
    actor: Person, team: Team, name: str, query: str, *, shared: bool = False
) -> SavedView:
    """Saves a queue filter under a name, for the actor or (leads only) the whole team."""
    if team.pk not in actor.team_ids():
        raise PermissionDenied(_("Only members of %(team)s have this queue.") % {"team": team})
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Name the view, e.g. “Urgent hardware”.")})
    if shared and not can_manage_team(actor, team):
        raise PermissionDenied(_("Only a lead shares a view with the whole team."))
    query = query.lstrip("?")[:500]
    return SavedView.objects.create(
        team=team, owner=None if shared else actor, name=name[:80], query=query
    )


def delete_view(actor: Person, team: Team, view_id: int) -> None:
    view = SavedView.objects.filter(team=team, pk=view_id).first()
    if view is None:
        return
    if view.owner_id != actor.pk and not (view.owner_id is None and can_manage_team(actor, team)):
        raise PermissionDenied(_("This view is not yours to delete."))
    view.delete()
