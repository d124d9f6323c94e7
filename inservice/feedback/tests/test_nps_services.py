"""Making and launching an NPS campaign through services.nps: a survey of the two questions about
one team, checked whole, refused with a message per field and nothing stored; launched with a
sample of the team's requesters, each told once."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from inservice.feedback.models.surveys import (
    Participation,
    Question,
    QuestionKind,
    Survey,
    SurveyKind,
    SurveyState,
)
from inservice.feedback.services import nps
from inservice.feedback.tests.test_nps_support import CLOSES, NOW, Q3, TODAY, NpsTestCase
from inservice.notifications.choices import Kind
from inservice.notifications.models import Notification


@time_machine.travel(NOW, tick=False)
class CreateCampaignTests(NpsTestCase):
    def test_it_makes_a_draft_survey_of_the_two_questions_about_the_team(self) -> None:
        survey = self.campaign(launch=False, opens_on=TODAY + timedelta(days=1))
        self.assertEqual(survey.kind, SurveyKind.NPS)
        self.assertEqual(survey.state, SurveyState.DRAFT)
        self.assertEqual(survey.owner, self.it)
        self.assertEqual(survey.title, "IT Service Desk: NPS Q3 2026")
        self.assertEqual((survey.period_start, survey.period_end, survey.sample_size), (*Q3, 50))
        self.assertTrue(survey.anonymous)
        questions = list(Question.objects.filter(survey=survey).order_by("position"))
        self.assertEqual(
            [(q.kind, q.text, q.scale_min, q.scale_max, q.required) for q in questions],
            [
                (
                    QuestionKind.SCALE,
                    "How likely are you to recommend working with IT Service Desk to a colleague?",
                    0,
                    10,
                    True,
                ),
                (QuestionKind.TEXT, "What is the main reason?", 1, 5, False),
            ],
        )

    def test_it_names_a_period_that_is_not_a_quarter_by_its_dates(self) -> None:
        survey = self.campaign(
            launch=False, period_start=date(2026, 8, 1), period_end=date(2026, 9, 15)
        )
        self.assertEqual(survey.title, "IT Service Desk: NPS 1 Aug 2026 to 15 Sep 2026")
        named = self.campaign(launch=False, title="  Autumn check-in  ", anonymous=False)
        self.assertEqual(named.title, "Autumn check-in")
        self.assertFalse(named.anonymous)

    def test_it_refuses_a_campaign_that_makes_no_sense_and_stores_nothing(self) -> None:
        cases: list[tuple[dict[str, Any], str, str]] = [
            (
                {"period_start": date(2026, 9, 1), "period_end": date(2026, 8, 1)},
                "period_end",
                "The period ends before it starts.",
            ),
            (
                {"period_start": date(2026, 10, 6), "period_end": date(2026, 12, 31)},
                "period_start",
                "The period has not begun",
            ),
            ({"period_end": date(2026, 10, 31)}, "period_end", "The period ends in the future"),
            ({"sample_size": 0}, "sample_size", "Ask at least one person."),
            ({"sample_size": 5000}, "sample_size", "Ask at most 2,000 people."),
            ({"closes_on": TODAY}, "closes_on", "The campaign closes after it opens"),
            ({"opens_on": TODAY - timedelta(days=1)}, "opens_on", "cannot open in the past"),
            (
                {"period_start": date(2026, 1, 1), "period_end": date(2026, 3, 31)},
                "period_start",
                "No one outside IT Service Desk asked it for anything",
            ),
            ({"min_group": 2}, "min_group", "below 3 no minimum protects anyone"),
            ({"title": "x" * 201}, "title", "Keep the title under 200 characters."),
        ]
        for changes, field, message in cases:
            with self.subTest(field=field, changes=changes):
                with self.assertRaises(ValidationError) as refused:
                    self.campaign(launch=False, **changes)
                self.assertIn(field, refused.exception.message_dict)
                self.assertIn(message, " ".join(refused.exception.message_dict[field]))
        self.assertFalse(Survey.objects.exists())
        self.assertFalse(Question.objects.exists())

    def test_only_the_team_s_leads_and_administrators_run_its_campaigns(self) -> None:
        for outsider in (self.carol, self.grace, self.alice):
            with self.subTest(person=outsider.username), self.assertRaises(PermissionDenied):
                nps.create_campaign(
                    outsider,
                    self.it,
                    period_start=Q3[0],
                    period_end=Q3[1],
                    sample_size=10,
                    anonymous=True,
                    opens_on=TODAY,
                    closes_on=CLOSES,
                    today=TODAY,
                )
        self.assertFalse(Survey.objects.exists())
        made = nps.create_campaign(
            self.root,
            self.it,
            period_start=Q3[0],
            period_end=Q3[1],
            sample_size=10,
            anonymous=True,
            opens_on=TODAY + timedelta(days=1),
            closes_on=CLOSES,
            today=TODAY,
        )
        self.assertEqual(made.created_by, self.root)


@time_machine.travel(NOW, tick=False)
class LaunchCampaignTests(NpsTestCase):
    def test_a_campaign_opening_today_is_launched_after_the_commit_with_its_sample(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            survey = self.campaign(launch=False, sample_size=4)
        survey.refresh_from_db()
        self.assertEqual(survey.state, SurveyState.OPEN)
        self.assertEqual(survey.invited, 4)
        asked = set(Participation.objects.filter(survey=survey).values_list("person_id", flat=True))
        self.assertEqual(len(asked), 4)
        self.assertLessEqual(asked, {p.pk for p in self.requesters()})
        told = Notification.objects.filter(kind=Kind.NPS_INVITE)
        self.assertEqual(set(told.values_list("recipient_id", flat=True)), asked)
        self.assertEqual(
            {(n.title, n.event_key) for n in told},
            {("IT Service Desk: NPS Q3 2026", f"nps_invite:{survey.pk}")},
        )

    def test_launching_is_idempotent_and_waits_for_the_opening_day(self) -> None:
        survey = self.campaign(launch=False, opens_on=TODAY + timedelta(days=2))
        self.assertFalse(nps.launch_campaign(survey.pk, TODAY, seed=1))
        self.assertEqual(Survey.objects.get(pk=survey.pk).state, SurveyState.DRAFT)
        self.assertTrue(nps.launch_campaign(survey.pk, TODAY + timedelta(days=2), seed=1))
        self.assertFalse(nps.launch_campaign(survey.pk, TODAY + timedelta(days=2), seed=2))
        self.assertEqual(Participation.objects.filter(survey=survey).count(), 11)
        self.assertEqual(Notification.objects.filter(kind=Kind.NPS_INVITE).count(), 11)
