"""A new hire, assigned a course by the new-hire rule the moment they join, signs in, finds the
assignment, reads the first module and marks it done, fails the quiz once with the score shown,
passes it on a new attempt, and sees the module and the course done."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from inservice.browser import Visits
from inservice.factories import PASSWORD
from inservice.learning import hooks, services
from inservice.learning.choices import Trigger
from inservice.learning.models.progress import Assignment, CourseCompletion
from inservice.learning.tests.support import QUIZ, make_course
from inservice.notifications.models import Notification
from inservice.org import services as org
from inservice.test import Cast

pytestmark = pytest.mark.browser


def test_a_new_hire_completes_an_assigned_modules_quiz(visits: Visits, cast: Cast) -> None:
    course = make_course(cast.erin, cast.it, "Promises we keep")
    quizzed = course.modules.get(position=2)
    services.set_quiz(cast.erin, quizzed, QUIZ, 80)  # one wrong answer in four fails it
    services.add_rule(cast.root, services.RuleDraft(Trigger.NEW_HIRE, course, 10))

    nina = org.create_person(
        username="nina",
        name="Nina Newman",
        email="nina@example.org",
        password=PASSWORD,
        team=cast.sales,
    )
    hooks.person_joined(nina)  # what org.services.create_person calls; the task runs on commit
    assignment = Assignment.objects.get(person=nina)
    assert assignment.course == course
    assert Notification.objects.filter(recipient=nina, kind="course_assigned").exists()

    page = visits.signed_in(nina)
    page.goto("/learning/")
    row = page.locator(f'#assignments tr[data-assignment="{assignment.pk}"]')
    expect(row).to_contain_text("Promises we keep")
    expect(row).to_contain_text("For everyone new")
    expect(row).to_contain_text("Not started")
    row.get_by_role("link", name="Promises we keep").click()

    expect(page.get_by_role("heading", name="Promises we keep")).to_be_visible()
    page.get_by_role("link", name="Start").click()
    expect(page.locator("#module-body")).to_contain_text("Why the first reply matters")
    page.get_by_role("button", name="Mark as done").click()
    status = page.locator("#module-status")
    expect(status).to_contain_text("You have done this module.")
    expect(status).to_contain_text("1 of 2 modules done in this course")
    status.get_by_role("link", name="Next: Check yourself").click()

    quiz = page.locator("#quiz")
    expect(quiz).to_contain_text("4 questions · pass mark 80%")
    quiz.get_by_role("button", name="Start the quiz").click()
    quiz.get_by_label("A fix today", exact=True).check()  # the wrong one
    quiz.get_by_label("A reply when the plan changes").check()
    quiz.get_by_label("A new time when the old one slips").check()
    quiz.get_by_label("The receiving team").check()
    quiz.get_by_label("When the requester has what they need").check()
    quiz.get_by_role("button", name="Submit my answers").click()
    result = page.locator("#quiz-result")
    expect(result).to_contain_text("Attempt 1: 75%")
    expect(result).to_contain_text("Not passed")
    expect(result).to_contain_text("You need 80% to pass.")
    expect(status).to_contain_text("Pass the quiz to finish this module")

    quiz.get_by_role("button", name="Start a new attempt").click()
    quiz.get_by_label("A time by which they will hear from you").check()
    quiz.get_by_label("A reply when the plan changes").check()
    quiz.get_by_label("A new time when the old one slips").check()
    quiz.get_by_label("The receiving team").check()
    quiz.get_by_label("When the requester has what they need").check()
    quiz.get_by_role("button", name="Submit my answers").click()
    expect(result).to_contain_text("Attempt 2: 100%")
    expect(result).to_contain_text("Passed")
    expect(status).to_contain_text("You have done this module.")
    expect(status).to_contain_text("Course completed")

    page.goto("/learning/")
    expect(row).to_contain_text("Done")
    assert CourseCompletion.objects.filter(person=nina, course=course).exists()
    assignment.refresh_from_db()
    assert assignment.completed_at is not None
