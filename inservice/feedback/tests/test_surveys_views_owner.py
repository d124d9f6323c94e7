"""A survey as its owners see it, and their buttons: open now on its opening day, close now."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.core import mail
from django.urls import reverse

from inservice.feedback.models.surveys import Participation
from inservice.feedback.tests.test_surveys_support import MONDAY, TODAY, SurveyTestCase

HTMX = {"HX-Request": "true"}


@time_machine.travel(MONDAY, tick=False)
class OwnerPageTests(SurveyTestCase):
    def test_the_owners_see_settings_questions_and_the_response_rate(self) -> None:
        survey = self.opened(min_group=6)
        self.answer(self.alice, survey)
        url = reverse("feedback:survey", args=[survey.pk])
        for owner in (self.erin, self.root):
            self.login(owner)
            with self.subTest(owner=owner.username):
                response = self.client.get(url)
                self.assertContains(response, "How is your week going?")
                self.assertContains(response, '<dd id="min-group">6 people</dd>', html=True)
                self.assertContains(response, "1 of 8")
                self.assertContains(response, "What helps you most?")
                self.assertContains(response, "Close now and release the results")
        for outsider in (self.carol, self.grace, self.alice):
            self.login(outsider)
            with self.subTest(outsider=outsider.username):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_draft_due_today_is_opened_now_and_everyone_asked_is_told(self) -> None:
        survey = self.make()
        self.login(self.erin)
        page = self.client.get(reverse("feedback:survey", args=[survey.pk]))
        self.assertContains(page, "Open now")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("feedback:survey_open", args=[survey.pk]))
            page = self.client.get(response["Location"])
        self.assertRedirects(
            response, reverse("feedback:survey", args=[survey.pk]), status_code=303
        )
        survey.refresh_from_db()
        self.assertEqual(survey.state, "open")
        self.assertEqual(Participation.objects.filter(survey=survey).count(), 8)
        self.assertEqual(len(mail.outbox), 8)
        self.assertContains(page, "everyone asked has been told")

    def test_a_draft_due_later_is_not_opened_now(self) -> None:
        survey = self.make(opens_on=TODAY + timedelta(days=3))
        self.login(self.erin)
        self.assertNotContains(
            self.client.get(reverse("feedback:survey", args=[survey.pk])), "Open now"
        )
        response = self.client.post(reverse("feedback:survey_open", args=[survey.pk]), follow=True)
        self.assertContains(response, "This survey opens on 2026-11-26")
        survey.refresh_from_db()
        self.assertEqual(survey.state, "draft")

    def test_an_owner_closes_it_now_and_the_results_are_released(self) -> None:
        survey = self.opened()
        self.login(self.erin)
        response = self.client.post(
            reverse("feedback:survey_close", args=[survey.pk]), headers=HTMX
        )
        self.assertEqual(response.status_code, 204)
        self.assertEqual(response["HX-Redirect"], reverse("feedback:survey", args=[survey.pk]))
        survey.refresh_from_db()
        self.assertEqual(survey.state, "closed")

    def test_nobody_else_can_open_or_close_it_and_get_does_nothing(self) -> None:
        draft, survey = self.make(), self.opened()
        self.login(self.grace)
        self.assertEqual(
            self.client.post(reverse("feedback:survey_open", args=[draft.pk])).status_code, 404
        )
        self.assertEqual(
            self.client.post(reverse("feedback:survey_close", args=[survey.pk])).status_code, 404
        )
        self.login(self.erin)
        self.assertEqual(
            self.client.get(reverse("feedback:survey_close", args=[survey.pk])).status_code, 405
        )
        draft.refresh_from_db()
        survey.refresh_from_db()
        self.assertEqual((draft.state, survey.state), ("draft", "open"))
