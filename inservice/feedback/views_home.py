"""The feedback page: what waits for one's answer (ratings, surveys, NPS campaigns) and every
way to give feedback; for leads, what waits for their team's answer."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from inservice.feedback.models.csat import FollowUp, Rating
from inservice.feedback.models.surveys import Participation, SurveyKind, SurveyState
from inservice.lib.requests import person_of
from inservice.org.models import Team

SHOWN = 10


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    now = timezone.now()
    ratings = (
        Rating.objects.asked_of(person)
        .filter(score__isnull=True, expires_at__gt=now)
        .select_related("ticket")
        .order_by("-asked_at")[:SHOWN]
    )
    surveys = (
        Participation.objects.filter(person=person, answered=False, survey__state=SurveyState.OPEN)
        .select_related("survey", "survey__owner")
        .order_by("survey__closes_on", "survey_id")[:SHOWN]
    )
    led = person.lead_team_ids()
    context = {
        "ratings": list(ratings),
        "surveys": list(surveys),
        "nps": SurveyKind.NPS,
        "led_teams": list(Team.objects.filter(pk__in=led).order_by("name")),
        "open_follow_ups": FollowUp.objects.open().for_teams(led).count() if led else 0,
        "nav": "feedback",
    }
    return render(request, "feedback/home/home.html", context)
