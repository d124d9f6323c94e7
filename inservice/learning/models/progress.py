"""Who has to learn what, and how far they are: assignments (to a person, made by someone or by a
rule), modules done, courses completed, quiz attempts, and the rules that assign automatically.

A course is complete for a person when every one of its modules is done (a module with a quiz
when a passing attempt is submitted); a program when every one of its courses is. An assignment
is completed the moment that happens (learning.services.taking), or at once when it is made for
something already completed.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from inservice.learning.choices import AUTOMATIC_REASONS, Reason, Standing, Trigger
from inservice.learning.models.content import Course, Module, Program, ProgramCourse
from inservice.org.models import Person, Team

# A reminder goes this many days before the due date.
REMIND_DAYS_BEFORE = 3
# A rule gives at most this many working days (about six months).
MAX_DUE_IN_DAYS = 120


def _course_or_program(name: str) -> models.CheckConstraint:
    """Exactly one of `course` and `program` is set: what an assignment or a rule is for."""
    return models.CheckConstraint(
        condition=Q(course__isnull=False, program__isnull=True)
        | Q(course__isnull=True, program__isnull=False),
        name=name,
    )


class _ForCourseOrProgram:
    """`target`, the course or the program a row is for (_course_or_program holds one)."""

    course: Course | None
    program: Program | None

    @property
    def target(self) -> Course | Program:
        target = self.course or self.program
        assert target is not None  # the check constraint: one or the other
        return target


def _count(queryset: models.QuerySet[models.Model], by: str) -> Subquery:
    """A correlated COUNT(*) of `queryset` (already filtered on OuterRef) as one column."""
    return Subquery(queryset.order_by().values(by).annotate(n=Count("pk")).values("n"))


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def for_person(self, person: Person | int) -> AssignmentQuerySet:
        return self.filter(person=person)

    def open(self) -> AssignmentQuerySet:
        return self.filter(completed_at__isnull=True)

    def overdue(self, today: date) -> AssignmentQuerySet:
        return self.open().filter(due_on__lt=today)

    def to_remind_soon(self, today: date) -> AssignmentQuerySet:
        """Open, due within REMIND_DAYS_BEFORE days, not reminded yet (partial index
        assignment_remind_soon_idx)."""
        return self.filter(
            completed_at__isnull=True,
            reminded_soon_at__isnull=True,
            due_on__gte=today,
            due_on__lte=today + timedelta(days=REMIND_DAYS_BEFORE),
        )

    def to_remind_overdue(self, today: date) -> AssignmentQuerySet:
        """Open, past their due date, not told yet (partial index assignment_remind_late_idx)."""
        return self.filter(
            completed_at__isnull=True, reminded_overdue_at__isnull=True, due_on__lt=today
        )

    def with_progress(self) -> AssignmentQuerySet:
        """`total` and `done`: modules of an assigned course (done by its person), or courses of
        an assigned program (completed by its person). Two correlated counts per kind, so a list
        costs the same whatever its length."""
        modules = Module.objects.filter(course=OuterRef("course"))
        modules_done = ModuleProgress.objects.filter(
            person=OuterRef("person"), module__course=OuterRef("course")
        )
        courses = ProgramCourse.objects.filter(program=OuterRef("program"))
        courses_done = CourseCompletion.objects.filter(
            person=OuterRef("person"), course__program_entries__program=OuterRef("program")
        )
        return self.annotate(
            total=Coalesce(_count(modules, "course"), _count(courses, "program"), Value(0)),
            done=Coalesce(_count(modules_done, "person"), _count(courses_done, "person"), Value(0)),
        )

    def for_list(self) -> AssignmentQuerySet:
        """What a row shows: the course or program, who assigned it, and the progress."""
        return self.select_related("course", "program", "assigned_by", "team").with_progress()

    def in_order(self) -> AssignmentQuerySet:
        """Open ones first, soonest due first; then the done ones, latest first."""
        return self.order_by(F("completed_at").desc(nulls_first=True), "due_on", "id")


class Assignment(_ForCourseOrProgram, models.Model):
    """A course or a program someone is to complete by a date."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(
        Course, null=True, blank=True, on_delete=models.PROTECT, related_name="assignments"
    )
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.PROTECT, related_name="assignments"
    )
    due_on = models.DateField(_("due on"))
    reason = models.CharField(_("why"), max_length=12, choices=Reason.choices)
    # The team it was assigned to (a whole team), or the team joined (a rule for new members).
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rule = models.ForeignKey(
        "AutoAssignment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Nobody when a rule made it.
    assigned_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    reminded_soon_at = models.DateTimeField(null=True, blank=True)
    reminded_overdue_at = models.DateTimeField(null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        constraints = [
            _course_or_program("assignment_course_or_program"),
            # One assignment per person and course (and per person and program): assigning
            # again, by hand or by a rule, finds the one there is.
            models.UniqueConstraint(
                fields=["person", "course"],
                condition=Q(course__isnull=False),
                name="assignment_person_course_unique",
            ),
            models.UniqueConstraint(
                fields=["person", "program"],
                condition=Q(program__isnull=False),
                name="assignment_person_program_unique",
            ),
            models.CheckConstraint(
                condition=Q(reason__in=Reason.values), name="assignment_reason_valid"
            ),
            models.CheckConstraint(
                condition=~Q(reason__in=AUTOMATIC_REASONS) | Q(assigned_by__isnull=True),
                name="assignment_automatic_by_nobody",
            ),
        ]
        indexes = [
            # One's own list: open ones by due date.
            models.Index(fields=["person", "completed_at", "due_on"], name="assignment_person_idx"),
            # The daily reminders (learning.tasks.send_reminders).
            models.Index(
                fields=["due_on"],
                condition=Q(completed_at__isnull=True, reminded_soon_at__isnull=True),
                name="assignment_remind_soon_idx",
            ),
            models.Index(
                fields=["due_on"],
                condition=Q(completed_at__isnull=True, reminded_overdue_at__isnull=True),
                name="assignment_remind_late_idx",
            ),
            # Completing a program finds its open assignments.
            models.Index(
                fields=["program", "person"],
                condition=Q(program__isnull=False, completed_at__isnull=True),
                name="assignment_open_program_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.course_id or self.program_id} by {self.due_on}"

    def standing(self, today: date, done: int = 0) -> Standing:
        """Done, overdue (past the due date, in the learner's days), in progress or not started;
        `done` is the progress count (see AssignmentQuerySet.with_progress)."""
        if self.completed_at is not None:
            return Standing.DONE
        if self.due_on < today:
            return Standing.OVERDUE
        return Standing.IN_PROGRESS if done else Standing.NOT_STARTED


class ModuleProgress(models.Model):
    """A module a person has done."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="progress")
    completed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "module"], name="moduleprogress_person_module_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} did {self.module_id}"


class CourseCompletion(models.Model):
    """A course a person completed; kept when the course changes later."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "course"], name="coursecompletion_person_course_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} completed {self.course_id}"


class QuizAttempt(models.Model):
    """One go at a module's quiz: started, then submitted once. A submitted attempt is closed;
    answering again takes a new attempt."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveIntegerField()  # the person's 1st, 2nd... attempt at this module
    quiz_version = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    # {question id (as text): [chosen option indexes]}, and per question whether it was right.
    answers = models.JSONField(default=dict)
    results = models.JSONField(default=dict)
    score = models.PositiveSmallIntegerField(null=True, blank=True)  # percent
    passed = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "module"],
                condition=Q(submitted_at__isnull=True),
                name="quizattempt_one_open",
            ),
            models.UniqueConstraint(
                fields=["person", "module", "number"], name="quizattempt_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True, score__isnull=True, passed=False)
                | Q(submitted_at__isnull=False, score__isnull=False),
                name="quizattempt_scored_when_submitted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.module_id} #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None


class AutoAssignmentQuerySet(models.QuerySet["AutoAssignment"]):
    def active(self) -> AutoAssignmentQuerySet:
        return self.filter(ended_at__isnull=True)

    def for_new_hires(self) -> AutoAssignmentQuerySet:
        return self.active().filter(trigger=Trigger.NEW_HIRE)

    def for_joining(self, team_id: int) -> AutoAssignmentQuerySet:
        """Active rules for new members of this team (or of any team that owns services: the
        caller checks that it does)."""
        return self.active().filter(
            Q(team_id=team_id) | Q(team__isnull=True), trigger=Trigger.JOINED_TEAM
        )


class AutoAssignment(_ForCourseOrProgram, models.Model):
    """A rule: a course or program for everyone who joins the organisation, or who joins a team
    that owns services (one team, or any), due so many working days after they join."""

    trigger = models.CharField(_("when"), max_length=12, choices=Trigger.choices)
    course = models.ForeignKey(
        Course, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Joining this team (JOINED_TEAM only); none: any team that owns services.
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    due_in_days = models.PositiveSmallIntegerField(_("due within (working days)"))
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = AutoAssignmentQuerySet.as_manager()

    class Meta:
        constraints = [
            _course_or_program("autoassignment_course_or_program"),
            models.CheckConstraint(
                condition=Q(trigger=Trigger.JOINED_TEAM) | Q(team__isnull=True),
                name="autoassignment_team_for_joining_only",
            ),
            models.CheckConstraint(
                condition=Q(trigger__in=Trigger.values), name="autoassignment_trigger_valid"
            ),
            models.CheckConstraint(
                condition=Q(due_in_days__gte=1, due_in_days__lte=MAX_DUE_IN_DAYS),
                name="autoassignment_due_range",
            ),
        ]
        indexes = [
            # The hooks ask "is there any active rule?" on every person and membership created.
            models.Index(
                fields=["trigger", "team"],
                condition=Q(ended_at__isnull=True),
                name="autoassignment_active_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trigger}: {self.course_id or self.program_id}"
