"""What a survey's answers add up to: the one place results are read, for pages, exports and the
API alike (decision 0029). Reads only.

For an anonymous survey (every pulse survey, an anonymous NPS campaign), administrators included:
- nothing is shown until the survey closes (`Survey.is_released`): never one response at a time;
- a group (everyone, or one department) is shown only when it has at least the survey's minimum
  of respondents, and a department only when `anonymity.visible_groups` lets it be (it cannot be
  worked out by subtracting the shown departments from the total);
- the same holds per question, over the people who answered that question (an optional question
  answered by few shows nothing), so no question's figures give away a hidden group either;
- comments are free-text answers, shown only when at least the minimum wrote one, in random
  order; their tone counts obey the same minimum.
A named NPS campaign shows everything as it comes in.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from enum import Enum
from typing import Final

from django.db.models import Count, QuerySet

from inservice.feedback.anonymity import may_show, shuffled, visible_groups
from inservice.feedback.models.surveys import Answer, Question, QuestionKind, Response, Survey
from inservice.lib.sentiment import Tone
from inservice.org.models import Team


class _All(Enum):
    ALL = "all"


ALL: Final = _All.ALL  # every respondent, whatever their department
Group = int | None | _All  # a department's id, None (people in no team), or ALL


NO_TEAM = "none"  # how pages, exports and the API name the group of people in no team


def parse_group(text: str | None) -> Group:
    """A department as pages, exports and the API name it: "" for everyone, a team id, or
    "none" for people in no team. ValueError for anything else."""
    text = (text or "").strip()
    if not text:
        return ALL
    if text == NO_TEAM:
        return None
    if text.isdigit():
        return int(text)
    raise ValueError(text)


def group_param(group: Group) -> str:
    """The reverse of parse_group."""
    if group is ALL:
        return ""
    return NO_TEAM if group is None else str(group)


@dataclass(frozen=True)
class QuestionResult:
    """One question's figures in one group. `hidden`: too few answered it there to show any;
    then `answered` is None and nothing else is filled in."""

    question: Question
    hidden: bool
    answered: int | None = None
    mean: float | None = None  # scale
    distribution: tuple[tuple[int, int], ...] = ()  # scale: (value, count), every value
    options: tuple[tuple[str, int], ...] = ()  # choices: (option, count), in the question's order
    comments: tuple[str, ...] = ()  # free text, in random order
    tones: tuple[tuple[Tone, int], ...] = ()  # free text: (tone, count)


def _shows_everything(survey: Survey) -> bool:
    return not survey.anonymous


def respondents(survey: Survey) -> int:
    """How many answered: a count shown while the survey is open (the response rate), which
    tells nothing of what anyone said."""
    return Response.objects.filter(survey=survey).count()


def department_counts(survey: Survey) -> dict[int | None, int]:
    """Respondents per department (None: people in no team): what the visibility of groups is
    worked out from, not for showing. Empty while an anonymous survey is not released."""
    if not (_shows_everything(survey) or survey.is_released):
        return {}
    rows = (
        Response.objects.filter(survey=survey)
        .order_by()
        .values_list("department_id")
        .annotate(n=Count("id"))
    )
    return dict(rows)


def visible_departments(survey: Survey) -> set[int | None]:
    """The departments whose results may be shown: in a named campaign every one that answered;
    in an anonymous survey, once released, those `anonymity.visible_groups` lets through."""
    return _visible(survey, department_counts(survey))


def _visible(survey: Survey, counts: dict[int | None, int]) -> set[int | None]:
    if _shows_everything(survey):
        return set(counts)
    return visible_groups(counts, survey.min_group)


def group_size(survey: Survey, department: Group = ALL) -> int | None:
    """Respondents in the group (everyone, or one department), or None when it may not be shown."""
    return _size(survey, department_counts(survey), department)


def _size(survey: Survey, counts: dict[int | None, int], department: Group) -> int | None:
    if department is ALL:
        total = sum(counts.values())
        shown = _shows_everything(survey) or (
            survey.is_released and may_show(total, survey.min_group)
        )
        return total if shown else None
    return counts[department] if department in _visible(survey, counts) else None


def question_results(survey: Survey, department_id: Group = ALL) -> list[QuestionResult]:
    """Each question's figures for everyone (ALL) or one department, in the survey's order; an
    empty list when the group may not be shown at all (see the module's rules). Six queries,
    whatever the number of questions and answers."""
    return _questions(survey, department_counts(survey), department_id)


def _questions(
    survey: Survey, counts: dict[int | None, int], department_id: Group
) -> list[QuestionResult]:
    if _size(survey, counts, department_id) is None:
        return []
    questions = list(survey.questions.order_by("position"))
    everyone = Answer.objects.filter(response__survey=survey).order_by()
    group = (
        everyone if department_id is ALL else everyone.filter(response__department_id=department_id)
    )
    shown = _shown_questions(survey, everyone, department_id)
    if _shows_everything(survey):  # a named campaign shows every question, answered or not
        shown = {q.pk: shown.get(q.pk, 0) for q in questions}
    numbers: dict[int, Counter[int]] = defaultdict(Counter)
    scale = [q.pk for q in questions if q.kind == QuestionKind.SCALE and q.pk in shown]
    for question_id, number, n in (
        group.filter(question_id__in=scale)
        .values_list("question_id", "number")
        .annotate(n=Count("id"))
    ):
        numbers[question_id][number] = n
    chosen: dict[int, Counter[str]] = defaultdict(Counter)
    kinds = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
    picks = [q.pk for q in questions if q.kind in kinds and q.pk in shown]
    for question_id, options in group.filter(question_id__in=picks).values_list(
        "question_id", "chosen"
    ):
        chosen[question_id].update(options)
    texts: dict[int, list[tuple[str, str]]] = defaultdict(list)
    free = [q.pk for q in questions if q.kind == QuestionKind.TEXT and q.pk in shown]
    for question_id, text, tone in group.filter(question_id__in=free).values_list(
        "question_id", "text", "tone"
    ):
        texts[question_id].append((text, tone))
    return [
        _result(q, shown.get(q.pk), numbers[q.pk], chosen[q.pk], texts[q.pk]) for q in questions
    ]


def _shown_questions(
    survey: Survey, everyone: QuerySet[Answer], department: Group
) -> dict[int, int]:
    """Question id → how many answered it in the group, for the questions that may be shown
    there: at least the minimum answered it, and (for a department) the department passes
    `visible_groups` over that question's answers per department, so no subtraction of one
    question's figures gives away a hidden group."""
    per_department: dict[int, dict[int | None, int]] = defaultdict(dict)
    for question_id, dept, n in everyone.values_list(
        "question_id", "response__department_id"
    ).annotate(n=Count("id")):
        per_department[question_id][dept] = n
    shown: dict[int, int] = {}
    for question_id, counts in per_department.items():
        if department is ALL:
            answered = sum(counts.values())
            if _shows_everything(survey) or may_show(answered, survey.min_group):
                shown[question_id] = answered
        elif department in counts and (
            _shows_everything(survey) or department in visible_groups(counts, survey.min_group)
        ):
            shown[question_id] = counts[department]
    return shown


def _result(
    question: Question,
    answered: int | None,
    numbers: Counter[int],
    chosen: Counter[str],
    texts: list[tuple[str, str]],
) -> QuestionResult:
    if answered is None:
        return QuestionResult(question, hidden=True)
    if question.kind == QuestionKind.SCALE:
        values = range(question.scale_min, question.scale_max + 1)
        total = sum(value * n for value, n in numbers.items())
        return QuestionResult(
            question,
            hidden=False,
            answered=answered,
            mean=round(total / answered, 2) if answered else None,
            distribution=tuple((value, numbers[value]) for value in values),
        )
    if question.kind == QuestionKind.TEXT:
        tones = Counter(tone for _text, tone in texts)
        return QuestionResult(
            question,
            hidden=False,
            answered=answered,
            comments=tuple(shuffled([text for text, _tone in texts])),
            tones=tuple((tone, tones[tone.value]) for tone in Tone),
        )
    return QuestionResult(
        question,
        hidden=False,
        answered=answered,
        options=tuple((option, chosen[option]) for option in question.options),
    )


@dataclass(frozen=True)
class Department:
    """A department whose results may be shown, as a filter offers it."""

    param: str  # what names it in a URL (group_param)
    team: Team | None  # None: people in no team
    respondents: int


@dataclass(frozen=True)
class Reading:
    """Everything a results page, its export and the API show for one group, read once."""

    survey: Survey
    group: Group
    group_team: Team | None  # the department asked for, whether it may be shown or not
    respondents: int  # everyone who answered: a count, shown even while the survey is open
    group_size: int | None  # None: the group may not be shown
    departments: list[Department]  # the visible ones, by name, people in no team last
    questions: list[QuestionResult]  # empty when the group may not be shown

    @property
    def released(self) -> bool:
        return self.survey.is_released or not self.survey.anonymous

    @property
    def shown(self) -> bool:
        return self.group_size is not None


def read(survey: Survey, group: Group = ALL) -> Reading:
    """The results of one group of a survey under every rule above, for pages, exports and the
    API alike. A fixed number of queries."""
    counts = department_counts(survey)
    visible = _visible(survey, counts)
    wanted = {d for d in visible if d is not None}
    if isinstance(group, int):
        wanted.add(group)
    teams = {t.pk: t for t in Team.objects.filter(pk__in=wanted)} if wanted else {}
    departments = sorted(
        (Department(group_param(d), teams.get(d) if d else None, counts[d]) for d in visible),
        key=lambda row: (row.team is None, row.team.name if row.team else ""),
    )
    size = _size(survey, counts, group)
    return Reading(
        survey=survey,
        group=group,
        group_team=teams.get(group) if isinstance(group, int) else None,
        respondents=sum(counts.values()) if counts else respondents(survey),
        group_size=size,
        departments=departments,
        questions=_questions(survey, counts, group) if size is not None else [],
    )
