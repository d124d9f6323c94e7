"""The answer page: the people asked answer a survey once, told plainly what is kept and what is
not. It serves pulse surveys and NPS campaigns alike (their invitations link here).

Nothing about a submission is written anywhere but through services.surveys.submit: no message
in the session (the thank-you is read from the participation), no log line, and a refusal
answers 422 with the reason and nothing stored.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from inservice.feedback.forms_surveys import AnswerForm
from inservice.feedback.models.surveys import Participation, Survey, SurveyState
from inservice.feedback.permissions_surveys import get_survey_to_answer
from inservice.feedback.services import surveys
from inservice.lib.htmx import is_fragment, triggered
from inservice.lib.requests import person_of


@require_http_methods(["GET", "POST"])
def survey_answer(request: HttpRequest, survey_id: int) -> HttpResponse:
    if request.method == "POST":
        with surveys.quiet_logs():  # its statements name the person and carry the answers
            return _answer(request, survey_id)
    return _answer(request, survey_id)


def _answer(request: HttpRequest, survey_id: int) -> HttpResponse:
    person = person_of(request)
    survey, participation = get_survey_to_answer(person, survey_id)
    questions = list(survey.questions.order_by("position"))
    if request.method == "GET":
        return _page(request, survey, participation, AnswerForm(questions))
    refusal = _refusal(survey, participation)
    if refusal:
        return _page(request, survey, participation, AnswerForm(questions), refusal, 422)
    form = AnswerForm(questions, request.POST)
    if form.is_valid():
        try:
            surveys.submit(person, survey, form.answers())
        except ValidationError as exc:
            form.place(exc)
        else:
            url = reverse("feedback:survey_answer", args=[survey.pk])  # the thank-you
            if is_fragment(request):
                return triggered("survey-answered", redirect=url)
            return HttpResponseRedirect(url, status=303)
    return _page(request, survey, participation, form, status=422)


def _refusal(survey: Survey, participation: Participation) -> str:
    """Why the person cannot answer now ("" when they can); the service checks again."""
    if participation.answered:
        return str(surveys.ALREADY_ANSWERED)
    if survey.state != SurveyState.OPEN:
        return str(surveys.NOT_OPEN)
    return ""


def _page(
    request: HttpRequest,
    survey: Survey,
    participation: Participation,
    form: AnswerForm,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "survey": survey,
        "answered": participation.answered,
        "open": survey.state == SurveyState.OPEN,
        "form": form,
        "refusal": refusal,
        "nav": "surveys",
    }
    if is_fragment(request):
        return render(request, "feedback/surveys/partials/answer_form.html", context, status=status)
    return render(request, "feedback/surveys/answer.html", context, status=status)
