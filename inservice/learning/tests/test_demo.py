"""The demo's learning (inservice.demo.learning) on a small organisation: the starter library
installed and published, the rules, assignments with a spread of done, in progress and overdue,
and the sign-ins' stories and private reflections."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import time_machine

from inservice.demo.learning import build_learning
from inservice.learning import starter
from inservice.learning.choices import Standing
from inservice.learning.models.content import Course, Module, Program
from inservice.learning.models.progress import (
    Assignment,
    AutoAssignment,
    CourseCompletion,
    ModuleProgress,
    QuizAttempt,
)
from inservice.learning.models.reflection import Reflection
from inservice.learning.standings import assignment_rows
from inservice.org import services as org
from inservice.org.models import Person
from inservice.org.tests.api_support import make_person
from inservice.test import BaseTestCase

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


class DemoLearningTests(BaseTestCase):
    agent: Person
    requester: Person

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.agent = org.create_person(
            username="agent", name="Daniel Okafor", email="daniel@example.org", team=cls.it
        )
        cls.requester = org.create_person(
            username="requester", name="Sofia Marino", email="sofia@example.org", team=cls.sales
        )
        for _n in range(12):
            make_person(team=cls.it)
            make_person(team=cls.payroll)

    def build(self, seed: int = 7) -> int:
        self.lines: list[str] = []
        with time_machine.travel(NOW, tick=False):
            return build_learning(NOW, random.Random(seed), self.lines.append)

    def test_it_installs_the_starter_library_published_with_its_rules(self) -> None:
        self.build()
        self.assertIn("library: 7 courses, 2 programs", self.lines)
        self.assertEqual(Course.objects.filter(published=True).count(), 7)
        self.assertEqual(
            set(Program.objects.values_list("title", flat=True)),
            {"Internal service essentials", "Agent fundamentals"},
        )
        agent = Program.objects.get(title="Agent fundamentals")
        self.assertEqual(
            list(agent.entries.order_by("position").values_list("course__title", flat=True)),
            ["Active listening", "Empathy at work", "Managing expectations", "Following through"],
        )
        for course in Course.objects.all():
            modules = list(course.modules.all())
            self.assertTrue(2 <= len(modules) <= 3, course.title)
            self.assertTrue(any(m.pass_mark for m in modules), course.title)
        self.assertTrue(all(70 <= (m.pass_mark or 70) <= 80 for m in Module.objects.all()))
        self.assertEqual(
            set(AutoAssignment.objects.active().values_list("trigger", "program__title")),
            {("new_hire", "Internal service essentials"), ("joined_team", "Agent fundamentals")},
        )

    def test_assignments_have_a_realistic_spread_and_consistent_progress(self) -> None:
        made = self.build()
        self.assertEqual(made, Assignment.objects.count())
        with time_machine.travel(NOW, tick=False):
            rows = assignment_rows(Assignment.objects.for_list(), NOW.date())
        standings = {row.standing for row in rows}
        self.assertLessEqual({Standing.DONE, Standing.OVERDUE}, standings)
        self.assertTrue(standings & {Standing.IN_PROGRESS, Standing.NOT_STARTED})
        for row in rows:
            if row.standing == Standing.DONE:
                self.assertEqual(row.done, row.total)
                assert row.assignment.completed_at is not None
                self.assertLessEqual(row.assignment.completed_at, NOW)
        self.assertTrue(QuizAttempt.objects.filter(passed=False).exists())  # failed once first
        self.assertFalse(QuizAttempt.objects.filter(submitted_at__gt=NOW).exists())
        self.assertFalse(ModuleProgress.objects.filter(completed_at__gt=NOW).exists())
        self.assertTrue(CourseCompletion.objects.exists())

    def test_the_sign_ins_have_their_stories_and_private_reflections(self) -> None:
        self.build()
        sofia = Assignment.objects.get(person=self.requester)
        self.assertEqual(
            (sofia.program.title if sofia.program else "", sofia.due_on.isoformat()),
            ("Internal service essentials", "2026-11-28"),
        )
        self.assertIsNone(sofia.completed_at)
        self.assertTrue(ModuleProgress.objects.filter(person=self.requester).exists())
        self.assertEqual(Reflection.objects.filter(person=self.agent).count(), 2)
        self.assertEqual(Reflection.objects.filter(person=self.requester).count(), 1)

    def test_a_second_load_leaves_the_library_alone(self) -> None:
        self.build()
        self.assertEqual(self.build(seed=8), 0)
        self.assertEqual(Course.objects.count(), len(starter.COURSES))
