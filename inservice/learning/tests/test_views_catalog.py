"""The catalog: published courses for everyone (drafts for their editors), searched and by team,
with one's progress; programs and their courses in order; one's own learning. Each list keeps
its query count whatever its rows."""

from __future__ import annotations

import time_machine
from django.urls import reverse

from inservice.learning import services
from inservice.learning.models.content import Program
from inservice.learning.tests.support import DUE, MONDAY, LearningTestCase, make_course
from inservice.org.tests.api_support import make_team

COURSES = reverse("learning:course_list")
PROGRAMS = reverse("learning:program_list")
HOME = reverse("learning:home")


@time_machine.travel(MONDAY, tick=False)
class CourseListTests(LearningTestCase):
    def test_everyone_sees_published_courses_and_editors_their_drafts(self) -> None:
        make_course(self.erin, self.it, "Active listening")
        make_course(self.erin, self.it, "Draft on empathy", publish=False)
        self.login(self.alice)
        response = self.client.get(COURSES)
        self.assertContains(response, "Active listening")
        self.assertContains(response, "Promises we keep")
        self.assertNotContains(response, "Draft on empathy")
        self.assertContains(response, "2 modules · 18 min")
        self.login(self.erin)
        self.assertContains(self.client.get(COURSES), "Draft on empathy")
        self.login(self.root)
        self.assertContains(self.client.get(COURSES), "Draft on empathy")

    def test_it_shows_how_far_one_is(self) -> None:
        services.complete_module(self.alice, self.reading)
        done = make_course(self.erin, self.it, "Already done", quiz=False)
        self.finish(self.alice, done)
        self.login(self.alice)
        response = self.client.get(COURSES)
        self.assertContains(response, "1 of 2 done")
        self.assertContains(response, '<span class="badge badge-ok">Done</span>', html=True)

    def test_it_searches_words_and_narrows_to_a_team(self) -> None:
        make_course(self.grace, self.payroll, "Payslips explained")
        self.login(self.alice)
        found = self.client.get(COURSES, {"q": "payslip"})
        self.assertContains(found, "Payslips explained")
        self.assertNotContains(found, "Promises we keep")
        by_team = self.client.get(COURSES, {"team": self.it.slug})
        self.assertContains(by_team, "Promises we keep")
        self.assertNotContains(by_team, "Payslips explained")
        self.assertEqual(self.client.get(COURSES, {"team": "nobody"}).status_code, 404)

    def test_the_list_keeps_its_query_count(self) -> None:
        self.login(self.alice)
        few, _sql = self.count_page_queries(COURSES)
        for n in range(6):
            team = make_team()
            course = make_course(self.root, team, f"Course {n}")
            services.complete_module(self.alice, course.modules.get(position=1))
        many, sql = self.count_page_queries(COURSES)
        self.assertEqual(few, many, sql)


@time_machine.travel(MONDAY, tick=False)
class ProgramTests(LearningTestCase):
    def program(self, title: str = "Agent fundamentals", publish: bool = True) -> Program:
        second = make_course(self.erin, self.it, f"{title}: following through", quiz=False)
        program = services.create_program(self.erin, self.it, services.Heading(title, "In order."))
        services.set_program_courses(self.erin, program, [self.course.pk, second.pk])
        if publish:
            services.set_program_published(self.erin, program, True)
        return program

    def test_a_program_shows_its_courses_in_order_and_progress(self) -> None:
        program = self.program()
        self.finish(self.alice)
        self.login(self.alice)
        page = self.client.get(reverse("learning:program_detail", args=[program.pk]))
        self.assertContains(page, "1 of 2 courses done")
        text = page.content.decode()
        self.assertLess(text.index("Promises we keep"), text.index("following through"))
        self.assertContains(page, "Next: Agent fundamentals: following through")
        listing = self.client.get(PROGRAMS)
        self.assertContains(listing, "Agent fundamentals")
        self.assertContains(listing, "1 of 2 done")

    def test_a_draft_program_is_a_404_for_others(self) -> None:
        program = self.program("Secret plan", publish=False)
        self.login(self.alice)
        url = reverse("learning:program_detail", args=[program.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertNotContains(self.client.get(PROGRAMS), "Secret plan")

    def test_the_program_list_keeps_its_query_count(self) -> None:
        self.login(self.alice)
        self.program("First")
        few, _sql = self.count_page_queries(PROGRAMS)
        for n in range(4):
            self.program(f"Program {n}")
        self.finish(self.alice)
        many, sql = self.count_page_queries(PROGRAMS)
        self.assertEqual(few, many, sql)


@time_machine.travel(MONDAY, tick=False)
class HomeTests(LearningTestCase):
    def test_it_lists_ones_assignments_soonest_due_first_with_where_one_stands(self) -> None:
        later = make_course(self.erin, self.it, "Later course")
        late = make_course(self.erin, self.it, "Late course")
        self.assign(self.alice)
        self.assign(self.alice, later, due_on=DUE.replace(day=30))
        services.complete_module(self.alice, self.reading)
        self.assign(self.alice, late, due_on=MONDAY.date())
        self.login(self.alice)
        with time_machine.travel(MONDAY.replace(day=25), tick=False):
            response = self.client.get(HOME)
        text = response.content.decode()
        self.assertLess(text.index("Late course"), text.index("Promises we keep"))
        self.assertLess(text.index("Promises we keep"), text.index("Later course"))
        self.assertContains(response, 'data-standing="overdue"')
        self.assertContains(response, 'data-standing="in_progress"')
        self.assertContains(response, 'data-standing="not_started"')
        self.assertContains(response, "1 of 2 modules")
        self.assertContains(response, "by Root Admin")

    def test_the_list_keeps_its_query_count(self) -> None:
        self.login(self.alice)
        self.assign(self.alice)
        few, _sql = self.count_page_queries(HOME)
        for n in range(5):
            self.assign(self.alice, make_course(self.erin, self.it, f"Course {n}"))
        program = services.create_program(self.erin, self.it, services.Heading("A program"))
        services.set_program_courses(self.erin, program, [self.course.pk])
        services.set_program_published(self.erin, program, True)
        self.assign(self.alice, program)
        many, sql = self.count_page_queries(HOME)
        self.assertEqual(few, many, sql)

    def test_leads_find_their_tools(self) -> None:
        self.login(self.erin)
        response = self.client.get(HOME)
        self.assertContains(response, "Write a course")
        self.assertContains(response, "IT Service Desk: who has done what")
        self.login(self.alice)
        self.assertNotContains(self.client.get(HOME), "Write a course")
