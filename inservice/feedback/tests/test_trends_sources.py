"""What counts in a team's sentiment: rating comments, suggestions (anonymous ones only in
numbers of at least the minimum group), and the reasons of a closed NPS campaign."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.urls import reverse

from inservice.feedback.models.csat import RatingChannel
from inservice.feedback.services import csat, suggestions
from inservice.feedback.services.suggestions import NewSuggestion
from inservice.feedback.tests.test_csat_support import MONDAY, CsatTestCase
from inservice.feedback.trends import Week

HARSH = "Slow, rude and the problem is still not fixed. Terrible."


class SourcesTests(CsatTestCase):
    def this_week(self) -> Week:
        self.login(self.erin)
        with time_machine.travel(MONDAY + timedelta(days=3), tick=False):
            page = self.client.get(reverse("feedback:team_sentiment", args=[self.it.slug]))
        self.assertEqual(page.status_code, 200)
        week: Week = page.context["trend"].weeks[-1]
        self.assertEqual(week.start, MONDAY.date())
        return week

    def test_it_counts_a_rating_comment_of_the_team(self) -> None:
        with time_machine.travel(MONDAY, tick=False):
            _ticket, rating = self.resolved()
            csat.rate(rating, 1, comment=HARSH, channel=RatingChannel.APP, actor=self.alice)
        week = self.this_week()
        self.assertEqual((week.negative, week.texts), (1, 1))

    def test_it_counts_anonymous_suggestions_only_from_the_minimum_group(self) -> None:
        def suggest(n: int) -> None:
            with time_machine.travel(MONDAY, tick=False):
                for i in range(n):
                    suggestions.submit_suggestion(
                        self.alice, NewSuggestion(self.it, f"Idea {i}", HARSH)
                    )

        suggest(4)
        week = self.this_week()
        self.assertEqual(week.texts, 0)
        self.assertTrue(week.withheld)
        suggest(1)
        week = self.this_week()
        self.assertEqual((week.negative, week.texts), (5, 5))
        self.assertFalse(week.withheld)

    def test_it_counts_a_named_suggestion_at_once(self) -> None:
        with time_machine.travel(MONDAY, tick=False):
            suggestions.submit_suggestion(
                self.bob, NewSuggestion(self.it, "Idea", HARSH, anonymous=False)
            )
        self.assertEqual(self.this_week().negative, 1)
