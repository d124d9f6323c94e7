"""Taking a course: a module done by saying so (no quiz) or by a passing quiz attempt; the course
completed when every module is done, then its assignments and the programs it completes.

A quiz attempt is started, then submitted once: answers to a submitted attempt are refused
("this attempt is closed; start a new one"), and so are answers to an attempt started before
the quiz was rewritten. Only published courses are taken.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from inservice.learning.models.content import Course, Module, Program, ProgramCourse
from inservice.learning.models.progress import (
    Assignment,
    CourseCompletion,
    ModuleProgress,
    QuizAttempt,
)
from inservice.learning.scoring import answer_problems, mark
from inservice.org.models import Person


@dataclass(frozen=True)
class Done:
    """After a module is done: whether its course is now complete for the person."""

    module: Module
    course_completed: bool


def closed_message() -> str:
    return _("This attempt is closed; start a new one.")


def _check_takeable(module: Module) -> None:
    if not module.course.published:
        raise ValidationError(
            {"module": [_("This course is not published yet: it cannot be taken.")]}
        )


def complete_module(person: Person, module: Module, *, at: datetime | None = None) -> Done:
    """The person has done a module without a quiz (one with a quiz is done by passing it).
    Saying so twice changes nothing."""
    _check_takeable(module)
    if module.has_quiz:
        raise ValidationError({"module": [_("Pass the quiz to finish this module.")]})
    now = at or timezone.now()
    with transaction.atomic():
        completed = _module_done(person.pk, module, now)
    return Done(module, completed)


def start_attempt(person: Person, module: Module, *, at: datetime | None = None) -> QuizAttempt:
    """A new attempt at the module's quiz, or the one the person has open on the current quiz.
    An open attempt on an older version of the quiz is dropped (nothing was submitted)."""
    _check_takeable(module)
    if not module.has_quiz:
        raise ValidationError({"module": [_("This module has no quiz.")]})
    now = at or timezone.now()
    with transaction.atomic():
        current = Module.objects.select_for_update().get(pk=module.pk)
        mine = QuizAttempt.objects.filter(person=person, module=current)
        open_one = mine.filter(submitted_at__isnull=True).first()
        if open_one is not None:
            if open_one.quiz_version == current.quiz_version:
                return open_one
            open_one.delete()
        number = (mine.aggregate(last=Max("number"))["last"] or 0) + 1
        return QuizAttempt.objects.create(
            person=person,
            module=current,
            number=number,
            quiz_version=current.quiz_version,
            started_at=now,
        )


def submit_attempt(
    person: Person,
    attempt: QuizAttempt,
    answers: Mapping[str, Sequence[int]],
    *,
    at: datetime | None = None,
) -> QuizAttempt:
    """Marks the answers ({question id as text: [option indexes]}) and closes the attempt; a
    pass at the module's mark makes the module done. Refusals are keyed `attempt`,
    `answers.<question id>` (that question) and `answers` (the whole); nothing is stored."""
    if attempt.person_id != person.pk:
        raise ValueError("an attempt is submitted by the person who started it")
    now = at or timezone.now()
    with transaction.atomic():
        locked = (
            QuizAttempt.objects.select_for_update()
            .select_related("module__course")
            .get(pk=attempt.pk)
        )
        module = locked.module
        if not locked.is_open:
            raise ValidationError({"attempt": [closed_message()]})
        if locked.quiz_version != module.quiz_version or module.pass_mark is None:
            raise ValidationError(
                {"attempt": [_("The quiz changed since this attempt started; start a new one.")]}
            )
        _check_takeable(module)
        questions = list(module.questions.order_by("position"))
        problems = answer_problems(questions, answers)
        if problems:
            raise ValidationError(
                {
                    ("answers" if key == "answers" else f"answers.{key}"): [message]
                    for key, message in problems.items()
                }
            )
        marked = mark(questions, answers, module.pass_mark)
        locked.answers = {str(q.pk): sorted(set(answers[str(q.pk)])) for q in questions}
        locked.results = marked.results
        locked.score = marked.score
        locked.passed = marked.passed
        locked.submitted_at = now
        locked.save(update_fields=["answers", "results", "score", "passed", "submitted_at"])
        if marked.passed:
            _module_done(person.pk, module, now)
    return locked


def answer_quiz(
    person: Person,
    module: Module,
    answers: Mapping[str, Sequence[int]],
    *,
    attempt_id: int | None = None,
    at: datetime | None = None,
) -> QuizAttempt:
    """Submits answers in one go (the API): to the named attempt of the person's at this
    module, or to a new one. An unknown attempt is refused as `attempt`."""
    if attempt_id is None:
        attempt = start_attempt(person, module, at=at)
    else:
        found = QuizAttempt.objects.filter(pk=attempt_id, person=person, module=module).first()
        if found is None:
            raise ValidationError(
                {"attempt": [_("You have no attempt %(id)s at this quiz.") % {"id": attempt_id}]}
            )
        attempt = found
    return submit_attempt(person, attempt, answers, at=at)


# -- completion -----------------------------------------------------------------------------


def _module_done(person_id: int, module: Module, now: datetime) -> bool:
    ModuleProgress.objects.get_or_create(
        person_id=person_id, module=module, defaults={"completed_at": now}
    )
    return _check_course(person_id, module.course_id, now)


def _check_course(person_id: int, course_id: int, now: datetime) -> bool:
    """Whether the person has completed the course, recording it (and what it completes) the
    moment every module is done."""
    if CourseCompletion.objects.filter(person_id=person_id, course_id=course_id).exists():
        return True
    total = Module.objects.filter(course_id=course_id).count()
    done = ModuleProgress.objects.filter(person_id=person_id, module__course_id=course_id).count()
    if not total or done < total:
        return False
    CourseCompletion.objects.get_or_create(
        person_id=person_id, course_id=course_id, defaults={"completed_at": now}
    )
    Assignment.objects.open().filter(person_id=person_id, course_id=course_id).update(
        completed_at=now
    )
    programs = (
        Assignment.objects.open()
        .filter(person_id=person_id, program__entries__course_id=course_id)
        .values_list("program_id", flat=True)
    )
    for program_id in list(programs):
        if program_id is not None and completed_program_at(person_id, program_id) is not None:
            Assignment.objects.open().filter(person_id=person_id, program_id=program_id).update(
                completed_at=now
            )
    return True


def completed_program_at(person_id: int, program_id: int) -> datetime | None:
    """When the person completed the last of the program's courses, or None (not all, or a
    program without courses)."""
    total = ProgramCourse.objects.filter(program_id=program_id).count()
    completions = CourseCompletion.objects.filter(
        person_id=person_id, course__program_entries__program_id=program_id
    )
    found = completions.aggregate(n=Count("pk"), last=Max("completed_at"))
    if not total or found["n"] < total:
        return None
    last: datetime | None = found["last"]
    return last


def completed_at(person: Person, target: Course | Program) -> datetime | None:
    """When the person completed the course or program (None: not yet)."""
    if isinstance(target, Program):
        return completed_program_at(person.pk, target.pk)
    row = CourseCompletion.objects.filter(person=person, course=target).values_list(
        "completed_at", flat=True
    )
    return next(iter(row.order_by()[:1]), None)


def completed_by(person_ids: Sequence[int], target: Course | Program) -> dict[int, datetime]:
    """When each of these people completed the course or program (those who have), in two
    queries at most whatever their number."""
    if isinstance(target, Course):
        rows = CourseCompletion.objects.filter(course=target, person_id__in=list(person_ids))
        return dict(rows.order_by().values_list("person_id", "completed_at"))
    total = ProgramCourse.objects.filter(program=target).count()
    if not total:
        return {}
    found = (
        CourseCompletion.objects.filter(
            person_id__in=list(person_ids), course__program_entries__program=target
        )
        .order_by()
        .values("person_id")
        .annotate(n=Count("pk"), last=Max("completed_at"))
    )
    return {row["person_id"]: row["last"] for row in found if row["n"] >= total}


def refresh_completions(course: Course) -> None:
    """After a module is removed: those who had done every other module have completed the
    course. Looks only at people with progress in it."""
    now = timezone.now()
    people = (
        ModuleProgress.objects.filter(module__course=course)
        .exclude(person__in=CourseCompletion.objects.filter(course=course).values("person"))
        .values_list("person_id", flat=True)
        .distinct()
    )
    for person_id in list(people.order_by("person_id")):
        _check_course(person_id, course.pk, now)


def refresh_program(program: Program) -> None:
    """After a program's courses change: its open assignments that are now complete."""
    now = timezone.now()
    people = Assignment.objects.open().filter(program=program).values_list("person_id", flat=True)
    for person_id in list(people.order_by("person_id")):
        if completed_program_at(person_id, program.pk) is not None:
            Assignment.objects.open().filter(person_id=person_id, program=program).update(
                completed_at=now
            )
