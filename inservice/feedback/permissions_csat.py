"""Who sees and gives satisfaction ratings, and who closes the loop.

- A rating shows on its request to the requester and to the team that resolved it (its agents
  and leads); nobody else, not even others who may see the request. Only the requester rates.
- A team's results are for its members and leads, and administrators; comments of confidential
  requests stay with the team (administrators see them counted, not read).
- Follow-ups belong to the team's leads; administrators see and answer every one but those of
  confidential requests, as they do not see those requests.
- A service's survey rule is set by a lead of its owning team, or an administrator.
Anyone else gets 404, as for something that does not exist.
"""

from __future__ import annotations

from django.http import Http404

from inservice.catalog.models import Service
from inservice.feedback.models.csat import FollowUp, Rating, RatingQuerySet
from inservice.lib.queries import unique
from inservice.org.models import Person, Team
from inservice.org.permissions import get_team, is_lead, is_member
from inservice.tickets.models import Ticket
from inservice.tickets.permissions import get_ticket_for_user


def is_team_side(person: Person, rating: Rating) -> bool:
    return is_member(person, rating.team_id)


def can_see_rating(person: Person, rating: Rating) -> bool:
    return person.pk == rating.requester_id or is_team_side(person, rating)


def can_rate(person: Person, rating: Rating) -> bool:
    return person.pk == rating.requester_id


def find_rating(person: Person, key: str) -> tuple[Ticket, Rating | None]:
    """The request (404 for whoever may not see it) and its rating, None when there is none
    or it is not for this person to see."""
    ticket = get_ticket_for_user(person, key)
    rating = unique(
        Rating.objects.select_related("follow_up__answered_by").filter(ticket_id=ticket.pk)
    )
    if rating is None or not can_see_rating(person, rating):
        return ticket, None
    return ticket, rating


def get_rating_for_user(person: Person, key: str) -> tuple[Ticket, Rating]:
    ticket, rating = find_rating(person, key)
    if rating is None:
        raise Http404
    return ticket, rating


def rating_for_link(rating_id: int) -> Rating | None:
    """The rating a signed link names (the token is the authority), with its request."""
    return unique(
        Rating.objects.select_related("ticket__team", "ticket__service", "requester").filter(
            pk=rating_id
        )
    )


def can_see_results(person: Person, team: Team) -> bool:
    return person.is_superuser or is_member(person, team)


def readable_by(person: Person, team: Team, ratings: RatingQuerySet) -> RatingQuerySet:
    """The team's ratings this reader may read one by one: confidential requests' stay with the
    team's own members (administrators see them counted only)."""
    if is_member(person, team):
        return ratings
    return ratings.exclude(ticket__is_confidential=True)


def get_team_for_results(person: Person, slug: str) -> Team:
    team = get_team(slug)
    if not can_see_results(person, team):
        raise Http404
    return team


def can_list_follow_ups(person: Person) -> bool:
    return person.is_superuser or bool(person.lead_team_ids())


def can_answer_follow_up(person: Person, follow_up: FollowUp) -> bool:
    """Also who may see one (FollowUpQuerySet.visible_to is the same rule in SQL)."""
    if is_lead(person, follow_up.team_id):
        return True
    return person.is_superuser and not follow_up.rating.ticket.is_confidential


def get_follow_up_for_user(person: Person, follow_up_id: int) -> FollowUp:
    follow_up = unique(FollowUp.objects.for_list().filter(pk=follow_up_id))
    if follow_up is None or not can_answer_follow_up(person, follow_up):
        raise Http404
    return follow_up


def can_set_rule(person: Person, service: Service) -> bool:
    return person.is_superuser or is_lead(person, service.team_id)


def get_service_for_rule(person: Person, service_id: int) -> Service:
    service = unique(Service.objects.select_related("team", "survey_rule").filter(pk=service_id))
    if service is None or not can_set_rule(person, service):
        raise Http404
    return service
