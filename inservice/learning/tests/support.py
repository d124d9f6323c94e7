"""What the learning tests share (no tests of its own): a published course with a module to
read and a module with a quiz, made through the services as an author would.

The cast's IT Service Desk has no calendar: it works Monday to Friday, 09:00-17:00 UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inservice.learning import services
from inservice.learning.models.content import Course, Module, Program
from inservice.learning.models.progress import Assignment, QuizAttempt
from inservice.learning.quiz_text import QuestionDraft
from inservice.org.models import Person, Team
from inservice.test import BaseTestCase

MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
DUE = date(2026, 12, 11)  # a Friday, 18 days after MONDAY
HTMX = {"HX-Request": "true"}

READING = """## Why the first reply matters

Someone who asks a colleague for help is **waiting**: for a laptop, an answer, a decision.
Tell them *when* they will hear from you, then keep to it.

- Acknowledge within the hour
- Give a time, not "soon"

Read more in [the service guide](https://example.org/guide).
"""

QUIZ = [
    QuestionDraft(
        "What does acknowledging a request promise?",
        ["A fix today", "A time by which they will hear from you", "Nothing in particular"],
        [1],
    ),
    QuestionDraft(
        "Which keep a requester informed? (choose all that apply)",
        ["A reply when the plan changes", "A new time when the old one slips", "Silence"],
        [0, 1],
    ),
    QuestionDraft("Who owns a request after a handoff?", ["Nobody", "The receiving team"], [1]),
    QuestionDraft(
        "When is a request done?", ["When the requester has what they need", "Never"], [0]
    ),
]
RIGHT = {0: [1], 1: [0, 1], 2: [1], 3: [0]}  # by question index: the answers that pass


class LearningTestCase(BaseTestCase):
    course: Course
    reading: Module
    quizzed: Module

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        with time_machine.travel(MONDAY, tick=False):
            cls.course = make_course(cls.erin, cls.it, "Promises we keep")

    def setUp(self) -> None:
        super().setUp()
        self.reading = self.course.modules.get(position=1)
        self.quizzed = self.course.modules.get(position=2)

    def answers(self, module: Module, right: int = 4) -> dict[str, list[int]]:
        """Answers to the quiz with the first `right` questions right, the others wrong."""
        found: dict[str, list[int]] = {}
        for n, question in enumerate(module.questions.order_by("position")):
            if n < right:
                found[str(question.pk)] = list(question.correct)
            else:
                wrong = next(i for i in range(len(question.options)) if i not in question.correct)
                found[str(question.pk)] = [wrong]
        return found

    def pass_quiz(self, person: Person, module: Module | None = None) -> QuizAttempt:
        module = module or self.quizzed
        attempt = services.start_attempt(person, module)
        return services.submit_attempt(person, attempt, self.answers(module))

    def finish(self, person: Person, course: Course | None = None) -> None:
        """Every module of the course done by `person`."""
        for module in (course or self.course).modules.order_by("position"):
            if module.has_quiz:
                self.pass_quiz(person, module)
            else:
                services.complete_module(person, module)

    def assign(
        self,
        person: Person,
        target: Course | Program | None = None,
        *,
        by: Person | None = None,
        **kw: Any,
    ) -> Assignment:
        """Assigned by an administrator (or `by`), due on DUE unless told otherwise."""
        kw.setdefault("due_on", DUE)
        assigned = services.assign(by or self.root, target or self.course, people=[person], **kw)
        return assigned.made[0]

    def count_page_queries(self, url: str, **headers: Any) -> tuple[int, str]:
        """Queries one GET makes (after a first, uncounted one), and their SQL for the failure."""
        self.client.get(url, headers=headers)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, headers=headers)
        self.assertEqual(response.status_code, 200)
        return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)


def make_course(
    author: Person, team: Team, title: str, *, quiz: bool = True, publish: bool = True
) -> Course:
    """A course of a reading module and (with `quiz`) a module with a four-question quiz at a
    75% pass mark, published unless told otherwise."""
    course = services.create_course(
        author, team, services.Heading(title, "Acknowledge with a time, and keep it.")
    )
    services.add_module(author, course, services.ModuleDraft("Why it matters", READING, minutes=8))
    if quiz:
        module = services.add_module(
            author,
            course,
            services.ModuleDraft(
                "Check yourself",
                "A short quiz about what you read.",
                video_url="https://video.example.org/promises",
            ),
        )
        services.set_quiz(author, module, QUIZ, 75)
    if publish:
        services.set_course_published(author, course, True)
    return course
