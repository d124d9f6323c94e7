"""Pulse surveys over the API: the surveys one may answer or runs, a survey's results, and
answering one (decision 0029).

Results read feedback.results.read, as the page and the export do: nothing before the survey
closes, nothing for a group below the minimum or one subtraction would give away. A survey the
caller may not answer or run is a 404, as a missing one. Answering returns nothing that could
point at the response (it has no address): a 204.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from inservice.feedback import results
from inservice.feedback.models.surveys import Participation, Survey, SurveyState
from inservice.feedback.permissions_surveys import (
    get_survey_to_answer,
    get_survey_to_run,
    surveys_run_by,
)
from inservice.feedback.services import surveys
from inservice.lib.api import (
    Loc,
    PageQuery,
    django_problems,
    page_or_422,
    problem,
    unprocessable,
)
from inservice.org.api_auth import caller
from inservice.org.schemas import TeamRef

router = Router(tags=["surveys"])


class SurveyOut(Schema):
    id: int
    kind: str
    title: str
    owner: TeamRef
    state: str
    opens_on: date
    closes_on: date
    min_group: int
    answered: bool | None = Field(None, description="Whether you have answered (with role=answer).")
    invited: int | None = Field(None, description="People asked (with role=run).")
    respondents: int | None = Field(None, description="People who answered (with role=run).")


class SurveyPage(Schema):
    items: list[SurveyOut]
    next_cursor: str | None


class DepartmentOut(Schema):
    department: TeamRef | None = Field(description="null: people in no team.")
    param: str = Field(description="What names it in ?department=.")
    respondents: int


class CountOut(Schema):
    value: str
    count: int


class QuestionOut(Schema):
    id: int
    kind: str
    text: str
    hidden: bool = Field(description="Too few answered it in this group to show anything.")
    answered: int | None
    mean: float | None
    counts: list[CountOut] = Field(description="Scale values or options, with how many chose each.")
    comments: list[str] = Field(description="Free text, in random order.")
    tones: dict[str, int] = Field(description="Free text: how many comments read each way.")


class ResultsOut(Schema):
    survey: SurveyOut
    released: bool = Field(description="False until the survey closes: nothing is shown before.")
    respondents: int
    department: str = Field(description="The group shown: '' for everyone.")
    shown: bool = Field(description="False: too few answers in this group to show.")
    group_size: int | None
    departments: list[DepartmentOut] = Field(description="The departments that may be shown.")
    questions: list[QuestionOut]


class ResponseIn(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    answers: dict[str, Any] = Field(
        description=(
            "Answers by question id: a scale, a whole number; single choice, the option; "
            "multiple choice, a list of options; free text, a string."
        )
    )


@router.get("/surveys", response=SurveyPage, summary="Surveys to answer, or that you run")
def list_surveys(
    request: HttpRequest, paging: Query[PageQuery], role: Literal["answer", "run"] = "answer"
) -> dict[str, Any]:
    """`role=answer` (the default): the open surveys you were asked to answer, newest first,
    with whether you have. `role=run`: the pulse surveys you run, with their response counts."""
    person = caller(request)
    if role == "answer":
        asked = Participation.objects.filter(
            person=person, survey__state=SurveyState.OPEN
        ).select_related("survey__owner")
        page = page_or_422(asked, ["-survey_id"], paging.cursor, paging.limit)
        items = [_survey(p.survey, answered=p.answered) for p in page.items]
        return {"items": items, "next_cursor": page.next_cursor}
    running = (
        surveys_run_by(person).select_related("owner").annotate(respondents=Count("responses"))
    )  # page_or_422 orders it
    found = page_or_422(running, ["-id"], paging.cursor, paging.limit)
    items = [
        _survey(s, invited=s.invited, respondents=s.respondents)  # type: ignore[attr-defined]  # annotated
        for s in found.items
    ]
    return {"items": items, "next_cursor": found.next_cursor}


@router.get("/surveys/{survey_id}/results", response=ResultsOut, summary="A survey's results")
def survey_results(request: HttpRequest, survey_id: int, department: str = "") -> dict[str, Any]:
    """For the survey's owners and administrators. `department`: a team id, `none` for people
    in no team, or nothing for everyone. A department that may not be shown answers with
    `shown: false` and no figures."""
    survey = get_survey_to_run(caller(request), survey_id)
    try:
        group = results.parse_group(department)
    except ValueError as exc:
        message = _("A department's id, or “none” for people in no team.")
        raise unprocessable([problem(("query", "department"), message, "department")]) from exc
    reading = results.read(survey, group)
    return {
        "survey": _survey(survey),
        "released": reading.released,
        "respondents": reading.respondents,
        "department": results.group_param(group),
        "shown": reading.shown,
        "group_size": reading.group_size,
        "departments": [
            {"department": d.team, "param": d.param, "respondents": d.respondents}
            for d in reading.departments
        ],
        "questions": [_question(r) for r in reading.questions],
    }


@router.post("/surveys/{survey_id}/responses", response={204: None}, summary="Answer a survey")
def answer_survey(request: HttpRequest, survey_id: int, payload: ResponseIn) -> Status[None]:
    """Once, while the survey is open, if you were asked. A refusal is a 422 naming
    `answers.<question id>` or `survey`, and nothing is stored."""
    person = caller(request)
    with surveys.quiet_logs():  # the look-up names the person: no SQL debug log of it
        survey, _participation = get_survey_to_answer(person, survey_id)
    not_ids = [key for key in payload.answers if not key.isdigit()]
    if not_ids:
        message = _("Answers are keyed by question id, a whole number.")
        raise unprocessable([problem(("body", "answers", key), message, "key") for key in not_ids])
    try:
        surveys.submit(person, survey, {int(k): v for k, v in payload.answers.items()})
    except ValidationError as exc:
        where: dict[str, Loc] = {"survey": ("body", "survey")}
        for key in exc.message_dict:
            if key.startswith("questions."):
                where[key] = ("body", "answers", key.removeprefix("questions."))
        raise unprocessable(django_problems(exc, where)) from exc
    return Status(204, None)


def _survey(survey: Survey, **extra: Any) -> dict[str, Any]:
    return {
        "id": survey.pk,
        "kind": survey.kind,
        "title": survey.title,
        "owner": survey.owner,
        "state": survey.state,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "min_group": survey.min_group,
        **extra,
    }


def _question(found: results.QuestionResult) -> dict[str, Any]:
    question = found.question
    counts = [*found.distribution, *found.options]
    return {
        "id": question.pk,
        "kind": question.kind,
        "text": question.text,
        "hidden": found.hidden,
        "answered": found.answered,
        "mean": found.mean,
        "counts": [{"value": str(value), "count": n} for value, n in counts],
        "comments": list(found.comments),
        "tones": {tone.value: n for tone, n in found.tones},
    }
