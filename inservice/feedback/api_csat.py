"""Satisfaction ratings over the API: a request's rating, giving it, and a team's ratings.

The same rules as the pages (permissions_csat, services.csat): a rating is for its requester and
the team that resolved it, 404 for anyone else; only the requester rates, once (a second time is
a 422 naming `score`); a team's ratings are for its members and administrators.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.http import HttpRequest, QueryDict
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from inservice.feedback.forms_csat import PeriodForm
from inservice.feedback.models.csat import FollowUp, Rating, RatingChannel
from inservice.feedback.permissions_csat import (
    get_rating_for_user,
    get_team_for_results,
    readable_by,
)
from inservice.feedback.services import csat as services
from inservice.feedback.services.csat import MAX_COMMENT
from inservice.lib.api import PageQuery, form_problems, page_or_422, service_call, unprocessable
from inservice.lib.queries import unique
from inservice.org.api_auth import caller
from inservice.org.schemas import PersonRef, TeamRef
from inservice.tickets.schemas import StrictIn

router = Router(tags=["feedback"])


class RatingIn(StrictIn):
    score: int = Field(ge=1, le=5, description="1 (very poor) to 5 (excellent).")
    comment: str = Field("", max_length=MAX_COMMENT, description="Optional, plain text.")
    reopen: bool = Field(
        False, description="With a score of 1 or 2: reopen the request (while it may be)."
    )


class FollowUpOut(Schema):
    due_at: datetime
    answered_at: datetime | None
    answered_by: PersonRef | None
    answer: str


class RatingOut(Schema):
    request: str = Field(description="The request's key.")
    state: str = Field(description="pending, rated or expired (not rated in time).")
    asked_at: datetime
    expires_at: datetime
    rated_at: datetime | None
    score: int | None
    comment: str
    tone: str = Field(description="How the comment reads: positive, neutral, negative or empty.")
    channel: str = Field(description="Where it was given: app, email or api; empty until then.")
    reopened: bool
    follow_up: FollowUpOut | None = Field(description="For a score of 2 or less.")


class PeriodOut(Schema):
    days: int
    since: datetime


class RatedOut(Schema):
    request: str
    score: int
    comment: str
    tone: str
    rated_at: datetime
    reopened: bool


class TeamRatingsOut(Schema):
    team: TeamRef
    period: PeriodOut
    asked: int
    answered: int
    response_rate: int | None = Field(description="Answered of asked, in percent.")
    average: float | None
    distribution: dict[str, int] = Field(description="Answers per score, '1' to '5'.")
    items: list[RatedOut] = Field(description="The ratings given, newest first.")
    next_cursor: str | None


class TeamRatingsQuery(Schema):
    days: int = Field(90, description="The last 30, 90 or 365 days.")


def _rating_out(rating: Rating, follow_up: FollowUp | None) -> dict[str, Any]:
    return {
        "request": rating.ticket.key,
        "state": rating.state_at(timezone.now()).value,
        "asked_at": rating.asked_at,
        "expires_at": rating.expires_at,
        "rated_at": rating.rated_at,
        "score": rating.score,
        "comment": rating.comment,
        "tone": rating.tone,
        "channel": rating.channel,
        "reopened": rating.reopened,
        "follow_up": None
        if follow_up is None
        else {
            "due_at": follow_up.due_at,
            "answered_at": follow_up.answered_at,
            "answered_by": follow_up.answered_by,
            "answer": follow_up.answer,
        },
    }


@router.get("/requests/{key}/rating", response=RatingOut, summary="A request's rating")
def get_rating(request: HttpRequest, key: str) -> dict[str, Any]:
    """For the requester and the team that resolved the request; 404 when there is none."""
    person = caller(request)
    ticket, rating = get_rating_for_user(person, key)
    rating.ticket = ticket
    return _rating_out(rating, rating.follow_up_or_none())


@router.post("/requests/{key}/rating", response={201: RatingOut}, summary="Rate a resolved request")
def post_rating(request: HttpRequest, key: str, payload: RatingIn) -> Status[dict[str, Any]]:
    """By the requester, once, within 14 days of the resolution. A score of 2 or less asks the
    team's leads to answer; `reopen` with it reopens the request."""
    person = caller(request)
    ticket, rating = get_rating_for_user(person, key)
    with service_call():
        rated = services.rate(
            rating,
            payload.score,
            comment=payload.comment,
            reopen=payload.reopen,
            channel=RatingChannel.API,
            actor=person,
        )
    rated.ticket = ticket
    follow_up = unique(FollowUp.objects.select_related("answered_by").filter(rating=rated))
    return Status(201, _rating_out(rated, follow_up))


@router.get("/teams/{slug}/ratings", response=TeamRatingsOut, summary="A team's ratings")
def team_ratings(
    request: HttpRequest, slug: str, period: Query[TeamRatingsQuery], paging: Query[PageQuery]
) -> dict[str, Any]:
    """The figures over the last `days` and the ratings given, newest first, a page at a time
    (confidential requests' comments only for the team's own members)."""
    person = caller(request)
    team = get_team_for_results(person, slug)
    params = QueryDict(mutable=True)
    params["days"] = str(period.days)
    form = PeriodForm(params)
    if not form.is_valid():
        raise unprocessable(form_problems(form, ("query",)))
    days = form.chosen_days()
    since = timezone.now() - timedelta(days=days)
    summary = Rating.objects.for_team(team).asked_since(since).summary()
    given = readable_by(person, team, Rating.objects.for_team(team).asked_since(since).rated())
    ratings = given.select_related("ticket")
    page = page_or_422(ratings, ["-rated_at", "-id"], paging.cursor, paging.limit)
    return {
        "team": team,
        "period": {"days": days, "since": since},
        "asked": summary.asked,
        "answered": summary.answered,
        "response_rate": summary.response_rate,
        "average": summary.average,
        "distribution": {str(n): count for n, count in enumerate(summary.distribution, 1)},
        "items": [
            {
                "request": r.ticket.key,
                "score": r.score,
                "comment": r.comment,
                "tone": r.tone,
                "rated_at": r.rated_at,
                "reopened": r.reopened,
            }
            for r in page.items
        ],
        "next_cursor": page.next_cursor,
    }
