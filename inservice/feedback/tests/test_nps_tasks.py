"""The daily NPS tasks: campaigns open and close on their days; a team whose campaign covered a
whole quarter gets the next quarter's on the first working day of the quarter after it, once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import time_machine

from inservice.feedback import tasks_nps
from inservice.feedback.models.surveys import Participation, Survey, SurveyState
from inservice.feedback.services import nps, surveys
from inservice.feedback.tests.test_nps_support import CLOSES, TODAY, NpsTestCase, ask


def at(day: date) -> time_machine.travel:
    return time_machine.travel(
        datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=5), tick=False
    )


class OpenAndCloseTests(NpsTestCase):
    def test_campaigns_open_and_close_on_their_days_once(self) -> None:
        with at(TODAY):
            survey = self.campaign(launch=False, opens_on=TODAY + timedelta(days=2))
            self.assertEqual(tasks_nps.open_due_campaigns.delay().get(), (0, 0))
        with at(TODAY + timedelta(days=2)), self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(tasks_nps.open_due_campaigns.delay().get(), (1, 0))
            self.assertEqual(tasks_nps.open_due_campaigns.delay().get(), (0, 0))
        survey.refresh_from_db()
        self.assertEqual((survey.state, survey.invited), (SurveyState.OPEN, 11))
        with at(CLOSES):
            self.assertEqual(tasks_nps.open_due_campaigns.delay().get(), (0, 1))
            self.assertEqual(tasks_nps.open_due_campaigns.delay().get(), (0, 0))
        survey.refresh_from_db()
        self.assertEqual(survey.state, SurveyState.CLOSED)

    def test_a_campaign_made_to_open_today_is_launched_by_its_own_task_once(self) -> None:
        with at(TODAY), self.captureOnCommitCallbacks(execute=True):
            survey = self.campaign(launch=False)
        self.assertEqual(Survey.objects.get(pk=survey.pk).state, SurveyState.OPEN)
        with at(TODAY):
            self.assertFalse(tasks_nps.launch_campaign.delay(survey.pk).get())
        self.assertEqual(Participation.objects.filter(survey=survey).count(), 11)


class QuarterlyTests(NpsTestCase):
    def second_quarter_campaign(self, **changes: Any) -> Survey:
        """IT's campaign about April to June 2026, made in July by erin and closed."""
        july = date(2026, 7, 2)
        values: dict[str, Any] = {
            "period_start": date(2026, 4, 1),
            "period_end": date(2026, 6, 30),
            "sample_size": 30,
            "anonymous": False,
            "opens_on": july,
            "closes_on": july + timedelta(days=14),
            "today": july,
            "min_group": 4,
        }
        values.update(changes)
        survey = nps.create_campaign(self.erin, self.it, **values)
        self.assertTrue(nps.launch_campaign(survey.pk, july, seed=1))
        self.assertTrue(surveys.close_survey(survey.pk, survey.closes_on))
        return survey

    def test_the_next_quarter_s_campaign_starts_on_its_first_working_day_once(self) -> None:
        previous = self.second_quarter_campaign()
        with at(date(2026, 9, 30)):
            self.assertEqual(tasks_nps.start_quarterly_campaigns.delay().get(), 0)
        with at(date(2026, 10, 1)), self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(tasks_nps.start_quarterly_campaigns.delay().get(), 1)
            self.assertEqual(tasks_nps.start_quarterly_campaigns.delay().get(), 0)
        with at(date(2026, 10, 2)):
            self.assertEqual(tasks_nps.start_quarterly_campaigns.delay().get(), 0)
        made = Survey.objects.exclude(pk=previous.pk).get()
        self.assertEqual(
            (
                made.title,
                made.period_start,
                made.period_end,
                made.opens_on,
                made.closes_on,
                made.sample_size,
                made.anonymous,
                made.min_group,
                made.created_by,
            ),
            (
                "IT Service Desk: NPS Q3 2026",
                date(2026, 7, 1),
                date(2026, 9, 30),
                date(2026, 10, 1),
                date(2026, 10, 15),
                30,
                False,
                4,
                self.erin,
            ),
        )
        self.assertEqual((made.state, made.invited), (SurveyState.OPEN, 11))

    def test_a_quarter_starting_on_a_weekend_waits_for_its_first_working_day(self) -> None:
        with at(date(2028, 2, 10)):
            ask(self.alice, self.laptop)
        with at(date(2028, 5, 10)):
            ask(self.bob, self.laptop)
        april = date(2028, 4, 3)
        first = nps.create_campaign(
            self.erin,
            self.it,
            period_start=date(2028, 1, 1),
            period_end=date(2028, 3, 31),
            sample_size=10,
            anonymous=True,
            opens_on=april,
            closes_on=april + timedelta(days=14),
            today=april,
        )
        with at(date(2028, 7, 1)):  # a Saturday: IT works Monday to Friday
            self.assertEqual(tasks_nps.start_quarterly_campaigns.delay().get(), 0)
        with at(date(2028, 7, 3)):
            self.assertEqual(tasks_nps.start_quarterly_campaigns.delay().get(), 1)
        made = Survey.objects.exclude(pk=first.pk).get()
        self.assertEqual((made.period_start, made.opens_on), (date(2028, 4, 1), date(2028, 7, 3)))

    def test_no_chain_follows_a_campaign_about_less_than_a_whole_quarter(self) -> None:
        self.second_quarter_campaign(period_start=date(2026, 5, 1))  # not a whole quarter
        with at(date(2026, 10, 1)):
            self.assertEqual(tasks_nps.start_quarterly_campaigns.delay().get(), 0)
        self.assertEqual(Survey.objects.count(), 1)

    def test_a_creator_who_no_longer_leads_is_replaced_by_a_lead(self) -> None:
        from inservice.org import services as org
        from inservice.org.choices import Role

        self.second_quarter_campaign()
        org.add_member(self.it, self.carol, Role.LEAD)
        org.set_role(self.it, self.erin, Role.MEMBER)
        with at(date(2026, 10, 1)):
            self.assertEqual(tasks_nps.start_quarterly_campaigns.delay().get(), 1)
        self.assertEqual(Survey.objects.order_by("-pk")[0].created_by, self.carol)

    def test_the_chain_stops_when_nobody_asked_the_team_anything_last_quarter(self) -> None:
        with at(TODAY):
            self.close(self.campaign())  # IT's campaign about Q3 2026
        with at(date(2027, 1, 4)):  # nobody asked IT for anything in Q4 2026
            self.assertEqual(tasks_nps.start_quarterly_campaigns.delay().get(), 0)
        self.assertEqual(Survey.objects.count(), 1)
