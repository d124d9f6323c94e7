"""The demo's surveys, on the demo's own directory: a closed engagement survey whose results read
per department (some shown, the smallest hidden), and an open pulse survey with a few answers."""

from __future__ import annotations

import random

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from inservice.demo.build import build_directory
from inservice.demo.feedback_surveys import Made, build_surveys
from inservice.feedback import results
from inservice.feedback.models.surveys import QuestionKind, Survey
from inservice.notifications.models import Notification
from inservice.org.models import Person


def quiet(text: str) -> None:
    pass


class DemoSurveyTests(TestCase):
    made: Made

    @classmethod
    def setUpTestData(cls) -> None:
        build_directory(random.Random(42), quiet)
        cls.made = build_surveys(timezone.now(), random.Random(7), quiet)

    def test_the_engagement_survey_is_closed_with_departments_shown_and_hidden(self) -> None:
        survey = Survey.objects.get(title="Engagement survey, autumn")
        self.assertEqual(survey.state, "closed")
        self.assertEqual(survey.owner.key_prefix, "HR")
        self.assertEqual(len(survey.questions.all()), 6)
        share = results.respondents(survey) / survey.invited
        self.assertTrue(0.4 <= share <= 0.6, share)
        counts = results.department_counts(survey)
        visible = results.visible_departments(survey)
        self.assertTrue(visible)
        self.assertTrue(set(counts) - visible)  # the smallest departments stay hidden
        found = {r.question.kind: r for r in results.question_results(survey)}
        text = found[QuestionKind.TEXT]
        self.assertGreaterEqual(len(text.comments), survey.min_group)
        self.assertTrue(all(n for _tone, n in text.tones))  # every tone is there
        scale = results.question_results(survey)[0]  # how happy, 1 to 5
        assert scale.mean is not None
        self.assertTrue(2 < scale.mean < 4.5, scale.mean)

    def test_departments_read_differently(self) -> None:
        survey = Survey.objects.get(title="Engagement survey, autumn")
        means = {
            department: results.question_results(survey, department)[0].mean
            for department in results.visible_departments(survey)
        }
        self.assertGreater(len(set(means.values())), 1, means)

    def test_the_pulse_survey_is_open_with_a_few_answers_and_the_lead_sees_its_rate(self) -> None:
        survey = Survey.objects.get(title="Technology pulse: how was your week?")
        self.assertEqual(survey.state, "open")
        self.assertTrue(0 < results.respondents(survey) < survey.invited)
        self.assertEqual(results.question_results(survey), [])  # not released while open
        lead = (
            Person.objects.get(username="lead")
            if Person.objects.filter(username="lead").exists()
            else survey.created_by
        )
        self.client.force_login(lead)
        response = self.client.get(reverse("feedback:surveys"))
        self.assertContains(response, "Technology pulse: how was your week?")

    def test_only_the_open_survey_s_invitation_is_unread(self) -> None:
        engagement = Survey.objects.get(title="Engagement survey, autumn")
        unread = Notification.objects.filter(
            read_at=None, event_key=f"survey_invite:{engagement.pk}"
        )
        self.assertFalse(unread.exists())
        self.assertEqual(self.made.surveys, 2)
