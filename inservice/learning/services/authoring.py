"""Writing courses, their modules and quizzes, and programs: by the owner team's leads and
administrators. Every verb checks the whole change first and writes nothing when it refuses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from inservice.learning.content_checks import body_problems, video_url_problems
from inservice.learning.models.content import (
    MAX_MINUTES,
    MAX_OPTION,
    MAX_OPTIONS,
    MAX_QUESTION,
    MAX_QUESTIONS,
    MAX_SUMMARY,
    MAX_TITLE,
    Course,
    Module,
    Program,
    ProgramCourse,
    QuizQuestion,
)
from inservice.learning.models.progress import Assignment, AutoAssignment
from inservice.learning.permissions import can_author, can_view
from inservice.learning.quiz_text import QuestionDraft
from inservice.learning.services._common import Problems
from inservice.learning.services.taking import refresh_completions, refresh_program
from inservice.org.models import Person, Team

A = TypeVar("A", Course, Program)  # a course or a program: authored alike

MAX_PROGRAM_COURSES = 30


@dataclass(frozen=True)
class Heading:
    """A course's or program's title and summary."""

    title: str
    summary: str = ""


@dataclass(frozen=True)
class ModuleDraft:
    title: str
    body: str
    video_url: str = ""
    minutes: int = 10


def heading_problems(heading: Heading) -> Problems:
    errors: Problems = {}
    title = heading.title.strip()
    if not title:
        errors["title"] = [_("Give it a title.")]
    elif len(title) > MAX_TITLE:
        errors["title"] = [_("Keep the title to %(n)s characters or fewer.") % {"n": MAX_TITLE}]
    if len(heading.summary.strip()) > MAX_SUMMARY:
        errors["summary"] = [
            _("Keep the summary to %(n)s characters or fewer.") % {"n": f"{MAX_SUMMARY:,}"}
        ]
    return errors


def _check_author(actor: Person, team: Team | int) -> None:
    if not can_author(actor, team):
        raise PermissionDenied(_("Only the team's leads and administrators write its courses."))


def _check_heading(heading: Heading) -> None:
    errors = heading_problems(heading)
    if errors:
        raise ValidationError(errors)


# -- courses --------------------------------------------------------------------------------


def create_course(
    actor: Person, team: Team, heading: Heading, *, at: datetime | None = None
) -> Course:
    """A draft course owned by `team` (its leads and administrators write it)."""
    return _create(Course, actor, team, heading, at)


def update_course(actor: Person, course: Course, heading: Heading) -> Course:
    return _retitle(actor, course, heading)


def _create(model: type[A], actor: Person, team: Team, heading: Heading, at: datetime | None) -> A:
    """A draft course or program, checked first."""
    _check_author(actor, team)
    _check_heading(heading)
    now = at or timezone.now()
    return model.objects.create(
        title=heading.title.strip(),
        summary=heading.summary.strip(),
        owner_team=team,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )


def _retitle(actor: Person, authored: A, heading: Heading) -> A:
    """A course's or program's new title and summary, checked first."""
    _check_author(actor, authored.owner_team_id)
    _check_heading(heading)
    authored.title, authored.summary = heading.title.strip(), heading.summary.strip()
    authored.updated_at = timezone.now()
    authored.save(update_fields=["title", "summary", "updated_at"])
    return authored


def set_course_published(actor: Person, course: Course, published: bool) -> Course:
    """Publishing needs a module at least. Unpublishing is refused while the course is part of
    a published program, assigned and not completed, or assigned by an active rule: the people
    it was promised to would lose it."""
    _check_author(actor, course.owner_team_id)
    with transaction.atomic():
        locked = Course.objects.select_for_update().get(pk=course.pk)
        if published and not locked.modules.exists():
            raise ValidationError({"published": [_("Add a module before publishing the course.")]})
        if not published:
            _check_unpublish(
                Assignment.objects.open().filter(course=locked).count(),
                AutoAssignment.objects.active().filter(course=locked).exists(),
                list(
                    Program.objects.filter(published=True, entries__course=locked).values_list(
                        "title", flat=True
                    )[:1]
                ),
            )
        locked.published = published
        locked.updated_at = timezone.now()
        locked.save(update_fields=["published", "updated_at"])
    course.published = published
    return course


def _check_unpublish(open_assignments: int, in_rule: bool, programs: list[str]) -> None:
    if programs:
        raise ValidationError(
            {
                "published": [
                    _("It is part of the published program “%(title)s”: take it out first.")
                    % {"title": programs[0]}
                ]
            }
        )
    if open_assignments:
        raise ValidationError(
            {
                "published": [
                    ngettext(
                        "%(n)s person still has it to complete: it stays published until then.",
                        "%(n)s people still have it to complete: it stays published until then.",
                        open_assignments,
                    )
                    % {"n": open_assignments}
                ]
            }
        )
    if in_rule:
        raise ValidationError(
            {"published": [_("An automatic assignment rule assigns it: end the rule first.")]}
        )


# -- modules --------------------------------------------------------------------------------


def module_problems(draft: ModuleDraft) -> Problems:
    errors: Problems = {}
    title = draft.title.strip()
    if not title:
        errors["title"] = [_("Give the module a title.")]
    elif len(title) > MAX_TITLE:
        errors["title"] = [_("Keep the title to %(n)s characters or fewer.") % {"n": MAX_TITLE}]
    body = body_problems(draft.body)
    if body:
        errors["body"] = body
    video = video_url_problems(draft.video_url.strip())
    if video:
        errors["video_url"] = video
    if not 1 <= draft.minutes <= MAX_MINUTES:
        errors["minutes"] = [
            _("Say how many minutes it takes, from 1 to %(max)s.") % {"max": MAX_MINUTES}
        ]
    return errors


def _check_module(draft: ModuleDraft) -> None:
    errors = module_problems(draft)
    if errors:
        raise ValidationError(errors)


def add_module(actor: Person, course: Course, draft: ModuleDraft) -> Module:
    """A module at the end of the course."""
    _check_author(actor, course.owner_team_id)
    _check_module(draft)
    now = timezone.now()
    with transaction.atomic():
        locked = Course.objects.select_for_update().get(pk=course.pk)
        last = locked.modules.aggregate(last=Max("position"))["last"] or 0
        module = Module.objects.create(
            course=locked,
            position=last + 1,
            title=draft.title.strip(),
            body=draft.body,
            video_url=draft.video_url.strip(),
            minutes=draft.minutes,
            updated_at=now,
        )
        Course.objects.filter(pk=locked.pk).update(updated_at=now)
    return module


def update_module(actor: Person, module: Module, draft: ModuleDraft) -> Module:
    _check_author(actor, module.course.owner_team_id)
    _check_module(draft)
    module.title, module.body = draft.title.strip(), draft.body
    module.video_url, module.minutes = draft.video_url.strip(), draft.minutes
    module.updated_at = timezone.now()
    module.save(update_fields=["title", "body", "video_url", "minutes", "updated_at"])
    return module


def move_module(actor: Person, module: Module, direction: Literal["up", "down"]) -> None:
    """Swaps the module with its neighbour; at either end nothing moves."""
    _check_author(actor, module.course.owner_team_id)
    with transaction.atomic():
        Course.objects.select_for_update().get(pk=module.course_id)
        siblings = Module.objects.filter(course_id=module.course_id)
        here = siblings.get(pk=module.pk)
        if direction == "up":
            other = siblings.filter(position__lt=here.position).order_by("-position").first()
        else:
            other = siblings.filter(position__gt=here.position).order_by("position").first()
        if other is None:
            return
        # Through position 0 (never used): the unique (course, position) holds at every step.
        mine, theirs = here.position, other.position
        Module.objects.filter(pk=here.pk).update(position=0)
        Module.objects.filter(pk=other.pk).update(position=mine)
        Module.objects.filter(pk=here.pk).update(position=theirs)


def delete_module(actor: Person, module: Module) -> None:
    """Removes a module with its quiz, progress and attempts. A published course keeps one at
    least; people who had done every other module now have the course completed."""
    _check_author(actor, module.course.owner_team_id)
    with transaction.atomic():
        course = Course.objects.select_for_update().get(pk=module.course_id)
        siblings = Module.objects.filter(course=course)
        if course.published and siblings.count() <= 1:
            raise ValidationError(
                _("A published course keeps one module at least: add another first.")
            )
        gone = siblings.get(pk=module.pk)
        gone.delete()
        for later in siblings.filter(position__gt=gone.position).order_by("position"):
            Module.objects.filter(pk=later.pk).update(position=later.position - 1)
        Course.objects.filter(pk=course.pk).update(updated_at=timezone.now())
        refresh_completions(course)


# -- quizzes --------------------------------------------------------------------------------


def quiz_problems(questions: Sequence[QuestionDraft], pass_mark: int | None) -> Problems:
    """Question by question ("Question 2: ..."), all under `questions`; and the pass mark."""
    errors: Problems = {}
    found: list[str] = []
    if len(questions) > MAX_QUESTIONS:
        found.append(_("Keep the quiz to %(n)s questions or fewer.") % {"n": MAX_QUESTIONS})
    for number, question in enumerate(questions, start=1):
        found.extend(
            _("Question %(n)s: %(problem)s") % {"n": number, "problem": problem}
            for problem in _question_problems(question)
        )
    if found:
        errors["questions"] = found
    if questions and pass_mark is None:
        errors["pass_mark"] = [_("Give the pass mark: the percentage of questions to get right.")]
    elif pass_mark is not None and not 1 <= pass_mark <= 100:
        errors["pass_mark"] = [_("The pass mark is a percentage from 1 to 100.")]
    return errors


def _question_problems(question: QuestionDraft) -> list[str]:
    problems: list[str] = []
    if not question.text:
        problems.append(_("write the question before its options."))
    elif len(question.text) > MAX_QUESTION:
        problems.append(_("keep it to %(n)s characters or fewer.") % {"n": f"{MAX_QUESTION:,}"})
    options = question.options
    if len(options) < 2:
        problems.append(_("give two options at least, each on a line starting with “- ”."))
    elif len(options) > MAX_OPTIONS:
        problems.append(_("give %(n)s options at most.") % {"n": MAX_OPTIONS})
    if any(not option for option in options):
        problems.append(_("an option is empty."))
    elif any(len(option) > MAX_OPTION for option in options):
        problems.append(_("keep each option to %(n)s characters or fewer.") % {"n": MAX_OPTION})
    elif len({o.casefold() for o in options}) < len(options):
        problems.append(_("two options say the same."))
    if options and not question.correct:
        problems.append(_("mark the correct option (or options) with “* ” instead of “- ”."))
    elif options and len(question.correct) == len(options):
        problems.append(_("not every option can be correct."))
    return problems


def set_quiz(
    actor: Person, module: Module, questions: Sequence[QuestionDraft], pass_mark: int | None
) -> Module:
    """Replaces the module's quiz (no questions: the module has none, and is done when the
    learner says so). Attempts started on the old quiz are closed to answers; people who had
    passed it keep the module done."""
    _check_author(actor, module.course.owner_team_id)
    errors = quiz_problems(questions, pass_mark)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Module.objects.select_for_update().get(pk=module.pk)
        locked.questions.all().delete()
        QuizQuestion.objects.bulk_create(
            QuizQuestion(
                module=locked,
                position=n,
                text=q.text,
                options=list(q.options),
                correct=sorted(set(q.correct)),
            )
            for n, q in enumerate(questions, start=1)
        )
        locked.pass_mark = pass_mark if questions else None
        locked.quiz_version += 1
        locked.updated_at = timezone.now()
        locked.save(update_fields=["pass_mark", "quiz_version", "updated_at"])
    module.pass_mark, module.quiz_version = locked.pass_mark, locked.quiz_version
    return module


# -- programs -------------------------------------------------------------------------------


def create_program(
    actor: Person, team: Team, heading: Heading, *, at: datetime | None = None
) -> Program:
    """A draft program owned by `team`: courses taken in order."""
    return _create(Program, actor, team, heading, at)


def update_program(actor: Person, program: Program, heading: Heading) -> Program:
    return _retitle(actor, program, heading)


def set_program_courses(actor: Person, program: Program, course_ids: Sequence[int]) -> None:
    """The program's courses, in this order. A published program takes published courses only
    and keeps one at least; people whose program is now all completed have it completed."""
    _check_author(actor, program.owner_team_id)
    with transaction.atomic():
        locked = Program.objects.select_for_update().get(pk=program.pk)
        courses = {c.pk: c for c in Course.objects.filter(pk__in=list(course_ids))}
        errors = _program_course_problems(actor, locked, course_ids, courses)
        if errors:
            raise ValidationError({"courses": errors})
        locked.entries.all().delete()
        ProgramCourse.objects.bulk_create(
            ProgramCourse(program=locked, course_id=pk, position=n)
            for n, pk in enumerate(course_ids, start=1)
        )
        Program.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
        refresh_program(locked)


def _program_course_problems(
    actor: Person, program: Program, course_ids: Sequence[int], courses: dict[int, Course]
) -> list[str]:
    if len(set(course_ids)) < len(course_ids):
        return [_("A course appears twice: a program takes each course once.")]
    if len(course_ids) > MAX_PROGRAM_COURSES:
        return [_("Keep a program to %(n)s courses or fewer.") % {"n": MAX_PROGRAM_COURSES}]
    missing = [pk for pk in course_ids if pk not in courses or not can_view(actor, courses[pk])]
    if missing:
        return [_("There is no course %(id)s you can add.") % {"id": missing[0]}]
    if program.published:
        if not course_ids:
            return [_("A published program keeps one course at least.")]
        drafts = [courses[pk].title for pk in course_ids if not courses[pk].published]
        if drafts:
            return [
                _("“%(title)s” is not published: a published program takes published courses.")
                % {"title": drafts[0]}
            ]
    return []


def set_program_published(actor: Person, program: Program, published: bool) -> Program:
    """Publishing needs one course at least, every one published; unpublishing is refused
    while it is assigned and not completed, or assigned by an active rule."""
    _check_author(actor, program.owner_team_id)
    with transaction.atomic():
        locked = Program.objects.select_for_update().get(pk=program.pk)
        if published:
            titles = list(
                locked.entries.order_by("position").values_list(
                    "course__title", "course__published"
                )
            )
            if not titles:
                raise ValidationError(
                    {"published": [_("Add a course before publishing the program.")]}
                )
            drafts = [title for title, is_published in titles if not is_published]
            if drafts:
                raise ValidationError(
                    {
                        "published": [
                            _("Publish “%(title)s” first: a program takes published courses.")
                            % {"title": drafts[0]}
                        ]
                    }
                )
        else:
            _check_unpublish(
                Assignment.objects.open().filter(program=locked).count(),
                AutoAssignment.objects.active().filter(program=locked).exists(),
                [],
            )
        locked.published = published
        locked.updated_at = timezone.now()
        locked.save(update_fields=["published", "updated_at"])
    program.published = published
    return program
