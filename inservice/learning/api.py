"""Learning over the API: one's assignments, the course catalog and one course, submitting a
quiz's answers and marking a module done. Every change goes through learning.services.

As on the pages: published courses are everyone's, drafts their editors'; anything else is a
404. Quiz questions come without their correct options. Refusals are 422s naming the field:
`["body", "answers", "<question id>"]` for one question, `["body", "attempt"]` for a closed
attempt, `["path", "module_id"]` for a module that is not taken that way.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from inservice.learning import services
from inservice.learning.models.content import Course, Module, QuizQuestion
from inservice.learning.models.progress import Assignment, QuizAttempt
from inservice.learning.permissions import get_course_for_user, get_module_for_user
from inservice.learning.standings import assignment_rows, course_outline, today_for
from inservice.lib.api import Loc, PageQuery, page_or_422, problem, unprocessable
from inservice.org.api_auth import caller
from inservice.org.models import Person
from inservice.org.permissions import get_team
from inservice.org.schemas import PersonRef, TeamRef
from inservice.tickets.schemas import StrictIn

router = Router(tags=["learning"])


class Ref(Schema):
    id: int
    title: str


class ProgressOut(Schema):
    done: int = Field(description="Modules done (a course) or courses completed (a program).")
    total: int


class AssignmentOut(Schema):
    id: int
    course: Ref | None
    program: Ref | None
    due_on: date
    reason: Literal["chosen", "team", "new_hire", "joined_team"]
    assigned_by: PersonRef | None = Field(description="Nobody when a rule assigned it.")
    created_at: datetime
    completed_at: datetime | None
    status: Literal["not_started", "in_progress", "overdue", "done"]
    progress: ProgressOut


class AssignmentPage(Schema):
    items: list[AssignmentOut]
    next_cursor: str | None


class CourseOut(Schema):
    id: int
    title: str
    summary: str
    team: TeamRef
    published: bool
    module_count: int
    minutes: int
    progress: ProgressOut
    completed: bool


class CoursePage(Schema):
    items: list[CourseOut]
    next_cursor: str | None


class QuestionOut(Schema):
    id: int
    text: str
    options: list[str]
    multiple: bool = Field(description="Choose all that apply (else exactly one).")


class QuizOut(Schema):
    pass_mark: int
    questions: list[QuestionOut]


class ModuleOut(Schema):
    id: int
    position: int
    title: str
    body: str = Field(description="Markdown.")
    video_url: str | None
    minutes: int
    quiz: QuizOut | None
    done: bool


class CourseDetail(CourseOut):
    completed_at: datetime | None
    modules: list[ModuleOut]


class AttemptIn(StrictIn):
    answers: dict[str, list[int]] = Field(
        description="Per question id (as text), the chosen options' indexes (from 0)."
    )
    attempt: int | None = Field(
        None, description="An attempt you started on the page; left out: a new attempt."
    )


class QuestionResult(Schema):
    id: int
    right: bool


class AttemptOut(Schema):
    id: int
    module: int
    number: int
    score: int = Field(description="Percent of questions right.")
    pass_mark: int
    passed: bool
    submitted_at: datetime
    questions: list[QuestionResult]
    module_done: bool
    course_completed: bool


class CompletedOut(Schema):
    module: int
    done: bool
    course_completed: bool


def _assignment(row: Any) -> dict[str, Any]:
    a: Assignment = row.assignment
    return {
        "id": a.pk,
        "course": {"id": a.course.pk, "title": a.course.title} if a.course else None,
        "program": {"id": a.program.pk, "title": a.program.title} if a.program else None,
        "due_on": a.due_on,
        "reason": a.reason,
        "assigned_by": a.assigned_by,
        "created_at": a.created_at,
        "completed_at": a.completed_at,
        "status": row.standing.value,
        "progress": {"done": row.done, "total": row.total},
    }


@router.get("/learning/assignments", response=AssignmentPage, summary="My assignments")
def list_assignments(
    request: HttpRequest, paging: Query[PageQuery], completed: bool | None = None
) -> dict[str, Any]:
    """Your assignments, soonest due first, with where you stand; `completed=false` leaves out
    the completed ones, `completed=true` shows only those."""
    person = caller(request)
    assignments = Assignment.objects.for_person(person).for_list()
    if completed is not None:
        assignments = assignments.filter(completed_at__isnull=not completed)
    # lib.cursor encodes datetimes, not dates: the due date pages as the number 20261211.
    due = ExtractYear("due_on") * 10_000 + ExtractMonth("due_on") * 100 + ExtractDay("due_on")
    assignments = assignments.annotate(due_number=due)
    page = page_or_422(assignments, ["due_number", "id"], paging.cursor, paging.limit)
    rows = assignment_rows(page.items, today_for(person))
    return {"items": [_assignment(r) for r in rows], "next_cursor": page.next_cursor}


def _course(course: Course) -> dict[str, Any]:
    module_count = int(getattr(course, "module_count", 0))
    return {
        "id": course.pk,
        "title": course.title,
        "summary": course.summary,
        "team": course.owner_team,
        "published": course.published,
        "module_count": module_count,
        "minutes": int(getattr(course, "minutes", 0)),
        "progress": {"done": int(getattr(course, "done_count", 0)), "total": module_count},
        "completed": bool(getattr(course, "completed", False)),
    }


@router.get("/learning/courses", response=CoursePage, summary="Courses")
def list_courses(
    request: HttpRequest, paging: Query[PageQuery], team: str = "", q: str = ""
) -> dict[str, Any]:
    """Published courses by title (and the drafts you edit), with your progress; `team` (a
    slug) and `q` (words in the title or summary) narrow it."""
    person = caller(request)
    courses = Course.objects.visible_to(person).for_list(person)
    if team:
        courses = courses.filter(owner_team=get_team(team))
    if q.strip():
        courses = courses.search(q.strip()[:100])
    page = page_or_422(courses, ["title", "id"], paging.cursor, paging.limit)
    return {"items": [_course(c) for c in page.items], "next_cursor": page.next_cursor}


@router.get("/learning/courses/{course_id}", response=CourseDetail, summary="One course")
def get_course(request: HttpRequest, course_id: int) -> dict[str, Any]:
    """The course with its modules in order: their Markdown, video link, quiz questions (never
    the answers) and whether you have done each."""
    person = caller(request)
    get_course_for_user(person, course_id)
    course = Course.objects.for_list(person).get(pk=course_id)
    outline = course_outline(person, course)
    quizzes = _questions([line.module for line in outline.lines if line.has_quiz])
    modules = [
        {
            "id": line.module.pk,
            "position": line.module.position,
            "title": line.module.title,
            "body": line.module.body,
            "video_url": line.module.video_url or None,
            "minutes": line.module.minutes,
            "quiz": (
                {"pass_mark": line.module.pass_mark, "questions": quizzes[line.module.pk]}
                if line.has_quiz
                else None
            ),
            "done": line.done,
        }
        for line in outline.lines
    ]
    return {**_course(course), "completed_at": outline.completed_at, "modules": modules}


def _questions(modules: list[Module]) -> dict[int, list[dict[str, Any]]]:
    """The quizzes' questions in one query, without what is correct."""
    found: dict[int, list[dict[str, Any]]] = {m.pk: [] for m in modules}
    rows = QuizQuestion.objects.filter(module__in=modules).order_by("module_id", "position")
    for q in rows:
        found[q.module_id].append(
            {"id": q.pk, "text": q.text, "options": q.options, "multiple": q.multiple}
        )
    return found


