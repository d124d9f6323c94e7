"""The hourly sweep (tasks_surveys.sweep_surveys) and the emails it causes: surveys open on their
day and everyone asked is emailed, those who have not answered are reminded once two days
before the close, surveys close on their day; running it again does nothing twice."""

from __future__ import annotations

from datetime import datetime, timedelta

import time_machine
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from inservice.feedback.models.surveys import SurveyKind
from inservice.feedback.services import surveys
from inservice.feedback.tasks_surveys import sweep_surveys
from inservice.feedback.tests.test_surveys_support import NEXT_MONDAY, TODAY, SurveyTestCase, on
from inservice.notifications.choices import DeliveryStatus, Kind
from inservice.notifications.delivery import attempt_delivery
from inservice.notifications.models import Delivery


class SweepTests(SurveyTestCase):
    def sweep(self, moment: datetime) -> dict[str, int]:
        with time_machine.travel(moment, tick=False), self.captureOnCommitCallbacks(execute=True):
            return dict(sweep_surveys.delay().get())

    def test_it_opens_reminds_and_closes_each_survey_once_on_its_day(self) -> None:
        survey = self.make(opens_on=TODAY + timedelta(days=1))
        self.assertEqual(self.sweep(on(TODAY)), {"opened": 0, "reminded": 0, "closed": 0})
        self.assertEqual(
            self.sweep(on(TODAY + timedelta(days=1))), {"opened": 1, "reminded": 0, "closed": 0}
        )
        self.assertEqual(len(mail.outbox), 8)
        self.assertEqual(self.sweep(on(TODAY + timedelta(days=1), 10))["opened"], 0)
        self.assertEqual(len(mail.outbox), 8)
        survey.refresh_from_db()
        self.answer(self.alice, survey)
        self.assertEqual(self.sweep(on(NEXT_MONDAY - timedelta(days=3)))["reminded"], 0)
        self.assertEqual(self.sweep(on(NEXT_MONDAY - timedelta(days=2)))["reminded"], 1)
        reminders = [m for m in mail.outbox if m.subject.startswith("Closes on")]
        self.assertEqual(len(reminders), 7)
        self.assertNotIn(["alice@example.org"], [m.to for m in reminders])
        self.assertEqual(self.sweep(on(NEXT_MONDAY - timedelta(days=1)))["reminded"], 0)
        self.assertEqual(self.sweep(on(NEXT_MONDAY, 0))["closed"], 1)
        survey.refresh_from_db()
        self.assertEqual(survey.state, "closed")
        self.assertEqual(self.sweep(on(NEXT_MONDAY, 1)), {"opened": 0, "reminded": 0, "closed": 0})

    def test_nps_campaigns_are_closed_by_it_but_opened_with_their_sample(self) -> None:
        campaign = self.make(kind=SurveyKind.NPS, anonymous=False, audience_everyone=False)
        self.assertEqual(self.sweep(on(TODAY))["opened"], 0)
        surveys.open_survey(campaign.pk, TODAY, people=[self.alice.pk], invite=Kind.NPS_INVITE)
        self.assertEqual(self.sweep(on(NEXT_MONDAY))["closed"], 1)
        campaign.refresh_from_db()
        self.assertEqual(campaign.state, "closed")

    def test_the_invitation_says_who_asks_what_is_kept_and_where_to_answer(self) -> None:
        survey = self.make()
        self.sweep(on(TODAY))
        message = next(m for m in mail.outbox if m.to == ["alice@example.org"])
        assert isinstance(message, EmailMultiAlternatives)
        self.assertEqual(
            message.subject, "IT Service Desk asks for your view: How is your week going?"
        )
        self.assertIn("It closes on 30 Nov 2026.", message.body)
        self.assertIn("Your answers are stored without your name.", message.body)
        self.assertIn("only for groups of at least 5 people", message.body)
        url = settings.SITE_URL + surveys.answer_path(survey)
        self.assertIn(url, message.body)
        self.assertIn(f'href="{url}"', str(message.alternatives[0][0]))

    def test_no_email_goes_to_someone_who_answered_before_it_went_or_for_a_closed_survey(
        self,
    ) -> None:
        survey = self.make()
        surveys.open_survey(survey.pk, TODAY)  # no commit here: the emails wait
        survey.refresh_from_db()
        self.answer(self.alice, survey)
        alice = Delivery.objects.get(recipient=self.alice, kind=Kind.SURVEY_INVITE)
        self.assertEqual(attempt_delivery(alice.pk).status, DeliveryStatus.SKIPPED)
        surveys.close_now(self.erin, survey)
        bob = Delivery.objects.get(recipient=self.bob, kind=Kind.SURVEY_INVITE)
        self.assertEqual(attempt_delivery(bob.pk).status, DeliveryStatus.SKIPPED)
        self.assertEqual(mail.outbox, [])
