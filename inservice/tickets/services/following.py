"""Who follows a request besides the requester: watchers."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inservice.org.models import Person
from inservice.tickets.choices import EntryKind
from inservice.tickets.models import (
    Ticket,
    Watcher,
)
from inservice.tickets.permissions import is_agent, is_party
from inservice.tickets.services._common import (
    add_entry,
)


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
            add_entry(
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


def involve(ticket: Ticket, person: Person, now: datetime) -> bool:
    """Inservice itself makes someone a watcher (an escalation to a manager); False if they
    already were, or the request is confidential (only its team chooses who follows it)."""
    if ticket.is_confidential or not person.is_active:
        return False
    _, created = Watcher.objects.get_or_create(
        ticket=ticket, person=person, defaults={"added_by": None}
    )
    if created:
        add_entry(
            ticket, EntryKind.WATCHER, None, now, data={"person": person.pk, "name": person.name}
        )
    return created