def _refused(exc: ValidationError, module_at: Loc = ("path", "module_id")) -> Exception:
    problems: list[dict[str, Any]] = []
    for key, messages in exc.message_dict.items():
        if key.startswith("answers."):
            loc: Loc = ("body", "answers", key.split(".", 1)[1])
        elif key == "module":
            loc = module_at
        else:
            loc = ("body", key)
        problems.extend(problem(loc, str(m), "invalid") for m in messages)
    return unprocessable(problems)


@router.post(
    "/learning/modules/{module_id}/attempts",
    response={201: AttemptOut},
    summary="Answer a module's quiz",
)
def submit_attempt(
    request: HttpRequest, module_id: int, payload: AttemptIn
) -> Status[dict[str, Any]]:
    """Your answers, marked at once: a new attempt (or the one you started, `attempt`), closed
    when submitted. A pass at the module's mark makes the module done. Answers to a closed
    attempt are refused: start a new one by leaving `attempt` out."""
    person = caller(request)
    module = get_module_for_user(person, module_id)
    try:
        attempt = services.answer_quiz(person, module, payload.answers, attempt_id=payload.attempt)
    except ValidationError as exc:
        raise _refused(exc) from exc
    return Status(201, _attempt(person, attempt))


def _attempt(person: Person, attempt: QuizAttempt) -> dict[str, Any]:
    module = attempt.module
    assert attempt.submitted_at is not None
    assert attempt.score is not None
    completion = course_outline(person, module.course)
    done = any(line.done for line in completion.lines if line.module.pk == module.pk)
    return {
        "id": attempt.pk,
        "module": module.pk,
        "number": attempt.number,
        "score": attempt.score,
        "pass_mark": module.pass_mark or 0,
        "passed": attempt.passed,
        "submitted_at": attempt.submitted_at,
        "questions": [{"id": int(k), "right": v} for k, v in attempt.results.items()],
        "module_done": done,
        "course_completed": completion.completed_at is not None,
    }


@router.post(
    "/learning/modules/{module_id}/complete",
    response=CompletedOut,
    summary="Mark a module done",
)
def complete_module(request: HttpRequest, module_id: int) -> dict[str, Any]:
    """A module without a quiz is done when you say so (one with a quiz: pass it). Saying so
    again changes nothing."""
    person = caller(request)
    module = get_module_for_user(person, module_id)
    try:
        done = services.complete_module(person, module)
    except ValidationError as exc:
        raise _refused(exc) from exc
    return {"module": module.pk, "done": True, "course_completed": done.course_completed}
