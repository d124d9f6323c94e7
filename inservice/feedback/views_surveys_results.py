"""A survey's results for its owners and administrators: the page (with a department filter that
htmx swaps), and the CSV export. Both read feedback.results.read, so they show exactly what the
API shows: nothing before the survey closes, nothing for a group below the minimum or one that
subtraction would give away, comments in random order (decision 0029)."""

from __future__ import annotations

import csv
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from inservice.feedback import results
from inservice.feedback.models.surveys import Survey
from inservice.feedback.permissions_surveys import get_survey_to_run
from inservice.feedback.views_surveys import response_rate
from inservice.lib.htmx import is_fragment
from inservice.lib.requests import person_of

BAD_DEPARTMENT = gettext_lazy("Choose a department from the list.")


def _group(request: HttpRequest) -> tuple[results.Group, bool]:
    """The group asked for and whether it was understood (otherwise: everyone, and a 422)."""
    try:
        return results.parse_group(request.GET.get("department")), True
    except ValueError:
        return results.ALL, False


@require_GET
def survey_results(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Per question results of everyone or one department. A department that may not be shown,
    asked for directly, says so ("too few answers to show"): neither a 404 nor its numbers."""
    person = person_of(request)
    survey = get_survey_to_run(person, survey_id)
    group, understood = _group(request)
    reading = results.read(survey, group)
    context: dict[str, Any] = {
        "survey": survey,
        "reading": reading,
        "chosen": results.group_param(group),
        "rate": response_rate(reading.respondents, survey.invited),
        "bad_department": "" if understood else str(BAD_DEPARTMENT),
        "nav": "surveys",
    }
    status = 200 if understood else 422
    if is_fragment(request):
        return render(request, "feedback/surveys/partials/results.html", context, status=status)
    return render(request, "feedback/surveys/results.html", context, status=status)


@require_GET
def survey_results_csv(request: HttpRequest, survey_id: int) -> HttpResponse:
    """The results page as CSV: one line per figure, the same groups shown and hidden."""
    person = person_of(request)
    survey = get_survey_to_run(person, survey_id)
    group, understood = _group(request)
    if not understood:
        return HttpResponse(str(BAD_DEPARTMENT), status=422, content_type="text/plain")
    reading = results.read(survey, group)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-results.csv"'
    writer = csv.writer(response)
    for row in _rows(survey, reading):
        writer.writerow([_cell(value) for value in row])
    return response


def _rows(survey: Survey, reading: results.Reading) -> list[list[Any]]:
    group = _group_name(reading)
    rows: list[list[Any]] = [
        [_("survey"), survey.title],
        [_("group"), group],
        [_("respondents"), reading.group_size if reading.shown else _("too few answers to show")],
        [],
        [_("question"), _("kind"), _("answer"), _("count")],
    ]
    for found in reading.questions:
        question = found.question
        line = [question.text, question.get_kind_display()]
        if found.hidden:
            rows.append([*line, _("too few answers to show"), ""])
            continue
        if found.mean is not None:
            rows.append([*line, _("mean"), found.mean])
        rows.extend([*line, value, n] for value, n in found.distribution)
        rows.extend([*line, option, n] for option, n in found.options)
        rows.extend([*line, tone.label, n] for tone, n in found.tones)
        rows.extend([*line, comment, ""] for comment in found.comments)
    return rows


def _group_name(reading: results.Reading) -> str:
    if reading.group is results.ALL:
        return _("Everyone")
    if reading.group is None:
        return _("People in no team")
    return reading.group_team.name if reading.group_team else _("Unknown department")


def _cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula is written as text (a leading apostrophe)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
