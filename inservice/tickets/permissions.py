"""Who may see a request, and in what capacity they act on it.

The rule, in one place (TicketQuerySet.visible_to is the same rule in SQL):
- the requester, whoever asked on their behalf, and watchers always see it;
- members of the team that holds it see it;
- for a request that is not confidential, members of a team that held it before see it, and so
  do administrators;
- a confidential request is seen by nobody else: not other teams, not administrators.
Anyone else gets 404, never 403: they are not told the request exists.
"""

from __future__ import annotations

from django.http import Http404

from inservice.lib.queries import unique
from inservice.org.models import Person
from inservice.tickets.lifecycle import Actor
from inservice.tickets.models import Stint, Ticket, Watcher


def is_party(person: Person, ticket: Ticket) -> bool:
    """The requester or the person who asked for them."""
    return person.pk in (ticket.requester_id, ticket.submitted_by_id)


def is_agent(person: Person, ticket: Ticket) -> bool:
    """A member of the team that holds the request: the people who serve it now."""
    return ticket.team_id in person.team_ids()


def can_see_internal(person: Person, ticket: Ticket) -> bool:
    """Internal notes and handoff notes: the teams that served it, admins for non-confidential."""
    if is_agent(person, ticket):
        return True
    if ticket.is_confidential:
        return False
    return person.is_superuser or _held_by_my_team(person, ticket)


def can_view_ticket(person: Person, ticket: Ticket) -> bool:
    if is_party(person, ticket) or can_see_internal(person, ticket):
        return True
    return Watcher.objects.filter(ticket=ticket, person=person).exists()


def capacities(person: Person, ticket: Ticket) -> set[Actor]:
    found = set()
    if is_agent(person, ticket):
        found.add(Actor.AGENT)
    if is_party(person, ticket):
        found.add(Actor.REQUESTER)
    return found


def _held_by_my_team(person: Person, ticket: Ticket) -> bool:
    teams = person.team_ids()
    return bool(teams) and Stint.objects.filter(ticket=ticket, team_id__in=teams).exists()


def get_ticket_for_user(person: Person, key: str) -> Ticket:
    """The request with this key if `person` may see it, with the joins its page needs; else 404."""
    ticket = unique(
        Ticket.objects.select_related(
            "service", "team", "requester", "submitted_by", "assignee", "duplicate_of"
        ).filter(key=key.upper())
    )
    if ticket is None or not can_view_ticket(person, ticket):
        raise Http404
    return ticket
