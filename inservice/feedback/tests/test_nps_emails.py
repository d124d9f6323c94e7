"""The email inviting each sampled person to an NPS campaign: the team, the question, named or
anonymous, a link to the answer page; nothing once the campaign is no longer open, nor to
someone who has answered."""

from __future__ import annotations

import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse

from inservice.feedback.models.surveys import Participation
from inservice.feedback.services import surveys
from inservice.feedback.tests.test_nps_support import CLOSES, NOW, NpsTestCase
from inservice.notifications.choices import DeliveryStatus, Kind
from inservice.notifications.models import Delivery
from inservice.notifications.tasks import send_delivery


@time_machine.travel(NOW, tick=False)
class InviteEmailTests(NpsTestCase):
    def test_each_person_sampled_gets_an_invitation_with_the_question_and_a_link(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            survey = self.campaign(sample_size=3)
        asked = set(
            Participation.objects.filter(survey=survey).values_list("person__email", flat=True)
        )
        self.assertEqual(len(mail.outbox), 3)
        self.assertEqual({m.to[0] for m in mail.outbox}, asked)
        message = mail.outbox[0]
        self.assertEqual(message.subject, "How was working with IT Service Desk? Two questions")
        link = settings.SITE_URL + reverse("feedback:nps_answer", args=[survey.pk])
        self.assertIn(
            "How likely are you to recommend working with IT Service Desk to a colleague?",
            message.body,
        )
        self.assertIn(f"Answer: {link}", message.body)
        self.assertIn("Your answer is anonymous", message.body)
        self.assertIn("Open until 19 Oct 2026.", message.body)
        assert isinstance(message, mail.EmailMultiAlternatives)
        (html, mimetype), *_ = message.alternatives
        self.assertEqual(mimetype, "text/html")
        self.assertIn(f'href="{link}"', str(html))
        self.assertEqual(
            set(Delivery.objects.values_list("kind", "status")),
            {(Kind.NPS_INVITE.value, DeliveryStatus.SENT.value)},
        )

    def test_a_named_campaign_s_invitation_says_the_leads_see_the_name(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            self.campaign(sample_size=1, anonymous=False)
        self.assertIn("Your answer is not anonymous", mail.outbox[0].body)

    def test_nothing_goes_once_the_campaign_closed_or_to_someone_who_answered(self) -> None:
        survey = self.campaign()  # launched in the test's transaction: emails not sent yet
        self.answer(survey, self.alice, 9)
        alice = Delivery.objects.get(recipient=self.alice)
        bob = Delivery.objects.get(recipient=self.bob)
        send_delivery.delay(alice.pk)
        self.assertEqual(mail.outbox, [])
        surveys.close_survey(survey.pk, CLOSES)
        send_delivery.delay(bob.pk)
        self.assertEqual(mail.outbox, [])
        self.assertEqual(
            set(
                Delivery.objects.filter(pk__in=[alice.pk, bob.pk]).values_list("status", flat=True)
            ),
            {DeliveryStatus.SKIPPED.value},
        )
