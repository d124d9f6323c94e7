"""The answer page of an NPS campaign: the 0-10 question as eleven buttons and the reason.

The answer goes through the engine's `submit` (via services.nps.answer_campaign), which stores
it once and refuses the rest. Nothing about the answer is kept anywhere else: no message in the
session, nothing in the log; the page says "thank you" from the participation's own flag.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from inservice.feedback.forms_nps import AnswerForm
from inservice.feedback.models.surveys import Participation, Survey, SurveyState
from inservice.feedback.permissions_nps import get_campaign_to_answer
from inservice.feedback.services import nps
from inservice.lib.htmx import is_fragment, triggered
from inservice.lib.queries import unique
from inservice.lib.requests import person_of
from inservice.org.models import Person


@require_http_methods(["GET", "POST"])
def answer_page(request: HttpRequest, survey_id: int) -> HttpResponse:
    person = person_of(request)
    survey = get_campaign_to_answer(person, survey_id)
    if request.method == "GET":
        return _page(request, person, survey, AnswerForm())
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            nps.answer_campaign(
                person, survey, form.cleaned_data["score"], form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.place(exc, nps.field_names(survey))
        else:
            url = reverse("feedback:nps_answer", args=[survey.pk])
            if is_fragment(request):
                return triggered("nps-answered", redirect=url)
            return HttpResponseRedirect(url, status=303)
    return _page(request, person, survey, form, status=422)


def _page(
    request: HttpRequest, person: Person, survey: Survey, form: AnswerForm, status: int = 200
) -> HttpResponse:
    participation = unique(
        Participation.objects.filter(survey=survey, person=person).only("answered")
    )
    score_q, reason_q = nps.questions_of(survey)
    context: dict[str, Any] = {
        "survey": survey,
        "team": survey.owner,
        "form": form,
        "score_question": score_q,
        "reason_question": reason_q,
        "invited": participation is not None,
        "answered": participation is not None and participation.answered,
        "is_open": survey.state == SurveyState.OPEN,
        "is_closed": survey.state == SurveyState.CLOSED,
        "action": reverse("feedback:nps_answer", args=[survey.pk]),
    }
    template = (
        "feedback/nps/partials/answer_form.html"
        if is_fragment(request)
        else "feedback/nps/answer.html"
    )
    return render(request, template, context, status=status)
