"""The answer page: the people asked answer once, told plainly what is kept; a refusal is a 422
with the reason and nothing stored; nobody else learns the survey exists."""

from __future__ import annotations

from typing import Any

import time_machine
from django.urls import reverse

from inservice.feedback.models.surveys import Answer, QuestionKind, Response, Survey
from inservice.feedback.tests.test_surveys_support import MONDAY, SurveyTestCase, colleague

HTMX = {"HX-Request": "true"}


@time_machine.travel(MONDAY, tick=False)
class AnswerPageTests(SurveyTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.survey = self.opened()
        self.url = reverse("feedback:survey_answer", args=[self.survey.pk])

    def posted(self, survey: Survey | None = None, **values: Any) -> dict[str, Any]:
        """The form as a browser posts it."""
        data: dict[str, Any] = {}
        for question_id, value in self.answers(survey or self.survey, **values).items():
            data[f"q{question_id}"] = value
        return data

    def test_it_says_plainly_what_is_kept_and_when_results_appear(self) -> None:
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, "How is your week going?")
        self.assertContains(response, "Your answers are stored without your name")
        self.assertContains(response, "Results appear when the survey closes on 30 Nov 2026")
        self.assertContains(response, "only for groups of at least 5 people")
        for question in self.survey.questions.all():
            self.assertContains(response, question.text)
        scale = self.question(self.survey, QuestionKind.SCALE)
        self.assertContains(response, f'name="q{scale.pk}"', count=5)  # one radio per value
        self.assertContains(response, "Send my answers")

    def test_answering_stores_the_answers_and_thanks_the_person(self) -> None:
        self.login(self.alice)
        response = self.client.post(self.url, self.posted(scale=2, comment="Too many meetings."))
        self.assertRedirects(response, self.url, status_code=303)
        self.assertEqual(Response.objects.count(), 1)
        self.assertEqual(Answer.objects.get(question__kind=QuestionKind.SCALE).number, 2)
        page = self.client.get(self.url)
        self.assertContains(page, "Thank you: your answers are in.")
        self.assertNotContains(page, "Send my answers")
        self.assertNotContains(page, "Too many meetings.")  # never shown back, even to them

    def test_a_second_try_is_refused_with_a_clear_message(self) -> None:
        self.login(self.alice)
        self.client.post(self.url, self.posted(scale=2))
        response = self.client.post(self.url, self.posted(scale=5))
        self.assertContains(
            response,
            "You have already answered this survey: it takes one response per person.",
            status_code=422,
        )
        self.assertEqual(
            list(Answer.objects.exclude(number=None).values_list("number", flat=True)), [2]
        )

    def test_a_bad_answer_is_named_beside_its_question_and_nothing_is_stored(self) -> None:
        self.login(self.alice)
        scale = self.question(self.survey, QuestionKind.SCALE)
        data = self.posted(comment="x" * 2001)
        data[f"q{scale.pk}"] = ""
        response = self.client.post(self.url, data)
        self.assertContains(response, "Nothing was stored", status_code=422)
        self.assertContains(response, "Please answer this question.", status_code=422)
        self.assertContains(response, "at most 2000 characters", status_code=422)
        self.assertFalse(Response.objects.exists())
        fragment = self.client.post(self.url, data, headers=HTMX)
        self.assertEqual(fragment.status_code, 422)
        self.assertTemplateUsed(fragment, "feedback/surveys/partials/answer_form.html")
        self.assertNotContains(fragment, "<html", status_code=422)

    def test_htmx_answers_204_and_sends_the_browser_to_the_thank_you(self) -> None:
        self.login(self.bob)
        response = self.client.post(self.url, self.posted(), headers=HTMX)
        self.assertEqual(response.status_code, 204)
        self.assertEqual(response["HX-Trigger"], "survey-answered")
        self.assertEqual(response["HX-Redirect"], self.url)
        self.assertEqual(Response.objects.count(), 1)

    def test_a_closed_survey_takes_no_more_answers(self) -> None:
        self.closed(self.survey)
        self.login(self.alice)
        page = self.client.get(self.url)
        self.assertContains(page, "This survey is closed: it takes no more answers.")
        response = self.client.post(self.url, self.posted())
        self.assertContains(
            response,
            "This survey is not open for answers: it has closed or not yet opened.",
            status_code=422,
        )
        self.assertFalse(Response.objects.exists())

    def test_someone_not_asked_gets_a_404_and_learns_nothing(self) -> None:
        newcomer = colleague(self.sales)
        self.login(newcomer)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url, self.posted()).status_code, 404)
        self.assertFalse(Response.objects.exists())
        draft = self.make()
        self.login(self.alice)
        answer_draft = reverse("feedback:survey_answer", args=[draft.pk])
        self.assertEqual(self.client.get(answer_draft).status_code, 404)

    def test_the_answer_is_not_echoed_in_a_message_or_the_session(self) -> None:
        self.login(self.alice)
        self.client.post(self.url, self.posted(comment="My manager is the problem."))
        session = self.client.session
        self.assertNotIn("My manager", str(dict(session.items())))
        self.assertNotIn("_messages", session)
        self.assertNotIn("_messages", self.client.cookies)
