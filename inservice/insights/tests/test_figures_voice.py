"""What internal customers say: ratings (P1 4; T1 5, T2 2 with a harsh comment), internal NPS
campaigns under the anonymity rules, and sentiment per week, anonymous texts only in groups of
at least the minimum."""

from __future__ import annotations

from datetime import date, timedelta

import time_machine

from inservice.feedback.services import suggestions
from inservice.feedback.services.suggestions import NewSuggestion
from inservice.feedback.tests.test_nps_support import CLOSES, NpsTestCase
from inservice.insights.figures import voice
from inservice.insights.figures.base import Cell
from inservice.insights.figures.targets import TARGETS
from inservice.insights.periods import Period
from inservice.insights.scope import Scope
from inservice.insights.tests.rollup_support import (
    HARSH,
    WEEK,
    RollupTestCase,
    at,
    refresh,
    series,
    stat,
)
from inservice.org.models import Team

CAMPAIGN_WEEK = Period(CLOSES - timedelta(days=6), CLOSES)  # a week ending as campaigns close


class CsatTests(RollupTestCase):
    def test_it_averages_the_ratings_of_the_requests_resolved(self) -> None:
        figure = voice.csat(Scope.organisation(), WEEK)
        self.assertEqual(stat(figure, "Average rating"), (3.5, 4.0))
        self.assertEqual(stat(figure, "Satisfied"), (50.0, 100.0))
        self.assertEqual(figure.rows[0], ["2026-11-23", 2, 3.5, 50.0])
        self.assertEqual(figure.stats[0].target, TARGETS["csat"])

    def test_a_rating_belongs_to_the_team_that_resolved(self) -> None:
        it = voice.csat(Scope.of_team(self.it), WEEK)
        self.assertEqual(stat(it, "Average rating"), (5.0, 4.0))
        payroll = voice.csat(Scope.of_team(self.payroll), WEEK)
        self.assertEqual(series(payroll, "Average rating")[0], 2.0)


class SentimentTests(RollupTestCase):
    def suggest(self, team: Team, count: int) -> None:
        """`count` anonymous suggestions on Thursday (they reach the team at its end)."""
        with time_machine.travel(at(26, 10), tick=False):
            for n in range(count):
                suggestions.submit_suggestion(self.bob, NewSuggestion(team, f"Idea {n}", HARSH))
        refresh(WEEK.start, WEEK.end)

    def week(self, scope: Scope) -> list[Cell]:
        return voice.sentiment(scope, WEEK).rows[0]

    def test_it_counts_texts_by_tone_per_week(self) -> None:
        figure = voice.sentiment(Scope.organisation(), WEEK)
        self.assertEqual(figure.labels, ["2026-11-23"])
        # Alice's pleased reply (IT) and bob's harsh rating comment (Payroll).
        self.assertEqual(figure.rows, [["2026-11-23", 1, 0, 1, 2, 50.0, ""]])
        self.assertEqual(stat(figure, "Texts reading negative"), (50.0, None))
        self.assertEqual(self.week(Scope.of_team(self.it)), ["2026-11-23", 1, 0, 0, 1, 0.0, ""])

    def test_anonymous_suggestions_count_only_from_the_minimum_group(self) -> None:
        self.suggest(self.it, 4)
        self.assertEqual(self.week(Scope.of_team(self.it)), ["2026-11-23", 1, 0, 0, 1, 0.0, "Yes"])
        self.suggest(self.it, 1)
        self.assertEqual(self.week(Scope.of_team(self.it)), ["2026-11-23", 1, 0, 5, 6, 83.3, ""])

    def test_teams_too_small_alone_stay_hidden_together(self) -> None:
        # Four to IT and one to Payroll: five in the organisation, but no team's group shows,
        # so the organisation's week adds none of them (or IT's four would be Payroll's one
        # away from being read).
        self.suggest(self.it, 4)
        self.suggest(self.payroll, 1)
        self.assertEqual(self.week(Scope.organisation()), ["2026-11-23", 1, 0, 1, 2, 50.0, "Yes"])


class NpsTests(NpsTestCase):
    def test_a_closed_campaign_shows_its_score(self) -> None:
        survey = self.campaign()
        self.answer_all(survey)
        self.close(survey)
        figure = voice.nps(Scope.of_team(self.it), CAMPAIGN_WEEK)
        # Six promoters, three passives, two detractors: (6 - 2) / 11.
        self.assertEqual(figure.rows, [["IT Service Desk", survey.title, "2026-10-19", 11, 36, ""]])
        self.assertEqual(stat(figure, "Internal NPS"), (36.0, None))
        self.assertEqual(
            stat(voice.nps(Scope.organisation(), CAMPAIGN_WEEK), "Internal NPS")[0], 36.0
        )

    def test_an_anonymous_campaign_with_too_few_answers_shows_no_score(self) -> None:
        survey = self.campaign()
        for person in self.sales_people[:3]:
            self.answer(survey, person, 10)
        self.close(survey)
        figure = voice.nps(Scope.of_team(self.it), CAMPAIGN_WEEK)
        self.assertEqual(
            figure.rows,
            [
                [
                    "IT Service Desk",
                    survey.title,
                    "2026-10-19",
                    None,
                    None,
                    "Too few answers to show",
                ]
            ],
        )
        self.assertEqual(figure.series[0].values, [None])
        self.assertEqual(stat(figure, "Internal NPS"), (None, None))

    def test_an_open_anonymous_campaign_shows_nothing_before_it_closes(self) -> None:
        survey = self.campaign()
        self.answer_all(survey)
        figure = voice.nps(Scope.of_team(self.it), CAMPAIGN_WEEK)
        self.assertEqual(figure.rows[0][3:], [None, None, "Released when it closes"])
        self.assertEqual(voice.nps(Scope.of_team(self.payroll), CAMPAIGN_WEEK).rows, [])
        self.assertEqual(
            voice.nps(Scope.of_team(self.it), Period(date(2026, 1, 1), date(2026, 1, 7))).rows, []
        )
