"""Every other list and partial of learning keeps its query count whatever its rows: a course's
modules, a program's courses, the rules, one's reflections, a person's block."""

from __future__ import annotations

from collections.abc import Callable

import time_machine
from django.urls import reverse

from inservice.learning import services
from inservice.learning.choices import Trigger
from inservice.learning.tests.support import MONDAY, LearningTestCase, make_course
from inservice.org.tests.api_support import make_team


@time_machine.travel(MONDAY, tick=False)
class QueryCountTests(LearningTestCase):
    def assertFlat(self, url: str, grow: Callable[[], None]) -> None:
        few, _sql = self.count_page_queries(url)
        grow()
        many, sql = self.count_page_queries(url)
        self.assertEqual(few, many, sql)

    def test_a_course_page(self) -> None:
        self.login(self.alice)

        def grow() -> None:
            for n in range(4):
                module = services.add_module(
                    self.erin, self.course, services.ModuleDraft(f"More {n}", "Text.")
                )
                services.complete_module(self.alice, module)

        self.assertFlat(reverse("learning:course_detail", args=[self.course.pk]), grow)

    def test_a_program_page(self) -> None:
        program = services.create_program(self.erin, self.it, services.Heading("Essentials"))
        services.set_program_courses(self.erin, program, [self.course.pk])
        services.set_program_published(self.erin, program, True)
        self.login(self.alice)

        def grow() -> None:
            more = [make_course(self.erin, self.it, f"Course {n}").pk for n in range(4)]
            services.set_program_courses(self.erin, program, [self.course.pk, *more])
            self.finish(self.alice)

        self.assertFlat(reverse("learning:program_detail", args=[program.pk]), grow)

    def test_the_rules(self) -> None:
        self.login(self.root)
        services.add_rule(self.root, services.RuleDraft(Trigger.NEW_HIRE, self.course, 10))

        def grow() -> None:
            for _n in range(4):
                team = make_team()
                services.add_rule(
                    self.root, services.RuleDraft(Trigger.JOINED_TEAM, self.course, 5, team)
                )

        self.assertFlat(reverse("learning:rule_list"), grow)

    def test_ones_reflections(self) -> None:
        self.login(self.carol)
        services.save_reflection(self.carol, {"who": "Sales."}, {})

        def grow() -> None:
            for n in range(5):
                services.save_reflection(self.carol, {"next": f"Step {n}"}, {"listen": 3})

        self.assertFlat(reverse("learning:reflection"), grow)

    def test_a_persons_block(self) -> None:
        self.login(self.erin)
        self.assign(self.carol)

        def grow() -> None:
            for n in range(5):
                self.assign(self.carol, make_course(self.erin, self.it, f"Course {n}"))

        self.assertFlat(reverse("learning:person_block", args=[self.carol.pk]), grow)
