"""The survey builder: leads make a survey on one page, errors beside each field and question,
nothing saved until it is all right; a draft is edited the same way, an open survey never."""

from __future__ import annotations

from datetime import date
from typing import Any

import time_machine
from django.urls import reverse

from inservice.feedback.models.surveys import Question, Survey
from inservice.feedback.services import surveys
from inservice.feedback.tests.test_surveys_support import MONDAY, SurveyTestCase

NEW = reverse("feedback:survey_new")


def question(i: int, kind: str, text: str, options: str = "", **more: str) -> dict[str, str]:
    row = {
        f"questions-{i}-kind": kind,
        f"questions-{i}-text": text,
        f"questions-{i}-options": options,
        f"questions-{i}-scale_min": more.get("scale_min", "1"),
        f"questions-{i}-scale_max": more.get("scale_max", "5"),
    }
    if more.get("required", "on"):
        row[f"questions-{i}-required"] = "on"
    return row


def form_data(*rows: dict[str, str], **main: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "How is your week going?",
        "intro": "Five minutes.",
        "owner": "",
        "audience_everyone": "on",
        "opens_on": "2026-11-24",
        "closes_on": "2026-12-01",
        "min_group": "5",
        "questions-TOTAL_FORMS": str(len(rows)),
        "questions-INITIAL_FORMS": "0",
    }
    for row in rows:
        data.update(row)
    data.update(main)
    return {k: v for k, v in data.items() if v is not None}


@time_machine.travel(MONDAY, tick=False)
class BuilderTests(SurveyTestCase):
    def test_a_lead_builds_a_survey_of_every_kind_of_question(self) -> None:
        self.login(self.erin)
        page = self.client.get(NEW)
        self.assertContains(page, "New survey")
        self.assertContains(page, "Smallest group shown")
        response = self.client.post(
            NEW,
            form_data(
                question(0, "scale", "How was your week?"),
                question(1, "single", "Where do you work?", "Office\nHome\n"),
                question(2, "multiple", "What helps?", "Quiet\nTools"),
                question(3, "text", "Anything else?", required=""),
                owner=str(self.it.pk),
            ),
        )
        survey = Survey.objects.get()
        self.assertRedirects(
            response, reverse("feedback:survey", args=[survey.pk]), status_code=303
        )
        self.assertEqual((survey.owner, survey.state, survey.min_group), (self.it, "draft", 5))
        self.assertEqual(
            list(survey.questions.values_list("kind", "options", "required")),
            [
                ("scale", [], True),
                ("single", ["Office", "Home"], True),
                ("multiple", ["Quiet", "Tools"], True),
                ("text", [], False),
            ],
        )

    def test_errors_stand_beside_each_field_and_question_and_nothing_is_saved(self) -> None:
        self.login(self.erin)
        response = self.client.post(
            NEW,
            form_data(
                question(0, "scale", "Rate it", scale_min="5", scale_max="3"),
                question(1, "single", "Pick one", "Only"),
                owner=str(self.it.pk),
                audience_everyone=None,
                opens_on="2026-11-20",
                closes_on="2026-11-19",
            ),
        )
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Nothing was saved", status_code=422)
        for message in (
            "A survey cannot open in the past",
            "The survey closes after the day it opens (2026-11-20).",
            "Choose who is asked: everyone, or some teams and departments.",
            "A scale runs upwards within 0 to 10",
            "Give at least two options, one per line.",
        ):
            self.assertContains(response, message, status_code=422)
        questions = response.context["questions"].forms
        self.assertIn("scale_max", questions[0].errors)
        self.assertIn("options", questions[1].errors)
        self.assertFalse(Survey.objects.exists())
        self.assertFalse(Question.objects.exists())

    def test_a_minimum_group_below_three_is_refused_by_the_form(self) -> None:
        self.login(self.erin)
        response = self.client.post(
            NEW, form_data(question(0, "text", "Why?"), owner=str(self.it.pk), min_group="2")
        )
        self.assertContains(response, "greater than or equal to 3", status_code=422)
        self.assertFalse(Survey.objects.exists())

    def test_add_a_question_posts_back_one_more_and_saves_nothing(self) -> None:
        self.login(self.erin)
        response = self.client.post(
            NEW,
            form_data(question(0, "text", "Why?"), owner=str(self.it.pk), add_question="1"),
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(response.context["questions"].forms), 2)
        self.assertFalse(Survey.objects.exists())

    def test_a_blank_added_question_is_left_out(self) -> None:
        self.login(self.erin)
        self.client.post(
            NEW,
            form_data(
                question(0, "text", "Why?"),
                question(1, "scale", ""),  # the blank one "Add a question" offered
                owner=str(self.it.pk),
            ),
        )
        self.assertEqual(list(Question.objects.values_list("text", flat=True)), ["Why?"])

    def test_only_leads_and_administrators_build_and_only_for_their_teams(self) -> None:
        self.login(self.alice)
        self.assertEqual(self.client.get(NEW).status_code, 404)
        self.login(self.grace)
        response = self.client.post(
            NEW, form_data(question(0, "text", "Why?"), owner=str(self.it.pk))
        )
        self.assertContains(response, "Select a valid choice", status_code=422)
        self.assertFalse(Survey.objects.exists())
        self.login(self.root)
        self.assertContains(self.client.get(NEW), self.er.name)  # every team

    def test_a_draft_is_edited_on_the_same_page_and_an_open_survey_never(self) -> None:
        survey = self.make()
        url = reverse("feedback:survey_edit", args=[survey.pk])
        self.login(self.erin)
        page = self.client.get(url)
        self.assertContains(page, "How was your week?")
        self.assertContains(page, "Office\nHome\nBoth")
        response = self.client.post(
            url,
            form_data(
                question(0, "text", "What should change?"),
                owner=str(self.it.pk),
                title="Pulse, November",
                audience_everyone=None,
                audience=[str(self.payroll.pk)],
            ),
        )
        self.assertRedirects(
            response, reverse("feedback:survey", args=[survey.pk]), status_code=303
        )
        survey.refresh_from_db()
        self.assertEqual(survey.title, "Pulse, November")
        self.assertEqual(list(survey.audience.all()), [self.payroll])
        self.login(self.grace)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertTrue(surveys.open_survey(survey.pk, date(2026, 11, 24)))
        self.login(self.erin)
        response = self.client.get(url)
        self.assertRedirects(
            response, reverse("feedback:survey", args=[survey.pk]), status_code=303
        )
        follow = self.client.get(url, follow=True)
        self.assertContains(follow, "This survey has opened: it can no longer be changed.")
        posted = self.client.post(
            url, form_data(question(0, "text", "Sneaky"), owner=str(self.it.pk))
        )
        self.assertEqual(posted.status_code, 303)
        self.assertFalse(Question.objects.filter(text="Sneaky").exists())
