"""The demo's NPS campaigns (demo.feedback_nps), built on the test cast's IT Service Desk and
Payroll (the demo's team prefixes IT and PAY): four closed quarterly campaigns and one open, each
run by the team's lead, answered through the engine by people sampled, with a trend that moves."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

import time_machine

from inservice.demo.feedback_nps import build_nps
from inservice.feedback import nps_results
from inservice.feedback.models.surveys import Participation, Response, Survey, SurveyState
from inservice.feedback.tests.test_nps_support import ask
from inservice.org.tests.api_support import make_person
from inservice.test import BaseTestCase

NOW = datetime(2026, 10, 5, 10, 0, tzinfo=UTC)
# The 15th of the middle month of the five quarters before NOW's.
ASKED = [
    date(2025, 8, 15),
    date(2025, 11, 14),
    date(2026, 2, 16),
    date(2026, 5, 15),
    date(2026, 8, 14),
]


class DemoNpsTests(BaseTestCase):
    made: list[Survey]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        people = [make_person(team=cls.sales) for _ in range(14)]
        for day in ASKED:
            with time_machine.travel(
                datetime(day.year, day.month, day.day, 10, tzinfo=UTC), tick=False
            ):
                for person in people:
                    ask(person, cls.laptop)
                    ask(person, cls.payslip)
        with time_machine.travel(NOW, tick=False):
            cls.made = build_nps(NOW, random.Random(5), lambda text: None)

    def test_it_runs_four_closed_quarterly_campaigns_and_an_open_one_per_team(self) -> None:
        self.assertEqual({s.owner_id for s in self.made}, {self.it.pk, self.payroll.pk})
        quarters = ["2025-07-01", "2025-10-01", "2026-01-01", "2026-04-01", "2026-07-01"]
        states = [SurveyState.CLOSED] * 4 + [SurveyState.OPEN]
        for team, anonymous in ((self.it, True), (self.payroll, False)):
            rows = sorted(
                (str(s.period_start), s.state, s.anonymous, s.created_by_id)
                for s in Survey.objects.filter(owner=team)
            )
            with self.subTest(team=team.name):
                self.assertEqual([row[0] for row in rows], quarters)
                self.assertEqual([row[1] for row in rows], states)
                self.assertEqual({row[2] for row in rows}, {anonymous})
        leads = {s.created_by_id for s in Survey.objects.all()}
        self.assertEqual(leads, {self.erin.pk, self.grace.pk})

    def test_answers_went_through_the_engine_and_the_trend_moves(self) -> None:
        for survey in self.made:
            answered = Participation.objects.filter(survey=survey, answered=True).count()
            self.assertEqual(Response.objects.filter(survey=survey).count(), answered)
        it_trend = nps_results.trend(self.it)
        self.assertEqual(len(it_trend), 4)
        scores = [p.score.score for p in it_trend if p.score is not None]
        self.assertGreaterEqual(len(scores), 3)
        self.assertGreater(len(set(scores)), 1)
        named = Response.objects.filter(survey__owner=self.payroll).exclude(person=None).count()
        self.assertEqual(named, Response.objects.filter(survey__owner=self.payroll).count())
        self.assertFalse(
            Response.objects.filter(survey__owner=self.it).exclude(person=None).exists()
        )
