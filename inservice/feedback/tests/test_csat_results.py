"""A team's satisfaction results: its page (figures over a period and the comments, 25 a page),
the block for its team page, and the rule of when a service's requesters are asked."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.feedback.models.csat import RatingChannel, SurveyRule
from inservice.feedback.services import csat
from inservice.feedback.tests.test_csat_support import MONDAY, CsatTestCase

HTMX = {"HX-Request": "true"}


class QueryCounting(CsatTestCase):
    def count_queries(self, url: str, **headers: str) -> tuple[int, str]:
        self.client.get(url, headers=headers)  # the session and calendar are read once first
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, headers=headers)
        self.assertEqual(response.status_code, 200)
        return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)


@time_machine.travel(MONDAY, tick=False)
class TeamResultsTests(QueryCounting):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("feedback:team_ratings", args=[self.it.slug])

    def rate(self, score: int, comment: str = "") -> str:
        ticket, rating = self.resolved()
        csat.rate(rating, score, comment=comment, channel=RatingChannel.EMAIL)
        return ticket.key

    def test_the_team_sees_asked_answered_response_rate_average_and_distribution(self) -> None:
        self.rate(5, "Brilliant, thank you!")
        self.rate(4)
        low = self.rate(2, "Terrible: nobody told me anything for days.")
        self.resolved()  # asked, not answered yet
        self.login(self.carol)
        response = self.client.get(self.url)
        self.assertContains(response, '<dd data-figure="asked">4</dd>', html=True)
        self.assertContains(response, '<dd data-figure="answered">3</dd>', html=True)
        self.assertContains(response, '<dd data-figure="response-rate">75%</dd>', html=True)
        self.assertContains(response, '<dd data-figure="average">3.67 / 5</dd>', html=True)
        counts = [(s, c) for s, c, _p in response.context["summary"].bars()]
        self.assertEqual(counts, [(5, 1), (4, 1), (3, 0), (2, 1), (1, 0)])
        comments = response.context["comments"]
        self.assertEqual([r.ticket.key for r in comments], [low, comments[1].ticket.key])
        self.assertEqual([r.score for r in comments], [2, 5])  # newest first
        self.assertContains(response, "Terrible: nobody told me anything for days.")
        self.assertContains(response, f'<a href="/requests/{low}/">{low}</a>', html=True)
        self.assertContains(response, '<span class="badge badge-danger">Negative</span>', html=True)

    def test_the_period_decides_which_ratings_count(self) -> None:
        self.seed(1, asked_at=MONDAY - timedelta(days=40), comment="From October.")
        self.seed(1, score=2, comment="Recent.")
        self.login(self.erin)
        recent = self.client.get(self.url, {"days": "30"})
        self.assertEqual(recent.context["summary"].asked, 1)
        self.assertNotContains(recent, "From October.")
        default = self.client.get(self.url)
        self.assertEqual(default.context["days"], 90)
        self.assertEqual(default.context["summary"].asked, 2)
        self.assertContains(default, "From October.")
        wrong = self.client.get(self.url, {"days": "7"})
        self.assertContains(wrong, "Choose a period of 30, 90 or 365 days.", status_code=422)
        self.assertNotContains(wrong, "Recent.", status_code=422)

    def test_only_the_team_and_administrators_see_its_results(self) -> None:
        for person, status in (
            (self.carol, 200),
            (self.erin, 200),
            (self.root, 200),
            (self.alice, 404),
            (self.dave, 404),
            (self.grace, 404),
        ):
            with self.subTest(person=person.username):
                self.login(person)
                self.assertEqual(self.client.get(self.url).status_code, status)

    def test_administrators_see_confidential_comments_counted_not_read(self) -> None:
        ticket = self.resolve(self.ask(self.alice, service=self.er_case, subject="A concern"))
        csat.rate(ticket.rating, 1, comment="About my manager.", channel=RatingChannel.EMAIL)
        url = reverse("feedback:team_ratings", args=[self.er.slug])
        self.login(self.frank)
        self.assertContains(self.client.get(url), "About my manager.")
        self.login(self.root)
        response = self.client.get(url)
        self.assertContains(response, '<dd data-figure="answered">1</dd>', html=True)
        self.assertNotContains(response, "About my manager.")
        self.assertNotContains(response, ticket.key)

    def test_comments_come_25_a_page(self) -> None:
        self.seed(27)
        self.login(self.carol)
        first = self.client.get(self.url)
        self.assertEqual(len(first.context["comments"]), 25)
        self.assertContains(first, "?days=90&amp;page=2")
        second = self.client.get(self.url, {"page": "2"})
        self.assertEqual(len(second.context["comments"]), 2)

    def test_the_page_s_queries_do_not_grow_with_ratings(self) -> None:
        self.seed(2)
        self.login(self.carol)
        before, _sql = self.count_queries(self.url)
        self.seed(20, score=1, comment="Slow.")
        after, sql = self.count_queries(self.url)
        self.assertEqual(before, after, f"query count grew with rows:\n{sql}")


@time_machine.travel(MONDAY, tick=False)
class TeamBlockTests(QueryCounting):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("feedback:team_ratings_block", args=[self.it.slug])

    def test_the_block_shows_the_average_and_to_leads_the_follow_ups_to_answer(self) -> None:
        self.seed(2, score=5)
        self.seed(1, score=2, follow_up_due_at=MONDAY - timedelta(hours=1))  # overdue
        self.login(self.erin)
        response = self.client.get(self.url, headers=HTMX)
        self.assertContains(response, '<strong data-figure="average">4.0 / 5</strong>', html=True)
        self.assertContains(response, "from 3 ratings in the last 90 days")
        self.assertContains(response, "1 low rating to answer")
        self.assertContains(response, "1 overdue")
        self.assertContains(response, reverse("feedback:team_ratings", args=[self.it.slug]))
        self.login(self.carol)
        agent = self.client.get(self.url, headers=HTMX)
        self.assertContains(agent, "from 3 ratings")
        self.assertNotContains(agent, "to answer")
        self.login(self.alice)
        self.assertEqual(self.client.get(self.url, headers=HTMX).status_code, 404)

    def test_the_block_s_queries_do_not_grow_with_ratings(self) -> None:
        self.seed(1, score=1, follow_up_due_at=MONDAY + timedelta(days=1))
        self.login(self.erin)
        before, _sql = self.count_queries(self.url, **HTMX)
        self.seed(15, score=2, follow_up_due_at=MONDAY - timedelta(days=1))
        after, sql = self.count_queries(self.url, **HTMX)
        self.assertEqual(before, after, f"query count grew with rows:\n{sql}")


@time_machine.travel(MONDAY, tick=False)
class SurveyRulePageTests(CsatTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("feedback:survey_rule", args=[self.laptop.pk])

    def test_a_lead_sets_how_often_the_service_asks(self) -> None:
        self.login(self.erin)
        page = self.client.get(self.url)
        self.assertContains(page, "No rule yet: every requester is asked, with no cap.")
        self.assertContains(page, 'name="every" value="1"')
        response = self.client.post(self.url, {"every": "3", "cap_days": "14"})
        self.assertRedirects(response, self.url, status_code=303, fetch_redirect_response=False)
        rule = SurveyRule.objects.get(service=self.laptop)
        self.assertEqual((rule.every, rule.cap_days), (3, 14))
        again = self.client.get(self.url)
        self.assertContains(again, "Saved: the new rule applies to the next resolution.")
        self.assertContains(again, 'name="every" value="3"')

    def test_bad_values_are_refused_beside_their_field_and_nothing_is_saved(self) -> None:
        self.login(self.erin)
        for data, message in (
            ({"every": "0", "cap_days": "0"}, "Ask one in N requests: N is a whole number"),
            ({"every": "1", "cap_days": "400"}, "from 0 (no cap) to 365"),
            ({"every": "1", "cap_days": "-1"}, "from 0 (no cap) to 365"),
            (
                {"every": "often", "cap_days": "0"},
                "Enter a whole number, e.g. 1 for every request.",
            ),
            ({"every": "2"}, "Say how many days, or 0 for no cap."),
        ):
            with self.subTest(data=data):
                response = self.client.post(self.url, data)
                self.assertContains(response, message, status_code=422)
        self.assertFalse(SurveyRule.objects.exists())

    def test_only_the_owning_team_s_leads_and_administrators_may(self) -> None:
        for person, status in (
            (self.erin, 200),
            (self.root, 200),
            (self.carol, 404),
            (self.grace, 404),
            (self.alice, 404),
        ):
            with self.subTest(person=person.username):
                self.login(person)
                self.assertEqual(self.client.get(self.url).status_code, status)
        self.login(self.grace)
        self.client.post(self.url, {"every": "5", "cap_days": "0"})
        self.assertFalse(SurveyRule.objects.exists())
