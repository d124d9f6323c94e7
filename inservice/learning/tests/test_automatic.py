"""Automatic assignments: rules made on the rules page (administrators for new hires and any
service team, leads for their own team); the hooks org.services calls when someone joins the
organisation or a team enqueue the work after the commit, and the task assigns once, due so many
working days later, telling the person."""

from __future__ import annotations

from datetime import date

import time_machine
from django.core import mail
from django.urls import reverse

from inservice.learning import hooks, services, tasks
from inservice.learning.choices import Reason, Trigger
from inservice.learning.models.progress import Assignment, AutoAssignment
from inservice.learning.tests.support import MONDAY, LearningTestCase
from inservice.notifications.choices import Kind
from inservice.notifications.models import Notification
from inservice.org import services as org
from inservice.org.models import Person, Team
from inservice.org.tests.api_support import make_team

RULES = reverse("learning:rule_list")


@time_machine.travel(MONDAY, tick=False)
class RulePageTests(LearningTestCase):
    def test_an_administrator_adds_a_rule_for_new_hires_and_ends_it(self) -> None:
        self.login(self.root)
        response = self.client.post(
            RULES,
            {
                "trigger": Trigger.NEW_HIRE,
                "target": f"course:{self.course.pk}",
                "due_in_days": "10",
            },
        )
        self.assertRedirects(response, RULES, status_code=303, fetch_redirect_response=False)
        rule = AutoAssignment.objects.get()
        self.assertEqual(
            (rule.trigger, rule.course, rule.team, rule.due_in_days),
            (Trigger.NEW_HIRE, self.course, None, 10),
        )
        page = self.client.get(RULES)
        self.assertContains(page, "Someone joins the organisation")
        self.assertContains(page, "10 working days")
        self.client.post(reverse("learning:rule_end", args=[rule.pk]))
        rule.refresh_from_db()
        self.assertIsNotNone(rule.ended_at)

    def test_a_lead_makes_rules_for_joining_their_own_team_only(self) -> None:
        self.login(self.erin)
        refused = self.client.post(
            RULES,
            {
                "trigger": Trigger.NEW_HIRE,
                "target": f"course:{self.course.pk}",
                "due_in_days": "10",
            },
        )
        self.assertContains(
            refused,
            "Only administrators, and leads for their own team, make rules.",
            status_code=422,
        )
        other = self.client.post(
            RULES,
            {
                "trigger": Trigger.JOINED_TEAM,
                "target": f"course:{self.course.pk}",
                "team": self.payroll.slug,
                "due_in_days": "10",
            },
        )
        self.assertContains(other, "Select a valid choice.", status_code=422)
        self.client.post(
            RULES,
            {
                "trigger": Trigger.JOINED_TEAM,
                "target": f"course:{self.course.pk}",
                "team": self.it.slug,
                "due_in_days": "15",
            },
        )
        self.assertEqual(AutoAssignment.objects.get().team, self.it)
        self.login(self.carol)
        self.assertEqual(self.client.get(RULES).status_code, 404)

    def test_bad_rules_are_refused_and_nothing_is_stored(self) -> None:
        services.add_rule(self.root, services.RuleDraft(Trigger.NEW_HIRE, self.course, 10))
        self.login(self.root)
        cases = [
            ({"due_in_days": "0"}, "from 1 to 120"),
            ({"due_in_days": ""}, "from 1 to 120"),
            ({"target": "course:999999"}, "Select a valid choice."),
            ({}, "An active rule already assigns it to the same people."),
        ]
        for values, message in cases:
            data = {
                "trigger": Trigger.NEW_HIRE,
                "target": f"course:{self.course.pk}",
                "due_in_days": "10",
            }
            data.update(values)
            with self.subTest(values=values):
                self.assertContains(self.client.post(RULES, data), message, status_code=422)
        self.assertEqual(AutoAssignment.objects.count(), 1)


