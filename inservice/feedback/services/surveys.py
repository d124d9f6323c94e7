"""The survey engine, used as one module: `from inservice.feedback.services import surveys`.
Pulse surveys are built on it here, internal NPS campaigns (services.nps) on top of it.

A survey is built whole while it is a draft (`create_survey`, `update_survey`: every problem at
once, keyed by where it is, `questions.2.options`), opened on its day (`open_survey`: one
`Participation` per person asked, each told), answered once per person (`submit`), reminded
once two days before it closes (`remind`) and closed on its day (`close_survey`, or earlier by
an owner: `close_now`), which releases its results (feedback.results).

Anonymity holds by construction (decision 0029, models.surveys): `submit` writes a response that
names no one in an anonymous survey, no time, and nothing that joins it to the participation it
flags; it writes no log line, no audit entry, no notification, no task and no cache entry.
Closing rewrites the responses and answers under fresh random keys in a random order, so nothing
of the order they came in survives.

Building is here; `surveys_lifecycle` opens, reminds and closes, `surveys_answers` answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inservice.feedback.anonymity import DEFAULT_MIN_GROUP, SMALLEST_MIN_GROUP
from inservice.feedback.models.surveys import (
    Question,
    QuestionKind,
    Survey,
    SurveyKind,
    SurveyState,
)
from inservice.feedback.permissions_surveys import can_run_survey
from inservice.feedback.services.surveys_answers import (
    ALREADY_ANSWERED,
    MAX_TEXT_ANSWER,
    NOT_OPEN,
    department_of,
    quiet_logs,
    submit,
)
from inservice.feedback.services.surveys_lifecycle import (
    REMIND_DAYS_BEFORE,
    answer_path,
    audience_of,
    close_now,
    close_survey,
    due_to_close,
    due_to_open,
    due_to_remind,
    open_now,
    open_survey,
    remind,
)
from inservice.org.models import Person, Team

__all__ = [
    "ALREADY_ANSWERED",
    "LARGEST_MIN_GROUP",
    "MAX_TEXT_ANSWER",
    "NOT_OPEN",
    "REMIND_DAYS_BEFORE",
    "QuestionDraft",
    "SurveyDraft",
    "answer_path",
    "audience_of",
    "close_now",
    "close_survey",
    "create_survey",
    "department_of",
    "due_to_close",
    "due_to_open",
    "due_to_remind",
    "open_now",
    "open_survey",
    "quiet_logs",
    "remind",
    "submit",
    "survey_problems",
    "update_survey",
]

MAX_TITLE = 200  # Survey.title
MAX_INTRO = 5_000
MAX_QUESTIONS = 40
MAX_QUESTION_TEXT = 300  # Question.text
MAX_OPTIONS = 20
MAX_OPTION = 100
LARGEST_MIN_GROUP = 50
SCALE_BOTTOM, SCALE_TOP = 0, 10  # 0-10 for NPS, 1-5 most often
CHOICE_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE})


@dataclass(frozen=True)
class QuestionDraft:
    kind: str
    text: str
    options: tuple[str, ...] = ()  # single and multiple choice
    scale_min: int = 1
    scale_max: int = 5
    required: bool = True


@dataclass(frozen=True)
class SurveyDraft:
    title: str
    intro: str
    owner: Team
    opens_on: date
    closes_on: date
    questions: tuple[QuestionDraft, ...]
    audience: tuple[Team, ...] = ()
    audience_everyone: bool = False
    min_group: int = DEFAULT_MIN_GROUP
    anonymous: bool = True
    kind: str = SurveyKind.PULSE
    period_start: date | None = None
    period_end: date | None = None
    sample_size: int | None = None


Problems = dict[str, list[str]]


def survey_problems(draft: SurveyDraft, *, today: date) -> Problems:
    """Every problem with a draft, by where it is (empty when it can be saved)."""
    errors: Problems = {}

    def refuse(where: str, message: str) -> None:
        errors.setdefault(where, []).append(message)

    title = draft.title.strip()
    if not title:
        refuse("title", _("Give the survey a title, e.g. “How is your week going?”."))
    elif len(title) > MAX_TITLE:
        refuse("title", _("Keep the title under %(n)s characters.") % {"n": MAX_TITLE})
    if len(draft.intro) > MAX_INTRO:
        refuse("intro", _("Keep the introduction under %(n)s characters.") % {"n": MAX_INTRO})
    if draft.kind not in SurveyKind.values:
        refuse("kind", _("A survey is a pulse survey or an NPS campaign."))
    if draft.kind == SurveyKind.PULSE and not draft.anonymous:
        refuse("anonymous", _("A pulse survey is always anonymous."))
    if draft.opens_on < today:
        refuse("opens_on", _("A survey cannot open in the past: choose today or a later day."))
    if draft.closes_on <= draft.opens_on:
        refuse(
            "closes_on",
            _("The survey closes after the day it opens (%(date)s).")
            % {"date": draft.opens_on.isoformat()},
        )
    if not SMALLEST_MIN_GROUP <= draft.min_group <= LARGEST_MIN_GROUP:
        refuse(
            "min_group",
            _(
                "The smallest group shown is from %(low)s to %(high)s people: below %(low)s no "
                "minimum protects anyone."
            )
            % {"low": SMALLEST_MIN_GROUP, "high": LARGEST_MIN_GROUP},
        )
    if draft.kind == SurveyKind.PULSE and not (draft.audience_everyone or draft.audience):
        refuse("audience", _("Choose who is asked: everyone, or some teams and departments."))
    if draft.period_start and draft.period_end and draft.period_end < draft.period_start:
        refuse("period_end", _("The period ends before it starts."))
    if draft.sample_size is not None and draft.sample_size < 1:
        refuse("sample_size", _("Ask at least one person."))
    if not draft.questions:
        refuse("questions", _("Ask at least one question."))
    elif len(draft.questions) > MAX_QUESTIONS:
        refuse("questions", _("At most %(n)s questions in one survey.") % {"n": MAX_QUESTIONS})
    for i, question in enumerate(draft.questions):
        for where, message in _question_problems(question):
            refuse(f"questions.{i}.{where}", message)
    return errors


def _question_problems(question: QuestionDraft) -> Iterator[tuple[str, str]]:
    if question.kind not in QuestionKind.values:
        yield "kind", _("A question is a scale, a single or multiple choice, or free text.")
    text = question.text.strip()
    if not text:
        yield "text", _("Write the question.")
    elif len(text) > MAX_QUESTION_TEXT:
        yield "text", _("Keep the question under %(n)s characters.") % {"n": MAX_QUESTION_TEXT}
    if question.kind in CHOICE_KINDS:
        options = [o.strip() for o in question.options]
        if len([o for o in options if o]) < 2:
            yield "options", _("Give at least two options, one per line.")
        if len(options) > MAX_OPTIONS:
            yield "options", _("At most %(n)s options.") % {"n": MAX_OPTIONS}
        seen: set[str] = set()
        for option in options:
            if len(option) > MAX_OPTION:
                yield "options", _("Keep each option under %(n)s characters.") % {"n": MAX_OPTION}
            elif option.casefold() in seen:
                yield "options", _("“%(option)s” is listed twice.") % {"option": option}
            seen.add(option.casefold())
    if question.kind == QuestionKind.SCALE:
        low, high = question.scale_min, question.scale_max
        if not SCALE_BOTTOM <= low < high <= SCALE_TOP:
            yield (
                "scale_max",
                _("A scale runs upwards within %(low)s to %(high)s, e.g. 1 to 5.")
                % {"low": SCALE_BOTTOM, "high": SCALE_TOP},
            )


def create_survey(actor: Person, draft: SurveyDraft, *, today: date) -> Survey:
    """A new draft survey with its questions and audience, by a lead of the owning team (or an
    administrator). Checked whole: a ValidationError names every problem."""
    if not can_run_survey(actor, draft.owner):
        raise PermissionDenied(
            _("Only a lead of %(team)s can run a survey for it.") % {"team": draft.owner}
        )
    errors = survey_problems(draft, today=today)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        survey = Survey(created_by=actor, kind=draft.kind)
        _fill(survey, draft)
        survey.save()
        _write_parts(survey, draft)
    return survey


def update_survey(actor: Person, survey: Survey, draft: SurveyDraft, *, today: date) -> Survey:
    """Replaces a draft survey's settings, questions and audience; once it has opened nothing
    changes (its minimum group above all)."""
    if not (can_run_survey(actor, survey.owner_id) and can_run_survey(actor, draft.owner)):
        raise PermissionDenied(_("Only a lead of the owning team can change this survey."))
    errors = survey_problems(draft, today=today)
    if draft.kind != survey.kind:
        errors.setdefault("kind", []).append(_("A survey keeps its kind."))
    with transaction.atomic():
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        if locked.state != SurveyState.DRAFT:
            errors = {"survey": [_("This survey has opened: it can no longer be changed.")]}
        if errors:
            raise ValidationError(errors)
        _fill(locked, draft)
        locked.save()
        locked.questions.all().delete()
        _write_parts(locked, draft)
    return locked


def _fill(survey: Survey, draft: SurveyDraft) -> None:
    survey.kind = draft.kind
    survey.title = draft.title.strip()
    survey.intro = draft.intro.strip()
    survey.owner = draft.owner
    survey.anonymous = draft.anonymous
    survey.audience_everyone = draft.audience_everyone
    survey.opens_on = draft.opens_on
    survey.closes_on = draft.closes_on
    survey.min_group = draft.min_group
    survey.period_start = draft.period_start
    survey.period_end = draft.period_end
    survey.sample_size = draft.sample_size


def _write_parts(survey: Survey, draft: SurveyDraft) -> None:
    Question.objects.bulk_create(
        Question(
            survey=survey,
            position=position,
            kind=q.kind,
            text=q.text.strip(),
            options=[o.strip() for o in q.options if o.strip()] if q.kind in CHOICE_KINDS else [],
            scale_min=q.scale_min if q.kind == QuestionKind.SCALE else 1,
            scale_max=q.scale_max if q.kind == QuestionKind.SCALE else 5,
            required=q.required,
        )
        for position, q in enumerate(draft.questions, start=1)
    )
    survey.audience.set([] if draft.audience_everyone else list(draft.audience))
