"""The feedback areas' own scored texts, as sentiment sources: rating comments, suggestions,
NPS reasons. Kept apart from sentiment_sources so that module imports no area's models.

Pulse survey comments are not here: they are about the organisation, not a team's service, and
are read (with their tone) in the survey's own results."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from inservice.catalog.models import Service
from inservice.feedback.models.csat import Rating
from inservice.feedback.models.suggestions import Suggestion
from inservice.feedback.models.surveys import Answer, QuestionKind, SurveyKind, SurveyState
from inservice.feedback.sentiment_sources import Source
from inservice.org.models import Team


def _comments(team: Team, service: Service | None, since: datetime) -> QuerySet[Any]:
    rows = Rating.objects.filter(team=team, rated_at__gte=since).exclude(comment="")
    return rows.filter(service=service) if service else rows


def _suggestions(team: Team, service: Service | None, since: datetime) -> QuerySet[Any]:
    # Only what has reached the team: an anonymous one is dated to its day, and reaches the
    # team at the end of it.
    return Suggestion.objects.of_team(team).reached(timezone.now()).filter(created_at__gte=since)


def _reasons(team: Team, service: Service | None, since: datetime) -> QuerySet[Any]:
    # Released answers only: a campaign's reasons count from its close, all at once.
    return Answer.objects.filter(
        question__survey__owner=team,
        question__survey__kind=SurveyKind.NPS,
        question__survey__state=SurveyState.CLOSED,
        question__survey__closes_on__gte=since.date(),
        question__kind=QuestionKind.TEXT,
    ).exclude(text="")


FEEDBACK_SOURCES: list[Source] = [
    Source("ratings", _comments, "rated_at", service="service"),
    Source("suggestions", _suggestions, "created_at", anonymous=Q(anonymous=True)),
    Source(
        "nps",
        _reasons,
        "question__survey__closes_on",
        anonymous=Q(question__survey__anonymous=True),
        dated=True,
    ),
]
