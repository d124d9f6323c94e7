"""Assigning a course or program: a lead to their team or its members, an administrator to
anyone; each person told once, in the app and by email; bad input refused with nothing stored;
leads see their team's completion (the block on the team's page, the full report), and a
person's learning shows on their page to them, their leads and administrators."""

from __future__ import annotations

from datetime import date

import time_machine
from django.core import mail
from django.urls import reverse

from inservice.learning import services
from inservice.learning.choices import Reason
from inservice.learning.models.progress import Assignment
from inservice.learning.tests.support import DUE, MONDAY, LearningTestCase, make_course
from inservice.notifications.choices import Kind
from inservice.notifications.models import Notification
from inservice.org import services as org
from inservice.org.choices import Role
from inservice.org.tests.api_support import make_person


def url(name: str, *args: object) -> str:
    return reverse(f"learning:{name}", args=args)


@time_machine.travel(MONDAY, tick=False)
class AssignPageTests(LearningTestCase):
    def test_a_lead_assigns_a_course_to_their_team_and_each_member_is_told(self) -> None:
        self.login(self.erin)
        page = self.client.get(url("course_assign", self.course.pk))
        self.assertContains(page, "2026-12-23")  # due in 30 days by default
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                url("course_assign", self.course.pk),
                {"team": self.it.slug, "people": "", "due_on": DUE.isoformat()},
            )
        self.assertRedirects(
            response,
            url("course_detail", self.course.pk),
            status_code=303,
            fetch_redirect_response=False,
        )
        made = Assignment.objects.filter(course=self.course).order_by("person__name")
        self.assertEqual([a.person for a in made], [self.carol, self.erin])
        self.assertEqual(
            {(a.reason, a.team, a.assigned_by, a.due_on) for a in made},
            {(Reason.TEAM, self.it, self.erin, DUE)},
        )
        told = Notification.objects.filter(kind=Kind.COURSE_ASSIGNED)
        self.assertEqual({n.recipient for n in told}, {self.carol, self.erin})
        note = told.get(recipient=self.carol)
        self.assertEqual(note.title, "Promises we keep, due 11 Dec 2026")
        self.assertEqual(note.link, url("course_detail", self.course.pk))
        [email] = [m for m in mail.outbox if m.to == ["carol@example.org"]]
        self.assertEqual(email.subject, "To complete by 11 Dec 2026: Promises we keep")
        self.assertIn(
            "Erin Lead asked you to complete “Promises we keep” by 11 Dec 2026.", email.body
        )
        self.assertIn(
            f"http://127.0.0.1:8000{url('course_detail', self.course.pk)}", str(email.body)
        )
        self.assertContains(
            self.client.get(url("course_detail", self.course.pk)), "Assigned to 2 people."
        )

    def test_assigning_again_keeps_the_first_assignment(self) -> None:
        first = self.assign(self.carol, by=self.erin)
        self.login(self.erin)
        response = self.client.post(
            url("course_assign", self.course.pk),
            {"people": "carol@example.org", "due_on": "2027-01-15"},
            follow=True,
        )
        self.assertContains(response, "Assigned to 0 people. 1 already had it.")
        self.assertEqual(Assignment.objects.get().pk, first.pk)
        self.assertEqual(Assignment.objects.get().due_on, DUE)

    def test_bad_input_is_refused_and_nothing_is_stored(self) -> None:
        self.login(self.erin)
        cases = [
            (
                {"people": "", "due_on": DUE.isoformat()},
                "Choose the people, or a team, to assign it to.",
            ),
            ({"people": "carol", "due_on": "2026-11-22"}, "Choose a due date from today on."),
            ({"people": "carol", "due_on": "2029-01-01"}, "Choose a due date within two years."),
            ({"people": "carol", "due_on": ""}, "Choose the date it is due."),
            (
                {"people": "alice", "due_on": DUE.isoformat()},
                "You assign only to members of the teams you lead: Alice Asker is not one.",
            ),
            (
                {"people": "nobody@example.org", "due_on": DUE.isoformat()},
                "Nobody in the directory matches",
            ),
            ({"team": self.payroll.slug, "due_on": DUE.isoformat()}, "Select a valid choice."),
        ]
        with self.captureOnCommitCallbacks(execute=True):
            for data, message in cases:
                with self.subTest(data=data):
                    response = self.client.post(url("course_assign", self.course.pk), data)
                    self.assertContains(response, message, status_code=422)
                    self.assertContains(response, "Nothing was assigned", status_code=422)
        self.assertFalse(Assignment.objects.exists())
        self.assertFalse(Notification.objects.exists())

    def test_only_leads_and_administrators_assign_and_only_published_things(self) -> None:
        self.login(self.carol)
        self.assertEqual(self.client.get(url("course_assign", self.course.pk)).status_code, 404)
        draft = make_course(self.erin, self.it, "Draft", publish=False)
        self.login(self.erin)
        self.assertEqual(self.client.get(url("course_assign", draft.pk)).status_code, 404)
        self.login(self.root)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                url("course_assign", self.course.pk),
                {"people": "alice, bob", "due_on": DUE.isoformat()},
            )
        self.assertEqual(
            set(Assignment.objects.values_list("person__username", "reason")),
            {("alice", Reason.CHOSEN), ("bob", Reason.CHOSEN)},
        )

    def test_a_program_is_assigned_like_a_course(self) -> None:
        program = services.create_program(self.erin, self.it, services.Heading("Essentials"))
        services.set_program_courses(self.erin, program, [self.course.pk])
        services.set_program_published(self.erin, program, True)
        self.login(self.erin)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                url("program_assign", program.pk), {"people": "carol", "due_on": DUE.isoformat()}
            )
        assignment = Assignment.objects.get()
        self.assertEqual((assignment.program, assignment.course), (program, None))
        [email] = mail.outbox
        self.assertIn("Open the program", str(email.body))

    def test_nobody_is_told_of_something_they_completed_already(self) -> None:
        self.finish(self.carol)
        with self.captureOnCommitCallbacks(execute=True):
            assignment = self.assign(self.carol, by=self.erin)
        self.assertIsNotNone(assignment.completed_at)
        self.assertFalse(Notification.objects.exists())
        self.assertEqual(mail.outbox, [])