@time_machine.travel(MONDAY, tick=False)
class HookTests(LearningTestCase):
    def join(self, team: Team | None = None, username: str = "nina") -> Person:
        """Someone created as org.services does it, then the hook it calls."""
        with self.captureOnCommitCallbacks(execute=True):
            person = org.create_person(
                username=username, name="Nina New", email=f"{username}@example.org", team=team
            )
            hooks.person_joined(person)
        return person

    def test_a_new_hire_is_assigned_the_new_hire_rules_and_told(self) -> None:
        rule = services.add_rule(self.root, services.RuleDraft(Trigger.NEW_HIRE, self.course, 10))
        nina = self.join(self.sales)
        assignment = Assignment.objects.get(person=nina)
        self.assertEqual(
            (assignment.course, assignment.reason, assignment.rule, assignment.assigned_by),
            (self.course, Reason.NEW_HIRE, rule, None),
        )
        self.assertEqual(
            assignment.due_on, date(2026, 12, 4)
        )  # the 10th working day, Monday counted
        self.assertTrue(
            Notification.objects.filter(recipient=nina, kind=Kind.COURSE_ASSIGNED).exists()
        )
        [email] = mail.outbox
        self.assertIn(
            "Welcome! Everyone new takes “Promises we keep”: please complete it by 4 Dec 2026.",
            str(email.body),
        )

    def test_without_a_rule_the_hooks_enqueue_nothing(self) -> None:
        with self.captureOnCommitCallbacks() as callbacks:
            person = org.create_person(username="quiet", name="Quiet", email="quiet@example.org")
            hooks.person_joined(person)
            hooks.member_added(self.it, person)
        self.assertEqual(callbacks, [])

    def test_joining_a_service_team_assigns_the_rules_for_it(self) -> None:
        services.add_rule(self.root, services.RuleDraft(Trigger.JOINED_TEAM, self.course, 5))
        with self.captureOnCommitCallbacks(execute=True):
            org.add_member(self.it, self.alice)
            hooks.member_added(self.it, self.alice)
        assignment = Assignment.objects.get(person=self.alice)
        self.assertEqual((assignment.reason, assignment.team), (Reason.JOINED_TEAM, self.it))
        self.assertEqual(assignment.due_on, date(2026, 11, 27))
        quiet = make_team()  # owns no services: "any service team" rules leave it be
        with self.captureOnCommitCallbacks(execute=True):
            org.add_member(quiet, self.bob)
            hooks.member_added(quiet, self.bob)
        self.assertFalse(Assignment.objects.filter(person=self.bob).exists())

    def test_a_rule_for_one_team_and_a_new_hire_joining_it(self) -> None:
        services.add_rule(
            self.grace, services.RuleDraft(Trigger.JOINED_TEAM, self.course, 5, self.payroll)
        )
        self.join(self.it, "ivan")
        self.assertFalse(Assignment.objects.exists())
        nina = self.join(self.payroll)
        self.assertEqual(Assignment.objects.get().person, nina)

    def test_the_tasks_assign_once_however_often_they_run(self) -> None:
        services.add_rule(self.root, services.RuleDraft(Trigger.NEW_HIRE, self.course, 10))
        services.add_rule(self.root, services.RuleDraft(Trigger.JOINED_TEAM, self.course, 5))
        nina = self.join(self.it)
        tasks.assign_new_hire.delay(nina.pk)
        tasks.assign_new_member.delay(self.it.pk, nina.pk)
        self.assertEqual(Assignment.objects.filter(person=nina).count(), 1)
        self.assertEqual(Notification.objects.filter(recipient=nina).count(), 1)

    def test_an_ended_rule_assigns_nobody(self) -> None:
        rule = services.add_rule(self.root, services.RuleDraft(Trigger.NEW_HIRE, self.course, 10))
        services.end_rule(self.root, rule)
        self.join(self.sales)
        self.assertFalse(Assignment.objects.exists())
