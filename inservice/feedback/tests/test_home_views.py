"""The feedback page: what waits for one's answer, the ways to give feedback, and for leads what
waits for their team; the feedback blocks on a team's page."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.feedback.services import surveys
from inservice.feedback.tests.test_csat_support import CsatTestCase


class HomeTests(CsatTestCase):
    def test_it_lists_the_requests_waiting_for_my_rating(self) -> None:
        ticket, _rating = self.resolved()
        self.login(self.alice)
        page = self.client.get(reverse("feedback:home"))
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, reverse("tickets:detail", args=[ticket.key]))
        self.assertContains(page, reverse("feedback:suggestion_new"))
        self.assertContains(page, reverse("feedback:concern_new"))
        self.assertNotContains(page, 'id="lead-feedback"')

        self.login(self.bob)  # someone else's request is not theirs to rate
        self.assertNotContains(
            self.client.get(reverse("feedback:home")), reverse("tickets:detail", args=[ticket.key])
        )

    def test_it_lists_the_surveys_waiting_for_my_answer(self) -> None:
        today = date.today()
        draft = surveys.SurveyDraft(
            title="How are we doing?",
            intro="",
            owner=self.it,
            opens_on=today,
            closes_on=date.fromordinal(today.toordinal() + 7),
            questions=(surveys.QuestionDraft(kind="scale", text="Overall?"),),
            audience=(self.sales,),
        )
        survey = surveys.create_survey(self.erin, draft, today=today)
        with self.captureOnCommitCallbacks(execute=True):
            surveys.open_survey(survey.pk, today)
        self.login(self.alice)
        page = self.client.get(reverse("feedback:home"))
        self.assertContains(page, reverse("feedback:survey_answer", args=[survey.pk]))
        self.login(self.carol)  # not in the audience
        self.assertNotContains(
            self.client.get(reverse("feedback:home")),
            reverse("feedback:survey_answer", args=[survey.pk]),
        )

    def test_it_shows_a_lead_what_waits_for_their_team(self) -> None:
        self.login(self.erin)
        page = self.client.get(reverse("feedback:home"))
        self.assertContains(page, 'id="lead-feedback"')
        self.assertContains(page, reverse("feedback:suggestion_inbox", args=[self.it.slug]))
        self.assertContains(page, reverse("feedback:team_sentiment", args=[self.it.slug]))

    def test_its_queries_do_not_grow_with_what_waits(self) -> None:
        self.resolved()
        self.login(self.alice)

        def counted() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(reverse("feedback:home")).status_code, 200)
            return len(queries)

        few = counted()
        for _ in range(4):
            self.resolved()
        self.assertEqual(counted(), few)


class TeamPageTests(CsatTestCase):
    def test_the_team_page_loads_the_feedback_blocks_for_its_members(self) -> None:
        url = reverse("org:team", args=[self.it.slug])
        blocks = (
            reverse("feedback:team_ratings_block", args=[self.it.slug]),
            reverse("feedback:nps_block", args=[self.it.slug]),
            reverse("feedback:team_sentiment_block", args=[self.it.slug]),
        )
        public = reverse("feedback:suggestion_team_block", args=[self.it.slug])
        self.login(self.carol)
        page = self.client.get(url)
        for block in (*blocks, public):
            self.assertContains(page, f'hx-get="{block}"')
            self.assertEqual(self.client.get(block).status_code, 200, block)
        self.login(self.alice)  # an internal customer: the suggestion box, not the figures
        page = self.client.get(url)
        self.assertContains(page, f'hx-get="{public}"')
        for block in blocks:
            self.assertNotContains(page, block)
