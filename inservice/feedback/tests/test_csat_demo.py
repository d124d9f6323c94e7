"""The demo's ratings: every request resolved in the last 120 days asked once, about a third
answered, low ones with follow-ups answered by the team's leads; written in bulk, nothing sent."""

from __future__ import annotations

import random
from datetime import timedelta
from unittest import mock

import time_machine
from django.core import mail

from inservice.catalog.models import Service
from inservice.demo import feedback_csat
from inservice.feedback.models.csat import FollowUp, Rating
from inservice.feedback.services import csat
from inservice.feedback.tests.test_csat_support import MONDAY, CsatTestCase
from inservice.notifications.models import Notification
from inservice.tickets import services as tickets
from inservice.tickets.models import Ticket


class DemoRatingsTests(CsatTestCase):
    first: Ticket
    others: list[Ticket]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        csat.set_survey_rule(cls.erin, cls.laptop, every=1_000, cap_days=0)

        def resolved(subject: str) -> Ticket:
            laptop = Service.objects.select_related("team__calendar").get(pk=cls.laptop.pk)
            new = tickets.NewRequest(service=laptop, subject=subject, answers={"model": "Standard"})
            return tickets.transition(cls.carol, tickets.open_ticket(cls.alice, new), "resolve")

        with time_machine.travel(MONDAY, tick=False):
            cls.first = resolved("Asked for real")  # the demo leaves it be
            cls.others = [resolved(f"Laptop {n}") for n in range(30)]
        with time_machine.travel(MONDAY - timedelta(days=200), tick=False):
            resolved("Long ago")  # before the demo's 120 days

    def setUp(self) -> None:
        super().setUp()
        self.notified = Notification.objects.count()

    def build(self, seed: int = 7) -> int:
        with time_machine.travel(MONDAY + timedelta(days=10), tick=False):
            return feedback_csat.build_ratings(
                MONDAY + timedelta(days=10), random.Random(seed), lambda _text: None
            )

    def test_it_asks_each_recent_resolution_once_and_answers_about_a_third(self) -> None:
        lines: list[str] = []
        with time_machine.travel(MONDAY + timedelta(days=10), tick=False):
            written = feedback_csat.build_ratings(
                MONDAY + timedelta(days=10), random.Random(7), lines.append
            )
        self.assertEqual(written, 30)
        asked = set(Rating.objects.values_list("ticket_id", flat=True))
        self.assertEqual(asked, {t.pk for t in [self.first, *self.others]})
        answered = Rating.objects.rated().exclude(ticket=self.first)
        self.assertTrue(3 <= answered.count() <= 20, answered.count())
        for rating in answered:
            assert rating.rated_at is not None
            self.assertTrue(rating.asked_at < rating.rated_at <= MONDAY + timedelta(days=10))
            self.assertEqual(bool(rating.comment), bool(rating.tone))
        self.assertIn("ratings 30 asked", lines[0])
        # Written in bulk: nobody is told of a rating that happened in the past.
        self.assertEqual(Notification.objects.count(), self.notified)
        self.assertEqual(mail.outbox, [])

    def test_low_ratings_have_follow_ups_mostly_answered_by_a_lead(self) -> None:
        with (
            mock.patch.object(feedback_csat, "ANSWERED", 1.0),
            mock.patch.object(feedback_csat, "SCORE_WEIGHTS", (1, 1, 0, 0, 0)),
        ):
            self.build()
        follow_ups = FollowUp.objects.select_related("rating")
        self.assertEqual(follow_ups.count(), 30)
        answered = [f for f in follow_ups if f.answered_at]
        self.assertTrue(answered)
        for follow_up in follow_ups:
            assert follow_up.rating.rated_at is not None
            self.assertLessEqual(follow_up.rating.score or 9, 2)
            self.assertGreater(follow_up.due_at, follow_up.rating.rated_at)
        self.assertEqual({f.answered_by for f in answered}, {self.erin})

    def test_a_second_load_leaves_rated_requests_alone(self) -> None:
        self.build()
        self.assertEqual(self.build(seed=8), 0)
        self.assertEqual(Rating.objects.count(), 31)
