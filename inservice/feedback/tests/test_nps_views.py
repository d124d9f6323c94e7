"""A team's NPS pages: its campaigns and trend (leads, members, administrators; 404 for others),
the block on its page, a lead's new campaign form (errors per field, nothing stored), closing a
campaign early."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.feedback.models.surveys import Survey, SurveyState
from inservice.feedback.tests.test_nps_support import CLOSES, NOW, Q3, TODAY, NpsTestCase

HTMX = {"HX-Request": "true"}


@time_machine.travel(NOW, tick=False)
class TeamPageTests(NpsTestCase):
    def trend_of_three(self) -> list[Survey]:
        """Three closed campaigns: +100 (named), too few answers (anonymous), +36."""
        first = self.campaign(anonymous=False, title="First")
        self.answer(first, self.alice, 10)
        second = self.campaign(title="Second")
        for person in self.sales_people[:3]:
            self.answer(second, person, 0)
        third = self.campaign(title="Third")
        self.answer_all(third)
        return [self.close(s) for s in (first, second, third)]

    def test_the_team_sees_its_campaigns_and_the_trend_in_order_of_closing(self) -> None:
        self.trend_of_three()
        for person in (self.erin, self.carol, self.root):
            self.login(person)
            with self.subTest(person=person.username):
                response = self.client.get(reverse("feedback:nps_team", args=[self.it.slug]))
                self.assertEqual(response.status_code, 200)
                page = response.content.decode()
                trend = page[page.index('id="nps-trend"') : page.index('id="nps-campaigns"')]
                self.assertIn("█·▆", trend)  # +100, too few, +36
                self.assertLess(trend.index("First"), trend.index("Second"))
                self.assertLess(trend.index("Second"), trend.index("Third"))
                self.assertIn("Too few answers", trend)
                self.assertIn('data-score="36">+36</strong>', trend)
                self.assertEqual(
                    reverse("feedback:nps_new") in page, person in (self.erin, self.root)
                )

    def test_others_get_404(self) -> None:
        for person in (self.alice, self.dave, self.grace):
            self.login(person)
            with self.subTest(person=person.username):
                for name in ("feedback:nps_team", "feedback:nps_block"):
                    response = self.client.get(reverse(name, args=[self.it.slug]))
                    self.assertEqual(response.status_code, 404)

    def test_an_open_anonymous_campaign_says_when_its_results_come(self) -> None:
        self.campaign(title="Running")
        self.campaign(launch=False, opens_on=TODAY + timedelta(days=3), title="Coming")
        self.login(self.erin)
        page = self.client.get(reverse("feedback:nps_team", args=[self.it.slug])).content.decode()
        self.assertIn("Released at close, 19 Oct 2026", page)
        self.assertIn("Opens on 8 Oct 2026", page)
        self.assertIn("No campaign has closed yet.", page)

    def test_the_block_shows_the_last_closed_score_and_the_trend_as_text(self) -> None:
        self.trend_of_three()
        self.login(self.carol)
        response = self.client.get(reverse("feedback:nps_block", args=[self.it.slug]), headers=HTMX)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "<html")
        self.assertContains(response, 'data-score="36">+36</strong>', html=False)
        self.assertContains(response, "11 answers")
        self.assertContains(response, "█·▆")
        self.assertContains(response, "+100, too few answers, +36")

    def test_the_page_the_block_keep_their_query_counts_whatever_the_campaigns(self) -> None:
        self.close(self.campaign(anonymous=False))
        first = self.counts()
        self.trend_of_three()
        self.campaign(launch=False, opens_on=TODAY + timedelta(days=3))
        self.assertEqual(first, self.counts(), self.sql)

    def counts(self) -> tuple[int, int]:
        self.login(self.erin)
        found = []
        for name in ("feedback:nps_team", "feedback:nps_block"):
            url = reverse(name, args=[self.it.slug])
            self.client.get(url)
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            self.sql = "\n".join(q["sql"] for q in queries.captured_queries)
            found.append(len(queries))
        return found[0], found[1]


def form_data(**changes: Any) -> dict[str, Any]:
    data = {
        "title": "",
        "period_start": Q3[0].isoformat(),
        "period_end": Q3[1].isoformat(),
        "sample_size": "20",
        "anonymity": "anonymous",
        "min_group": "5",
        "opens_on": TODAY.isoformat(),
        "closes_on": CLOSES.isoformat(),
    }
    data.update(changes)
    return data


@time_machine.travel(NOW, tick=False)
class NewCampaignTests(NpsTestCase):
    url = reverse("feedback:nps_new") + "?team=it-service-desk"

    def test_a_lead_gets_the_form_filled_in_for_last_quarter(self) -> None:
        self.login(self.erin)
        response = self.client.get(self.url)
        self.assertContains(response, "New NPS campaign: IT Service Desk")
        self.assertContains(response, 'value="2026-07-01"')
        self.assertContains(response, 'value="2026-09-30"')
        self.assertContains(response, 'value="2026-10-19"')

    def test_only_leads_and_administrators_reach_it(self) -> None:
        for person in (self.carol, self.alice, self.grace):
            self.login(person)
            with self.subTest(person=person.username):
                self.assertEqual(self.client.get(self.url).status_code, 404)
                self.assertEqual(self.client.post(self.url, form_data()).status_code, 404)
        self.login(self.root)
        self.assertEqual(self.client.get(self.url).status_code, 200)
        self.assertEqual(self.client.get(reverse("feedback:nps_new")).status_code, 404)
        self.assertFalse(Survey.objects.exists())

    def test_a_lead_makes_a_campaign_that_opens_at_once(self) -> None:
        self.login(self.erin)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url, form_data(anonymity="named"))
        survey = Survey.objects.get()
        self.assertRedirects(
            response, reverse("feedback:nps_campaign", args=[survey.pk]), status_code=303
        )
        self.assertEqual(survey.state, SurveyState.OPEN)
        self.assertFalse(survey.anonymous)
        self.assertEqual((survey.title, survey.invited), ("IT Service Desk: NPS Q3 2026", 11))

    def test_refusals_come_back_beside_their_fields_and_nothing_is_stored(self) -> None:
        self.login(self.erin)
        response = self.client.post(
            self.url,
            form_data(period_end="2026-12-31", sample_size="0", closes_on=TODAY.isoformat()),
        )
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Nothing was saved", status_code=422)
        for field, message in (
            ("period_end", "The period ends in the future"),
            ("sample_size", "Ask at least one person."),
            ("closes_on", "The campaign closes after it opens (5 Oct 2026)."),
        ):
            page = response.content.decode()
            block = page[page.index(f'id="field-{field}"') :]
            self.assertIn(message, block[: block.index("</div>")])
        fragment = self.client.post(self.url, form_data(period_start="soon"), headers=HTMX)
        self.assertEqual(fragment.status_code, 422)
        self.assertNotContains(fragment, "<html", status_code=422)
        self.assertContains(fragment, "Enter a valid date.", status_code=422)
        self.assertFalse(Survey.objects.exists())

    def test_htmx_is_sent_to_the_new_campaign(self) -> None:
        self.login(self.erin)
        response = self.client.post(
            self.url, form_data(opens_on="2026-10-06", closes_on="2026-10-20"), headers=HTMX
        )
        survey = Survey.objects.get()
        self.assertEqual(response.status_code, 204)
        self.assertEqual(
            response["HX-Redirect"], reverse("feedback:nps_campaign", args=[survey.pk])
        )
        self.assertEqual(survey.state, SurveyState.DRAFT)
        self.assertEqual(survey.opens_on, date(2026, 10, 6))


@time_machine.travel(NOW, tick=False)
class CloseCampaignTests(NpsTestCase):
    def test_a_lead_closes_a_campaign_early_which_releases_its_results(self) -> None:
        survey = self.campaign()
        self.answer_all(survey)
        url = reverse("feedback:nps_close", args=[survey.pk])
        for person in (self.carol, self.alice):
            self.login(person)
            self.assertEqual(self.client.post(url).status_code, 404)
        self.assertEqual(Survey.objects.get(pk=survey.pk).state, SurveyState.OPEN)
        self.login(self.erin)
        self.assertEqual(self.client.get(url).status_code, 405)
        response = self.client.post(url)
        self.assertRedirects(
            response, reverse("feedback:nps_campaign", args=[survey.pk]), status_code=303
        )
        self.assertEqual(Survey.objects.get(pk=survey.pk).state, SurveyState.CLOSED)
        page = self.client.get(reverse("feedback:nps_campaign", args=[survey.pk]))
        self.assertContains(page, 'data-score="36"')
        again = self.client.post(url)  # a second click: nothing to do
        self.assertEqual(again.status_code, 303)
