"""A survey's life through the engine: opened on its day for its audience (or an NPS sample),
reminded once, closed on its day or earlier by an owner, each step safe to repeat."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from inservice.feedback.models.surveys import Answer, Participation, Response, SurveyKind
from inservice.feedback.services import surveys
from inservice.feedback.tests.test_surveys_support import (
    NEXT_MONDAY,
    TODAY,
    SurveyTestCase,
    colleague,
)
from inservice.notifications.choices import Kind
from inservice.notifications.models import Notification
from inservice.org import services as org
from inservice.org.models import Person


class OpeningTests(SurveyTestCase):
    def asked(self, survey_id: int) -> list[str]:
        rows = Participation.objects.filter(survey_id=survey_id)
        return sorted(rows.values_list("person__username", flat=True))

    def test_it_opens_on_its_day_asking_everyone_once_and_telling_each(self) -> None:
        survey = self.make(opens_on=TODAY + timedelta(days=1))
        self.assertFalse(surveys.open_survey(survey.pk, TODAY))  # not yet
        self.assertEqual(self.asked(survey.pk), [])
        self.assertTrue(surveys.open_survey(survey.pk, TODAY + timedelta(days=1)))
        everyone = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "root"]
        self.assertEqual(self.asked(survey.pk), everyone)
        survey.refresh_from_db()
        self.assertEqual((survey.state, survey.invited), ("open", 8))
        told = Notification.objects.filter(kind=Kind.SURVEY_INVITE)
        self.assertEqual(sorted(told.values_list("recipient__username", flat=True)), everyone)
        first = told.first()
        assert first is not None
        self.assertEqual(first.title, "How is your week going?")
        self.assertEqual(first.link, f"/feedback/surveys/{survey.pk}/answer/")
        self.assertFalse(surveys.open_survey(survey.pk, TODAY + timedelta(days=1)))  # once
        self.assertEqual(told.count(), 8)

    def test_a_department_in_the_audience_brings_its_teams_and_a_team_its_members(self) -> None:
        newcomer = colleague(self.payroll)
        org.add_member(self.it, newcomer)  # serves in IT, sits in Payroll
        survey = self.opened(audience_everyone=False, audience=(self.cast.sales_dept, self.it))
        self.assertEqual(
            self.asked(survey.pk),
            sorted(["alice", "bob", "carol", "erin", newcomer.username, "root"]),
        )

    def test_people_who_left_are_not_asked(self) -> None:
        Person.objects.filter(pk=self.bob.pk).update(is_active=False)  # as the directory sync does
        survey = self.opened(audience_everyone=False, audience=(self.cast.sales_dept,))
        self.assertEqual(self.asked(survey.pk), ["alice", "root"])

    def test_an_nps_campaign_asks_its_sample_and_tells_them_with_its_own_kind(self) -> None:
        survey = self.make(kind=SurveyKind.NPS, audience_everyone=False, anonymous=False)
        self.assertTrue(
            surveys.open_survey(
                survey.pk, TODAY, people=[self.dave.pk, self.alice.pk], invite=Kind.NPS_INVITE
            )
        )
        self.assertEqual(self.asked(survey.pk), ["alice", "dave"])
        told = Notification.objects.filter(event_key=f"nps_invite:{survey.pk}")
        self.assertEqual(
            sorted(told.values_list("recipient__username", flat=True)), ["alice", "dave"]
        )
        self.assertFalse(Notification.objects.filter(kind=Kind.SURVEY_INVITE).exists())
        self.assertEqual({n.link for n in told}, {reverse("feedback:nps_answer", args=[survey.pk])})

    def test_a_draft_whose_closing_day_has_passed_is_not_opened(self) -> None:
        survey = self.make()
        self.assertFalse(surveys.open_survey(survey.pk, NEXT_MONDAY))
        self.assertEqual(self.asked(survey.pk), [])

    def test_an_owner_opens_it_now_only_on_its_opening_day(self) -> None:
        later = self.make(opens_on=TODAY + timedelta(days=2))
        with self.assertRaises(ValidationError) as caught:
            surveys.open_now(self.erin, later, today=TODAY)
        self.assertIn("opens_on", caught.exception.message_dict)
        today = self.make()
        with self.assertRaises(PermissionDenied):
            surveys.open_now(self.grace, today, today=TODAY)
        surveys.open_now(self.erin, today, today=TODAY)
        today.refresh_from_db()
        self.assertEqual(today.state, "open")
        with self.assertRaises(ValidationError):
            surveys.open_now(self.erin, today, today=TODAY)


class RemindingAndClosingTests(SurveyTestCase):
    def test_those_who_have_not_answered_are_reminded_once_two_days_before_it_closes(self) -> None:
        survey = self.opened()
        self.answer(self.alice, survey)
        self.assertEqual(surveys.remind(survey.pk, NEXT_MONDAY - timedelta(days=3)), 0)
        self.assertEqual(surveys.remind(survey.pk, NEXT_MONDAY - timedelta(days=2)), 7)
        reminded = Notification.objects.filter(kind=Kind.SURVEY_REMINDER)
        names = set(reminded.values_list("recipient__username", flat=True))
        self.assertEqual(len(names), 7)
        self.assertNotIn("alice", names)
        self.assertEqual(surveys.remind(survey.pk, NEXT_MONDAY - timedelta(days=1)), 0)
        self.assertEqual(reminded.count(), 7)

    def test_it_closes_on_its_day_and_not_before(self) -> None:
        survey = self.opened()
        self.assertFalse(surveys.close_survey(survey.pk, NEXT_MONDAY - timedelta(days=1)))
        self.assertTrue(surveys.close_survey(survey.pk, NEXT_MONDAY))
        survey.refresh_from_db()
        self.assertEqual(survey.state, "closed")
        self.assertTrue(survey.is_released)
        self.assertFalse(surveys.close_survey(survey.pk, NEXT_MONDAY))

    def test_closing_keeps_every_response_and_answer_under_new_keys(self) -> None:
        survey = self.opened()
        for person, scale in ((self.alice, 1), (self.bob, 2), (self.carol, 5)):
            self.answer(person, survey, scale=scale, comment=f"Week {scale}")
        before = set(Response.objects.filter(survey=survey).values_list("pk", flat=True))
        self.closed(survey)
        after = Response.objects.filter(survey=survey)
        self.assertEqual(len(after), 3)
        self.assertFalse(before & {r.pk for r in after})
        # Each response keeps its own answers together: its scale and its comment agree.
        kept: dict[int, dict[str, object]] = {}
        for response_id, number, text in Answer.objects.filter(response__in=after).values_list(
            "response_id", "number", "text"
        ):
            kept.setdefault(response_id, {}).update(
                {"number": number} if number is not None else {"text": text} if text else {}
            )
        self.assertEqual(
            sorted((v["number"], v["text"]) for v in kept.values()),
            [(1, "Week 1"), (2, "Week 2"), (5, "Week 5")],
        )
        self.assertEqual(
            sorted(after.values_list("department__name", flat=True)),
            ["IT Service Desk", "Sales", "Sales"],
        )

    def test_an_owner_closes_it_early_and_nobody_else_can(self) -> None:
        survey = self.opened()
        with self.assertRaises(PermissionDenied):
            surveys.close_now(self.grace, survey)
        surveys.close_now(self.erin, survey)
        survey.refresh_from_db()
        self.assertEqual(survey.state, "closed")
        with self.assertRaises(ValidationError) as caught:
            surveys.close_now(self.erin, survey)
        self.assertEqual(
            caught.exception.message_dict, {"survey": ["Only an open survey can be closed."]}
        )
