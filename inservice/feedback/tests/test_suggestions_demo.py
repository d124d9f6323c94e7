"""The demo's suggestion box, built through the services over the demo's directory: a board that
reads well (a mix of statuses, mostly anonymous, reasons for every decline, some overdue and
escalated) and two concerns, one raised with the lead sign-in."""

from __future__ import annotations

import random
from collections import Counter

from django.db.models import F
from django.test import TestCase
from django.utils import timezone

from inservice.demo.build import build_directory
from inservice.demo.feedback_suggestions import IDEAS, build_suggestions
from inservice.feedback.models.suggestions import Concern, Suggestion
from inservice.notifications.choices import Kind
from inservice.notifications.models import Notification


def quiet(text: str) -> None:
    pass


class DemoSuggestionTests(TestCase):
    made: int

    @classmethod
    def setUpTestData(cls) -> None:
        rng = random.Random(42)
        build_directory(rng, quiet)
        cls.made = build_suggestions(timezone.now(), rng, quiet)

    def test_it_makes_every_suggestion_with_a_mix_of_outcomes(self) -> None:
        self.assertEqual(self.made, len(IDEAS))
        statuses = Counter(Suggestion.objects.values_list("status", flat=True))
        self.assertEqual(set(statuses), {"new", "under_review", "planned", "done", "declined"})
        self.assertGreater(Suggestion.objects.filter(anonymous=True).count(), self.made * 2 // 3)
        self.assertFalse(Suggestion.objects.filter(anonymous=True, author__isnull=False).exists())
        self.assertFalse(Suggestion.objects.filter(status="declined", decline_reason="").exists())
        self.assertTrue(Suggestion.objects.filter(team__isnull=True).exists())
        answered = Suggestion.objects.exclude(status="new")
        self.assertFalse(answered.filter(first_answered_at__isnull=True).exists())

    def test_some_are_overdue_and_escalated_to_their_leads(self) -> None:
        late = Suggestion.objects.filter(escalated_at__isnull=False)
        self.assertEqual(late.count(), 3)
        told = Notification.objects.filter(kind=Kind.SUGGESTION_LATE)
        self.assertEqual(told.values("event_key").distinct().count(), 3)
        in_time = Suggestion.objects.filter(first_answered_at__lte=F("due_at")).count()
        answered_late = Suggestion.objects.filter(first_answered_at__gt=F("due_at")).count()
        self.assertGreater(in_time, answered_late)  # most teams answer in time

    def test_two_concerns_one_with_the_lead_sign_in(self) -> None:
        concerns = Concern.objects.select_related("raiser", "addressee")
        self.assertEqual(concerns.count(), 2)
        mine = concerns.get(raiser__username="requester")
        assert mine.addressee is not None
        self.assertEqual(mine.addressee.username, "lead")
        about_lead = concerns.get(about_lead=True)
        self.assertNotEqual(about_lead.addressee, about_lead.raiser)
