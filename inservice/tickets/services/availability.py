"""Handing on the requests of someone out of office: to their delegate, or back to the queue."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from inservice.notifications import services as notify
from inservice.notifications.choices import Kind
from inservice.org.choices import Availability
from inservice.org.models import Person
from inservice.tickets.choices import EntryKind
from inservice.tickets.models import Ticket
from inservice.tickets.services._common import add_entry, locked, touch


def hand_on_while_out_of_office(person: Person) -> int:
    """Gives each open request assigned to `person`, who is out of office, to their delegate
    where the delegate serves in the team holding it, and back to that team's queue elsewhere.
    Returns how many requests changed hands.

    Safe to run twice, and late: only requests still assigned to them move, each under its row
    lock in its own transaction, and someone who is back by then keeps their requests. A
    delegate outside the team never gets the request, so a confidential one stays in its team.
    """
    away = Person.objects.select_related("delegate").filter(pk=person.pk).first()
    if away is None or away.availability != Availability.OUT_OF_OFFICE:
        return 0
    delegate = away.delegate
    if delegate is not None and (
        not delegate.is_active or delegate.availability == Availability.OUT_OF_OFFICE
    ):
        delegate = None  # left or away since they were named: the queue is the safe place
    teams = delegate.team_ids() if delegate is not None else frozenset()
    moved = 0
    for ticket in Ticket.objects.open().filter(assignee=away).order_by("pk").only("pk"):
        moved += int(_hand_on(ticket, away, delegate, teams))
    return moved


def _hand_on(ticket: Ticket, away: Person, delegate: Person | None, teams: frozenset[int]) -> bool:
    now = timezone.now()
    with transaction.atomic():
        current = locked(ticket)
        if current.assignee_id != away.pk or not current.is_open:
            return False  # someone took it, or it closed, since the list was read
        to = delegate if delegate is not None and current.team_id in teams else None
        touch(current, now, assignee=to)
        entry = add_entry(
            current,
            EntryKind.AVAILABILITY,
            None,
            now,
            body=_explain(away, to, delegate, current),
            # Internal: a colleague's absence is the team's business, not the requester's.
            internal=True,
            data={
                "from": away.pk,
                "from_name": away.name,
                "until": away.away_until.isoformat() if away.away_until else None,
                "assignee": to.pk if to else None,
                "name": to.name if to else "",
            },
        )
        if to is not None:
            notify.announce(Kind.REASSIGNED, entry)
    return True


def _explain(away: Person, to: Person | None, delegate: Person | None, ticket: Ticket) -> str:
    """The timeline's sentence: who is away until when, and who has the request now."""
    if away.away_until is not None:
        absence = _("%(name)s is out of office until %(day)s.") % {
            "name": away.name,
            "day": date_format(away.away_until, "j F Y"),
        }
    else:
        absence = _("%(name)s is out of office.") % {"name": away.name}
    if to is not None:
        outcome = _("Their delegate %(delegate)s has the request meanwhile.") % {
            "delegate": to.name
        }
    elif delegate is not None:
        outcome = _(
            "Their delegate %(delegate)s is not in %(team)s, so the request is back in the "
            "team's queue for anyone to pick up."
        ) % {"delegate": delegate.name, "team": ticket.team.name}
    else:
        outcome = _("The request is back in the %(team)s queue for anyone to pick up.") % {
            "team": ticket.team.name
        }
    return f"{absence} {outcome}"
