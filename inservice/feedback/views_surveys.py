"""Pulse survey pages: the list (surveys to answer, and those one runs with their response rate),
one survey as its owners see it, and their open-now and close-now buttons. Who may do what is
feedback.permissions_surveys; every change goes through services.surveys (decision 0029)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from inservice.feedback.models.surveys import Participation, Survey, SurveyState
from inservice.feedback.permissions_surveys import get_survey_to_run, surveys_run_by
from inservice.feedback.services import surveys
from inservice.lib.htmx import is_fragment, triggered
from inservice.lib.paging import CappedPaginator
from inservice.lib.requests import person_of

PAGE_SIZE = 50
TO_ANSWER = 50  # open surveys one was asked to: a handful at any time


def response_rate(respondents: int, invited: int) -> int | None:
    """Respondents as a whole percentage of those asked (None before anyone is asked)."""
    return round(100 * respondents / invited) if invited else None


@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    """The open surveys the person was asked to answer (those answered marked so), and for
    leads and administrators the surveys they run with their state and response rate."""
    person = person_of(request)
    asked = (
        Participation.objects.filter(person=person, survey__state=SurveyState.OPEN)
        .select_related("survey__owner")
        .order_by("survey__closes_on", "survey_id")[:TO_ANSWER]
    )
    running = (
        surveys_run_by(person)
        .select_related("owner")
        .annotate(respondents=Count("responses"))
        .order_by("-opens_on", "-id")  # Meta.ordering does not survive the GROUP BY
    )
    page = CappedPaginator(running, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "asked": list(asked),
        "page": page,
        "running": [(s, response_rate(s.respondents, s.invited)) for s in page.object_list],
        "can_build": person.is_superuser or bool(person.lead_team_ids()),
        "nav": "surveys",
    }
    return render(request, "feedback/surveys/list.html", context)


@require_GET
def survey_detail(request: HttpRequest, survey_id: int) -> HttpResponse:
    """A survey as its owners see it: settings, questions, audience, state and response rate."""
    person = person_of(request)
    survey = get_survey_to_run(person, survey_id)
    respondents = survey.responses.count()
    today = timezone.now().date()
    context: dict[str, Any] = {
        "survey": survey,
        "questions": list(survey.questions.order_by("position")),
        "audience": list(survey.audience.select_related("parent").order_by("name")),
        "respondents": respondents,
        "rate": response_rate(respondents, survey.invited),
        "can_open_now": survey.state == SurveyState.DRAFT and survey.opens_on == today,
        "nav": "surveys",
    }
    return render(request, "feedback/surveys/detail.html", context)


@require_POST
def survey_open(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Opens a draft due today now rather than at the next hourly sweep."""
    person = person_of(request)
    survey = get_survey_to_run(person, survey_id)
    try:
        surveys.open_now(person, survey, today=timezone.now().date())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        raise Http404 from exc
    else:
        messages.success(request, _("The survey is open: everyone asked has been told."))
    return _back(request, survey, "survey-opened")


@require_POST
def survey_close(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Closes an open survey now: no more answers, and the results are released."""
    person = person_of(request)
    survey = get_survey_to_run(person, survey_id)
    try:
        surveys.close_now(person, survey)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        raise Http404 from exc
    else:
        messages.success(request, _("The survey is closed and its results are released."))
    return _back(request, survey, "survey-closed")


def _back(request: HttpRequest, survey: Survey, event: str) -> HttpResponse:
    url = reverse("feedback:survey", args=[survey.pk])
    if is_fragment(request):
        return triggered(event, redirect=url)
    return HttpResponseRedirect(url, status=303)
