"""What there is to learn: courses made of modules (Markdown content, an optional video link, an
optional short quiz with a pass mark) and programs, which are courses in order.

A course or program belongs to a team: that team's leads (and administrators) write it. Published
ones are everyone's to take; drafts are seen only by those who may edit them
(learning.permissions).
"""

from __future__ import annotations

from typing import Self, TypeVar

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from inservice.org.models import Person, Team

MAX_TITLE = 200
MAX_SUMMARY = 1_000
MAX_BODY = 50_000
MAX_URL = 500
MAX_QUESTION = 1_000
MAX_OPTION = 300
MAX_OPTIONS = 6
MAX_QUESTIONS = 20
MAX_MINUTES = 240

_A = TypeVar("_A", bound="Authored")


class AuthoredQuerySet(models.QuerySet[_A]):
    def published(self) -> Self:
        return self.filter(published=True)

    def visible_to(self, person: Person) -> Self:
        """Published ones, and the drafts the person may edit (their teams' as a lead; all for
        administrators)."""
        if person.is_superuser:
            return self
        return self.filter(Q(published=True) | Q(owner_team_id__in=person.lead_team_ids()))


class Authored(models.Model):
    """What a course and a program share: a heading, the team whose leads write it, and whether
    it is published (a draft until then)."""

    title = models.CharField(_("title"), max_length=MAX_TITLE)
    summary = models.TextField(_("summary"), blank=True)
    owner_team = models.ForeignKey(
        Team, verbose_name=_("owner team"), on_delete=models.PROTECT, related_name="+"
    )
    published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title


class CourseQuerySet(AuthoredQuerySet["Course"]):
    def search(self, text: str) -> CourseQuerySet:
        return self.filter(Q(title__icontains=text) | Q(summary__icontains=text))

    def for_list(self, person: Person) -> CourseQuerySet:
        """What a row of the catalog shows, in a fixed number of queries whatever the rows: the
        owner team, the modules and their minutes, and how far the person is."""
        from inservice.learning.models.progress import CourseCompletion, ModuleProgress

        done = (
            ModuleProgress.objects.filter(person=person, module__course=OuterRef("pk"))
            .order_by()
            .values("person")
            .annotate(n=Count("pk"))
            .values("n")
        )
        completed = CourseCompletion.objects.filter(person=person, course=OuterRef("pk"))
        return self.select_related("owner_team").annotate(
            module_count=Count("modules"),
            minutes=Coalesce(Sum("modules__minutes"), Value(0)),
            done_count=Coalesce(Subquery(done), Value(0)),
            completed=Exists(completed),
        )


class Course(Authored):
    objects = CourseQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="course_title_not_empty"),
        ]
        indexes = [
            # The catalog: published courses by title.
            models.Index(fields=["published", "title", "id"], name="course_catalog_idx"),
            models.Index(fields=["owner_team", "title"], name="course_owner_idx"),
        ]


class Module(models.Model):
    """One part of a course: Markdown content, perhaps a video, perhaps a quiz. With a quiz it
    is done when a passing attempt is submitted; without one, when the learner says so."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    body = models.TextField(_("content"))
    video_url = models.URLField(_("video link"), max_length=MAX_URL, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes it takes"), default=10)
    # Set exactly when the module has quiz questions (learning.services.set_quiz).
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), null=True, blank=True)
    # Goes up each time the quiz is rewritten: an attempt started on an older quiz is closed.
    quiz_version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["course_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["course", "position"], name="module_position_unique"),
            models.CheckConstraint(
                condition=Q(pass_mark__isnull=True) | Q(pass_mark__gte=1, pass_mark__lte=100),
                name="module_pass_mark_percent",
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=MAX_MINUTES), name="module_minutes_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_quiz(self) -> bool:
        return self.pass_mark is not None


class QuizQuestion(models.Model):
    """A question with its options (a list of texts) and the correct ones (their indexes):
    one correct option makes it a single choice, more a "choose all that apply"."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    text = models.TextField(_("question"))
    options = models.JSONField(default=list)
    correct = models.JSONField(default=list)

    class Meta:
        ordering = ["module_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["module", "position"], name="quizquestion_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def multiple(self) -> bool:
        return len(self.correct) > 1


class ProgramQuerySet(AuthoredQuerySet["Program"]):
    def for_list(self, person: Person) -> ProgramQuerySet:
        """The owner team, how many courses, and how many of them the person completed."""
        from inservice.learning.models.progress import CourseCompletion

        done = (
            CourseCompletion.objects.filter(
                person=person, course__program_entries__program=OuterRef("pk")
            )
            .order_by()
            .values("person")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.select_related("owner_team").annotate(
            course_count=Count("entries"), done_count=Coalesce(Subquery(done), Value(0))
        )


class Program(Authored):
    """Courses taken in order, e.g. everything a new hire learns in their first weeks."""

    objects = ProgramQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="program_title_not_empty"),
        ]
        indexes = [
            models.Index(fields=["published", "title", "id"], name="program_catalog_idx"),
        ]


class ProgramCourse(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="entries")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="program_entries")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["program_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "course"], name="programcourse_course_unique"
            ),
            models.UniqueConstraint(
                fields=["program", "position"], name="programcourse_position_unique"
            ),
        ]
        indexes = [
            # Completing a course finds the programs it is part of.
            models.Index(fields=["course"], name="programcourse_course_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.program_id}#{self.position}: {self.course_id}"
