"""Emails about ratings, read when they go out, and the rating links of the resolution email.

- low_rating ("low_rating:<follow-up id>"): a lead of the team hears of a rating of 2 or less
  and is asked to answer the requester; nothing is sent once it is answered or to someone who
  no longer leads the team;
- loop_closed ("loop_closed:<follow-up id>"): the requester reads the lead's answer.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone

from inservice.feedback.models.csat import FollowUp, Rating, RatingScore, RatingState
from inservice.feedback.tokens import make_token
from inservice.lib.queries import unique
from inservice.lib.timezones import zone_or_utc
from inservice.notifications.choices import Kind
from inservice.notifications.models import Delivery
from inservice.notifications.rendering import render_message
from inservice.org.models import Person
from inservice.org.permissions import is_lead
from inservice.tickets.models import Ticket


def render(delivery: Delivery) -> EmailMultiAlternatives | None:
    kind, _sep, rest = delivery.event_key.partition(":")
    if not rest.isdigit():
        return None
    follow_up = unique(
        FollowUp.objects.select_related(
            "team", "answered_by", "rating__ticket__service", "rating__requester"
        ).filter(pk=int(rest))
    )
    if follow_up is None:
        return None
    person = delivery.recipient
    if kind == Kind.LOW_RATING:
        if follow_up.answered_at is not None or not is_lead(person, follow_up.team_id):
            return None
        url = reverse("feedback:follow_up", args=[follow_up.pk])
        base = "notifications/email/low_rating"
    elif kind == Kind.LOOP_CLOSED:
        if follow_up.answered_at is None or person.pk != follow_up.rating.requester_id:
            return None
        url = reverse("tickets:detail", args=[follow_up.rating.ticket.key])
        base = "notifications/email/loop_closed"
    else:
        return None
    context = {
        "person": person,
        "follow_up": follow_up,
        "rating": follow_up.rating,
        "ticket": follow_up.rating.ticket,
        "zone": zone_or_utc(person.time_zone),
        "url": settings.SITE_URL + url,
        "site_name": settings.SITE_NAME,
        "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
    }
    return render_message(base, context, delivery.to_address)


def rating_links(ticket: Ticket, person: Person) -> list[tuple[int, str, str]]:
    """(score, label, link) for the resolution email: five signed links to the rating page with
    the score chosen, for the requester while their rating is waiting; none for anyone else."""
    if person.pk != ticket.requester_id:
        return []
    rating = unique(Rating.objects.filter(ticket_id=ticket.pk))
    if rating is None or rating.state_at(timezone.now()) != RatingState.PENDING:
        return []
    url = settings.SITE_URL + reverse("feedback:rate_link", args=[make_token(rating)])
    return [(value, str(label), f"{url}?score={value}") for value, label in RatingScore.choices]