@time_machine.travel(MONDAY, tick=False)
class TeamCompletionTests(LearningTestCase):
    def test_the_lead_sees_each_members_assignments_done_and_overdue(self) -> None:
        late = make_course(self.erin, self.it, "Late one", quiz=False)
        with time_machine.travel(MONDAY.replace(day=2), tick=False):
            self.assign(self.carol, late, due_on=date(2026, 11, 10))
        self.assign(self.carol)
        self.assign(self.erin)
        self.finish(self.erin)
        self.login(self.erin)
        block = self.client.get(url("team_block", self.it.slug))
        self.assertContains(block, '<dd data-measure="done">1 / 3 (33%)</dd>', html=True)
        self.assertContains(block, '<dd data-measure="overdue">1</dd>', html=True)
        self.assertContains(block, f'data-person="{self.carol.pk}"')
        self.assertNotContains(block, "<html")
        report = self.client.get(url("team_report", self.it.slug))
        text = report.content.decode()
        self.assertLess(text.index("Carol Agent"), text.index("Erin Lead"))  # most behind first
        self.assertContains(report, "1 of 3 assignments done (33%).")
        self.assertContains(report, "1 person has something overdue.")

    def test_members_and_other_leads_get_a_404(self) -> None:
        for person in (self.carol, self.grace, self.alice):
            self.login(person)
            with self.subTest(person=person.username):
                self.assertEqual(self.client.get(url("team_block", self.it.slug)).status_code, 404)
                self.assertEqual(self.client.get(url("team_report", self.it.slug)).status_code, 404)
        self.login(self.root)
        self.assertEqual(self.client.get(url("team_block", self.it.slug)).status_code, 200)

    def test_the_block_and_report_keep_their_query_counts(self) -> None:
        self.login(self.erin)
        self.assign(self.carol)
        block_few, _ = self.count_page_queries(url("team_block", self.it.slug))
        report_few, _ = self.count_page_queries(url("team_report", self.it.slug))
        for _n in range(5):
            person = make_person(team=self.it)
            self.assign(person)
            services.complete_module(person, self.reading)
        block_many, sql = self.count_page_queries(url("team_block", self.it.slug))
        self.assertEqual(block_few, block_many, sql)
        report_many, sql = self.count_page_queries(url("team_report", self.it.slug))
        self.assertEqual(report_few, report_many, sql)


@time_machine.travel(MONDAY, tick=False)
class PersonBlockTests(LearningTestCase):
    def test_a_persons_learning_is_for_them_their_leads_and_administrators(self) -> None:
        self.assign(self.carol)
        for viewer, status in (
            (self.carol, 200),
            (self.erin, 200),
            (self.root, 200),
            (self.alice, 404),
            (self.grace, 404),
        ):
            self.login(viewer)
            with self.subTest(viewer=viewer.username):
                response = self.client.get(url("person_block", self.carol.pk))
                self.assertEqual(response.status_code, status)
        self.login(self.erin)
        block = self.client.get(url("person_block", self.carol.pk))
        self.assertContains(block, "Promises we keep")
        self.assertContains(block, "1 assignment to complete")

    def test_a_new_lead_sees_a_member_of_their_team(self) -> None:
        org.add_member(self.payroll, self.alice, Role.MEMBER)
        self.login(self.grace)
        self.assertEqual(self.client.get(url("person_block", self.alice.pk)).status_code, 200)
