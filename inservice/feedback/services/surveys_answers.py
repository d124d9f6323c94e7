"""Answering a survey: one response per person asked, checked whole, stored so that it names no
one (decision 0029). Used through services.surveys: `surveys.submit(person, survey, answers)`."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inservice.feedback.models.surveys import (
    Answer,
    Participation,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyState,
    random_key,
)
from inservice.lib.queries import unique
from inservice.lib.sentiment import score
from inservice.org.models import Person, Team

MAX_TEXT_ANSWER = 2_000
ALREADY_ANSWERED = gettext_lazy(
    "You have already answered this survey: it takes one response per person."
)
NOT_OPEN = gettext_lazy("This survey is not open for answers: it has closed or not yet opened.")


# Two of Django's debug logs would record a submission: with settings.DEBUG on,
# "django.db.backends" logs every statement with its parameters (the answers, the person's
# participation), and "django.template" logs each missing variable with the whole context (the
# person). The filter drops their records while a submission runs, and while the page or API
# call that makes it does (a context variable: other threads log on).
_submitting: ContextVar[bool] = ContextVar("survey_submitting", default=False)


class _QuietWhileSubmitting(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not _submitting.get()


for _name in ("django.db.backends", "django.template"):
    logging.getLogger(_name).addFilter(_QuietWhileSubmitting())


@contextmanager
def quiet_logs() -> Iterator[None]:
    """No debug log of SQL statements or template lookups while inside."""
    token = _submitting.set(True)
    try:
        yield
    finally:
        _submitting.reset(token)


def submit(person: Person, survey: Survey, answers: Mapping[int, Any]) -> None:
    """One person's answers to an open survey they were asked, by question id (a scale: an int;
    single choice: the option; multiple choice: a list of options; free text: a str), stored
    once. Refused whole (ValidationError keyed `survey` or `questions.<id>`) when the survey is
    not open, the person was not asked or has answered, or an answer does not fit its question.

    In one transaction the person's participation is flagged and a response written that names
    no one (unless the campaign is named), only the person's department; free text is scored.
    Nothing else is written or sent: no log, audit entry, notification, task or cache."""
    with quiet_logs(), transaction.atomic():
        locked = unique(Survey.objects.select_for_update().filter(pk=survey.pk))
        if locked is None or locked.state != SurveyState.OPEN:
            raise ValidationError({"survey": NOT_OPEN})
        participation = unique(
            Participation.objects.filter(survey=locked, person=person).only("pk", "answered")
        )
        if participation is None:
            raise ValidationError({"survey": _("You were not asked to answer this survey.")})
        if participation.answered:
            raise ValidationError({"survey": ALREADY_ANSWERED})
        rows = _checked_answers(list(locked.questions.order_by("position")), answers)
        # The guarded update is what keeps it to one response per person, also when two
        # submissions race (SQLite ignores the row lock above).
        flagged = Participation.objects.filter(pk=participation.pk, answered=False).update(
            answered=True
        )
        if not flagged:
            raise ValidationError({"survey": ALREADY_ANSWERED})
        response = Response.objects.create(
            survey=locked,
            department_id=department_of(person.team_id),
            person=None if locked.anonymous else person,
        )
        for row in rows:
            row.response = response
        Answer.objects.bulk_create(rows)


def department_of(team_id: int | None) -> int | None:
    """The top of the organisation chart above a team (itself when it has no parent): the group
    a response counts in. None for someone in no team."""
    seen: set[int] = set()
    while team_id is not None and team_id not in seen:
        seen.add(team_id)
        parents = Team.objects.filter(pk=team_id).order_by().values_list("parent_id", flat=True)
        parent = next(iter(parents), None)
        if parent is None:
            return team_id
        team_id = parent
    return team_id


def _checked_answers(questions: list[Question], answers: Mapping[int, Any]) -> list[Answer]:
    errors: dict[str, list[str]] = {}
    by_id = {q.pk: q for q in questions}
    for key in answers:
        if _as_int(key) not in by_id:
            errors[f"questions.{key}"] = [_("This survey has no such question.")]
    given = {_as_int(key): value for key, value in answers.items()}
    rows: list[Answer] = []
    for question in questions:
        value = given.get(question.pk)
        try:
            row = _answer(question, value)
        except ValidationError as exc:
            errors[f"questions.{question.pk}"] = list(exc.messages)
            continue
        if row is not None:
            rows.append(row)
    if errors:
        raise ValidationError(errors)
    return rows


def _as_int(key: Any) -> int | None:
    if isinstance(key, int) and not isinstance(key, bool):
        return key
    text = str(key).strip()
    return int(text) if text.isdigit() else None


def _answer(question: Question, value: Any) -> Answer | None:
    """The answer row for one question's value; None for an optional question left blank."""
    if value is None or value == "" or value == []:
        if question.required:
            raise ValidationError(_("Please answer this question."))
        return None
    if question.kind == QuestionKind.SCALE:
        number = _as_int(value) if not isinstance(value, int) else value
        if isinstance(value, bool) or number is None:
            raise ValidationError(_("Answer with a whole number."))
        if not question.scale_min <= number <= question.scale_max:
            raise ValidationError(
                _("Choose a value from %(low)s to %(high)s.")
                % {"low": question.scale_min, "high": question.scale_max}
            )
        return Answer(id=random_key(), question=question, number=number)
    if question.kind == QuestionKind.SINGLE:
        if not isinstance(value, str) or value not in question.options:
            raise ValidationError(_("Choose one of the options."))
        return Answer(id=random_key(), question=question, chosen=[value])
    if question.kind == QuestionKind.MULTIPLE:
        picked = value if isinstance(value, list) else [value]
        if not all(isinstance(v, str) and v in question.options for v in picked):
            raise ValidationError(_("Choose among the options given."))
        chosen = [option for option in question.options if option in picked]  # their order
        return Answer(id=random_key(), question=question, chosen=chosen)
    if not isinstance(value, str):
        raise ValidationError(_("Answer in words."))
    text = value.strip()
    if len(text) > MAX_TEXT_ANSWER:
        raise ValidationError(
            _("Keep your answer under %(n)s characters (it has %(count)s).")
            % {"n": f"{MAX_TEXT_ANSWER:,}", "count": f"{len(text):,}"}
        )
    if not text:
        if question.required:
            raise ValidationError(_("Please answer this question."))
        return None
    found = score(text)
    return Answer(
        id=random_key(), question=question, text=text, tone=found.tone, tone_score=found.compound
    )
