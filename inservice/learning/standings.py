"""Where learners stand, read for pages and the API in a fixed number of queries: one's
assignments with their progress, a course's modules with what the person has done, and a team's
members with their assignments counted."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Q
from django.utils import timezone

from inservice.learning.choices import Standing
from inservice.learning.models.content import Course, Module
from inservice.learning.models.progress import Assignment, CourseCompletion, ModuleProgress
from inservice.org.models import Person, Team


def today_for(person: Person, now: datetime | None = None) -> date:
    """The date where the person is: a due date is a day in their own calendar."""
    return (now or timezone.now()).astimezone(person.zone).date()


@dataclass(frozen=True)
class AssignmentRow:
    assignment: Assignment
    standing: Standing
    done: int
    total: int

    @property
    def percent(self) -> int:
        if self.standing == Standing.DONE:
            return 100
        return (100 * self.done) // self.total if self.total else 0


def assignment_rows(assignments: Iterable[Assignment], today: date) -> list[AssignmentRow]:
    """Rows of assignments read with AssignmentQuerySet.with_progress (`done`, `total`)."""
    rows = []
    for a in assignments:
        done, total = int(getattr(a, "done", 0)), int(getattr(a, "total", 0))
        rows.append(AssignmentRow(a, a.standing(today, done), done, total))
    return rows


@dataclass(frozen=True)
class ModuleLine:
    module: Module
    done: bool
    questions: int

    @property
    def has_quiz(self) -> bool:
        return self.module.pass_mark is not None


@dataclass(frozen=True)
class Outline:
    """A course's modules in order, and how far the person is."""

    lines: list[ModuleLine]
    completed_at: datetime | None

    @property
    def done(self) -> int:
        return sum(line.done for line in self.lines)

    @property
    def total(self) -> int:
        return len(self.lines)

    @property
    def minutes(self) -> int:
        return sum(line.module.minutes for line in self.lines)

    @property
    def percent(self) -> int:
        return (100 * self.done) // self.total if self.total else 0

    def next_after(self, module: Module | None = None) -> Module | None:
        """The first module not done: after `module` when given (going round to the start),
        else from the start."""
        lines = self.lines
        if module is not None:
            here = next((i for i, line in enumerate(lines) if line.module.pk == module.pk), -1)
            lines = lines[here + 1 :] + lines[: here + 1]
        return next(
            (
                line.module
                for line in lines
                if not line.done and (module is None or line.module.pk != module.pk)
            ),
            None,
        )


def course_outline(person: Person, course: Course) -> Outline:
    """Three queries whatever the modules: the modules (with their question counts), the
    person's done ones, and the course's completion."""
    modules = list(
        Module.objects.filter(course=course)
        .annotate(question_count=Count("questions"))
        .order_by("position")
    )
    done = set(
        ModuleProgress.objects.filter(person=person, module__course=course)
        .order_by()
        .values_list("module_id", flat=True)
    )
    completion = (
        CourseCompletion.objects.filter(person=person, course=course)
        .order_by()
        .values_list("completed_at", flat=True)
    )
    lines = [ModuleLine(m, m.pk in done, int(getattr(m, "question_count", 0))) for m in modules]
    return Outline(lines, next(iter(completion[:1]), None))


@dataclass(frozen=True)
class MemberRow:
    """One member of a team: their assignments counted."""

    person: Person
    assigned: int
    done: int
    overdue: int

    @property
    def open(self) -> int:
        return self.assigned - self.done


@dataclass(frozen=True)
class TeamSummary:
    rows: list[MemberRow]

    @property
    def assigned(self) -> int:
        return sum(r.assigned for r in self.rows)

    @property
    def done(self) -> int:
        return sum(r.done for r in self.rows)

    @property
    def overdue(self) -> int:
        return sum(r.overdue for r in self.rows)

    @property
    def people_overdue(self) -> int:
        return sum(1 for r in self.rows if r.overdue)

    @property
    def percent(self) -> int:
        return (100 * self.done) // self.assigned if self.assigned else 0


def team_summary(team: Team, today: date) -> TeamSummary:
    """Every active member of the team with their assignments assigned, done and overdue; those
    with the most overdue first, then by name. Two queries whatever the team's size."""
    members = list(Person.objects.active().filter(memberships__team=team).order_by("name", "pk"))
    counted = (
        Assignment.objects.filter(person__memberships__team=team, person__is_active=True)
        .order_by()
        .values("person_id")
        .annotate(
            assigned=Count("pk"),
            done=Count("pk", filter=Q(completed_at__isnull=False)),
            overdue=Count("pk", filter=Q(completed_at__isnull=True, due_on__lt=today)),
        )
        .values_list("person_id", "assigned", "done", "overdue")
    )
    counts = {pk: (assigned, done, overdue) for pk, assigned, done, overdue in counted}
    rows = [MemberRow(person, *counts.get(person.pk, (0, 0, 0))) for person in members]
    rows.sort(key=lambda r: (-r.overdue, -r.open))
    return TeamSummary(rows)
