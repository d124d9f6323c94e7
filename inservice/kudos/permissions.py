"""Who sees, takes back and hides kudos. Anything a person may not see or do is a 404, as for
something that does not exist: pages, API, counts and emails alike.

- Everyone signed in reads every kudos that is shown: the wall is the organisation's.
- A hidden kudos is shown only as "hidden by a lead", and only to its giver, to the leads who
  could have hidden it and to administrators; everyone else never learns it existed.
- Its giver deletes a kudos within the delete window (nobody has been told yet).
- Leads of the giver's home team or of any recipient's home team (as they were when it was
  given), and administrators, hide one with a reason.
- A resolved or closed request's requester (and whoever asked for them) is offered to thank
  the people who helped on it.
- A kudos tied to a request names that request only to those who may see it
  (tickets.permissions): to everyone else it is "for help with a request".
"""

from __future__ import annotations

from datetime import datetime

from django.http import Http404
from django.utils import timezone

from inservice.kudos.helped import THANKABLE
from inservice.kudos.models import DELETE_WINDOW, Kudos
from inservice.lib.queries import unique
from inservice.org.models import Person
from inservice.tickets.models import Ticket
from inservice.tickets.permissions import can_view_ticket, is_party


def recipient_team_ids(kudos: Kudos) -> set[int]:
    """The recipients' home teams when it was given (read from the prefetched rows if any)."""
    return {r.home_team_id for r in kudos.recipients.all() if r.home_team_id is not None}


def can_hide(person: Person, kudos: Kudos) -> bool:
    if person.is_superuser:
        return True
    leads = person.lead_team_ids()
    if not leads:
        return False
    if kudos.giver_team_id in leads:
        return True
    return bool(leads & recipient_team_ids(kudos))


def can_see(person: Person, kudos: Kudos) -> bool:
    """Shown ones to everyone; hidden ones (as such) to the giver and whoever may hide them."""
    if kudos.hidden_at is None:
        return True
    return kudos.giver_id == person.pk or can_hide(person, kudos)


def can_delete(person: Person, kudos: Kudos, now: datetime | None = None) -> bool:
    moment = now or timezone.now()
    return kudos.giver_id == person.pk and moment < kudos.created_at + DELETE_WINDOW


def may_see_request(person: Person, kudos: Kudos) -> bool:
    """Whether the kudos' request may be named to the person (the cards' annotation when read
    with KudosQuerySet.for_cards, else the request's own rule)."""
    if kudos.ticket_id is None:
        return False
    annotated = getattr(kudos, "request_visible", None)
    if annotated is not None:
        return bool(annotated)
    return kudos.ticket is not None and can_view_ticket(person, kudos.ticket)


def get_kudos_for_user(person: Person, kudos_id: int) -> Kudos:
    kudos = unique(Kudos.objects.for_cards(person).filter(pk=kudos_id))
    if kudos is None or not can_see(person, kudos):
        raise Http404
    return kudos


def get_kudos_to_delete(person: Person, kudos_id: int) -> Kudos:
    """The person's own kudos (the service refuses one past its window, saying so)."""
    kudos = unique(Kudos.objects.filter(pk=kudos_id, giver=person))
    if kudos is None:
        raise Http404
    return kudos


def get_kudos_to_hide(person: Person, kudos_id: int) -> Kudos:
    kudos = get_kudos_for_user(person, kudos_id)
    if not can_hide(person, kudos):
        raise Http404
    return kudos


def can_thank_helpers(person: Person, ticket: Ticket) -> bool:
    """The request page offers "thank the people who helped" to its requester (and whoever
    asked for them) once it is resolved or closed."""
    return is_party(person, ticket) and ticket.status in THANKABLE
