"""Answering an NPS campaign on its answer page: the score as eleven buttons and the reason, said
plainly named or anonymous; stored once through the engine, with its tone and the person's
department; refused with a clear message and nothing stored otherwise."""

from __future__ import annotations

from typing import Any

import time_machine
from django.core import mail
from django.urls import reverse

from inservice.feedback.models.surveys import Answer, Participation, Response, Survey
from inservice.feedback.services import surveys
from inservice.feedback.tests.test_nps_support import CLOSES, NOW, NpsTestCase
from inservice.notifications.models import Delivery, Notification

HTMX = {"HX-Request": "true"}


@time_machine.travel(NOW, tick=False)
class AnswerPageTests(NpsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.survey = self.campaign()
        self.url = reverse("feedback:nps_answer", args=[self.survey.pk])

    def stored(self) -> tuple[int, int, int, int, int]:
        """Everything an answer could leave behind."""
        return (
            Response.objects.count(),
            Answer.objects.count(),
            Participation.objects.filter(answered=True).count(),
            Notification.objects.count(),
            Delivery.objects.count(),
        )

    def test_the_invited_see_eleven_buttons_and_that_it_is_anonymous(self) -> None:
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(
            response,
            "How likely are you to recommend working with IT Service Desk to a colleague?",
        )
        for n in range(11):
            self.assertContains(
                response, f'<input type="radio" name="score" value="{n}">', html=True
            )
        self.assertNotContains(response, 'value="11"')
        self.assertContains(response, "Your answer is anonymous: it is stored without your name")
        self.assertContains(response, "What is the main reason?")

    def test_a_named_campaign_says_so(self) -> None:
        named = self.campaign(anonymous=False)
        self.login(self.alice)
        response = self.client.get(reverse("feedback:nps_answer", args=[named.pk]))
        self.assertContains(
            response,
            "Your answer is not anonymous: the leads of IT Service Desk will see your name",
        )

    def test_an_answer_is_stored_once_with_its_tone_and_department_and_nothing_else(self) -> None:
        before = self.stored()
        self.login(self.alice)
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            response = self.client.post(
                self.url, {"score": "9", "reason": "Fast, friendly and helpful."}
            )
        self.assertRedirects(response, self.url, status_code=303, fetch_redirect_response=False)
        self.assertEqual(callbacks, [])  # no task, no email: an answer leaves no trace
        self.assertEqual(mail.outbox, [])
        response_row = Response.objects.get()
        self.assertEqual(response_row.department_id, self.cast.sales_dept.pk)
        self.assertIsNone(response_row.person_id)  # anonymous: no name
        answers = {a.number: a for a in Answer.objects.all()}
        self.assertEqual(set(answers), {9, None})
        reason = answers[None]
        self.assertEqual((reason.text, reason.tone), ("Fast, friendly and helpful.", "positive"))
        self.assertGreater(reason.tone_score or 0, 0.5)
        self.assertEqual(
            self.stored(), (before[0] + 1, before[1] + 2, before[2] + 1, before[3], before[4])
        )
        page = self.client.get(self.url)
        self.assertContains(page, "Thank you: your answer about IT Service Desk is in.")
        self.assertNotContains(page, 'name="score"')

    def test_a_named_campaign_keeps_the_person_with_the_answer(self) -> None:
        named = self.campaign(anonymous=False)
        self.login(self.bob)
        self.client.post(reverse("feedback:nps_answer", args=[named.pk]), {"score": "4"})
        self.assertEqual(Response.objects.get(survey=named).person, self.bob)

    def refused(self, data: dict[str, Any], message: str, **headers: str) -> None:
        before = self.stored()
        response = self.client.post(self.url, data, headers=headers)
        self.assertContains(response, message, status_code=422)
        self.assertContains(
            response, "Your answer was not sent: nothing was stored.", status_code=422
        )
        self.assertEqual(self.stored(), before)

    def test_a_score_outside_0_to_10_or_none_at_all_is_refused(self) -> None:
        self.login(self.alice)
        self.refused({"score": "11", "reason": "Great"}, "Choose a value from 0 to 10.")
        self.refused({"score": "-1"}, "Choose a value from 0 to 10.")
        self.refused({"score": "", "reason": "Great"}, "Please answer this question.")
        self.refused({"score": "ten"}, "Enter a whole number.")
        self.refused(
            {"score": "5", "reason": "x" * 2001}, "Keep your answer under 2,000 characters"
        )
        self.refused({"score": "11"}, "Choose a value from 0 to 10.", **HTMX)

    def test_a_second_answer_is_refused(self) -> None:
        self.login(self.alice)
        self.client.post(self.url, {"score": "9"})
        self.refused({"score": "2", "reason": "Changed my mind"}, "You have already answered")
        self.assertEqual(list(Answer.objects.values_list("number", flat=True)), [9])

    def test_a_closed_campaign_takes_no_answer(self) -> None:
        surveys.close_survey(self.survey.pk, CLOSES)
        self.login(self.alice)
        self.assertContains(self.client.get(self.url), "This campaign closed on 19 Oct 2026")
        self.refused({"score": "9"}, "This survey is not open for answers")

    def test_someone_not_invited_is_refused_or_does_not_learn_it_exists(self) -> None:
        self.login(self.erin)  # a lead of IT: sees the question, cannot answer
        page = self.client.get(self.url)
        self.assertContains(page, "You were not asked to answer this campaign")
        self.refused({"score": "10"}, "You were not asked to answer this survey.")
        self.login(self.dave)  # neither asked nor in IT
        self.assertEqual(self.client.get(self.url).status_code, 404)
        before = self.stored()
        self.assertEqual(self.client.post(self.url, {"score": "10"}).status_code, 404)
        self.assertEqual(self.stored(), before)

    def test_htmx_is_sent_back_to_the_page(self) -> None:
        self.login(self.bob)
        response = self.client.post(self.url, {"score": "7"}, headers=HTMX)
        self.assertEqual(response.status_code, 204)
        self.assertEqual(response["HX-Redirect"], self.url)
        self.assertEqual(Survey.objects.get(pk=self.survey.pk).responses.count(), 1)
