"""The survey builder: leads make a pulse survey on one page and change it while it is a draft.

"Add a question" posts the page back with one more empty question and saves nothing; saving
checks the whole survey (services.surveys), whose refusals land beside the fields they name.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseFormSet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from inservice.feedback.forms_surveys import (
    MAX_QUESTIONS,
    PREFIX,
    QuestionFormSet,
    SurveyForm,
    draft_of,
    place,
    question_initial,
    survey_initial,
)
from inservice.feedback.models.surveys import QuestionKind, Survey, SurveyState
from inservice.feedback.permissions_surveys import get_survey_to_run, teams_to_run
from inservice.feedback.services import surveys
from inservice.lib.requests import person_of
from inservice.org.models import Person, Team

BLANK_QUESTION = {"kind": QuestionKind.SCALE, "scale_min": 1, "scale_max": 5, "required": True}


@require_http_methods(["GET", "POST"])
def survey_new(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    teams = teams_to_run(person)
    if not teams:
        raise Http404("Only team leads run surveys.")
    return _builder(request, person, teams, None)


@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, survey_id: int) -> HttpResponse:
    person = person_of(request)
    survey = get_survey_to_run(person, survey_id)
    if survey.state != SurveyState.DRAFT:
        messages.error(request, _("This survey has opened: it can no longer be changed."))
        return HttpResponseRedirect(reverse("feedback:survey", args=[survey.pk]), status=303)
    return _builder(request, person, teams_to_run(person) or [survey.owner], survey)


def _builder(
    request: HttpRequest, person: Person, teams: list[Team], survey: Survey | None
) -> HttpResponse:
    if request.method == "POST":
        form = SurveyForm(teams, request.POST)
        questions = QuestionFormSet(request.POST, prefix=PREFIX)
        if "add_question" in request.POST:
            return _render(request, survey, form, _one_more(request))
        if form.is_valid() & questions.is_valid():
            try:
                saved = _save(person, survey, form, questions)
            except ValidationError as refused:
                place(refused, form, questions)
            except PermissionDenied as exc:
                raise Http404 from exc  # the fetcher let them in: only a race ends here
            else:
                messages.success(request, _("Saved. The survey opens on its opening day."))
                return HttpResponseRedirect(reverse("feedback:survey", args=[saved.pk]), status=303)
        return _render(request, survey, form, questions, status=422)
    if survey is None:
        today = timezone.now().date()
        form = SurveyForm(teams, initial={"owner": teams[0].pk, "opens_on": today})
        questions = QuestionFormSet(prefix=PREFIX, initial=[BLANK_QUESTION])
    else:
        form = SurveyForm(teams, initial=survey_initial(survey))
        found = survey.questions.order_by("position")
        questions = QuestionFormSet(prefix=PREFIX, initial=[question_initial(q) for q in found])
    return _render(request, survey, form, questions)


def _one_more(request: HttpRequest) -> BaseFormSet[Any]:
    data = request.POST.copy()
    total = int(data.get(f"{PREFIX}-TOTAL_FORMS", "0") or 0)
    data[f"{PREFIX}-TOTAL_FORMS"] = str(min(total + 1, MAX_QUESTIONS))
    for key, value in BLANK_QUESTION.items():
        data[f"{PREFIX}-{total}-{key}"] = "on" if value is True else str(value)
    return QuestionFormSet(data, prefix=PREFIX)


def _save(
    person: Person, survey: Survey | None, form: SurveyForm, questions: BaseFormSet[Any]
) -> Survey:
    draft = draft_of(form, questions)
    today = timezone.now().date()
    if survey is None:
        return surveys.create_survey(person, draft, today=today)
    return surveys.update_survey(person, survey, draft, today=today)


def _render(
    request: HttpRequest,
    survey: Survey | None,
    form: SurveyForm,
    questions: BaseFormSet[Any],
    status: int = 200,
) -> HttpResponse:
    context = {"survey": survey, "form": form, "questions": questions, "nav": "surveys"}
    return render(request, "feedback/surveys/builder.html", context, status=status)
