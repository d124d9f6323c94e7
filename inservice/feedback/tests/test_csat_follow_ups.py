"""Closing the loop: a lead's follow-ups of low ratings (open first, overdue marked), and one
follow-up where the lead answers the requester, once."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.catalog.models import Service
from inservice.feedback.models.csat import FollowUp, RatingChannel
from inservice.feedback.services import csat
from inservice.feedback.tests.test_csat_support import MONDAY, CsatTestCase
from inservice.notifications.choices import Kind
from inservice.notifications.models import Notification

HTMX = {"HX-Request": "true"}
LIST = "/feedback/follow-ups/"


@time_machine.travel(MONDAY, tick=False)
class FollowUpListTests(CsatTestCase):
    def low(self, service: Service | None = None, comment: str = "Too slow.") -> FollowUp:
        """A request of alice's, resolved and rated 1: its follow-up."""
        ticket = self.resolve(self.ask(self.alice, service=service))
        csat.rate(ticket.rating, 1, comment=comment, channel=RatingChannel.EMAIL)
        return FollowUp.objects.select_related("rating__ticket").get(rating__ticket=ticket)

    def test_a_lead_sees_the_team_s_follow_ups_open_first_and_overdue_marked(self) -> None:
        with time_machine.travel(MONDAY - timedelta(days=7), tick=False):
            overdue = self.low()
            answered = self.low()
            csat.answer_follow_up(self.erin, answered, "Sorry about that.")
        fresh = self.low()
        self.login(self.erin)
        response = self.client.get(LIST)
        self.assertEqual(
            [f.pk for f in response.context["follow_ups"]], [overdue.pk, fresh.pk, answered.pk]
        )
        self.assertContains(response, f'href="/feedback/follow-ups/{overdue.pk}/"')
        self.assertContains(response, '<span class="badge badge-danger">overdue</span>', html=True)
        self.assertContains(response, '<span class="badge badge-warn">open</span>', html=True)
        self.assertContains(response, '<span class="badge badge-ok">answered</span>', html=True)

    def test_each_lead_sees_their_own_teams_and_administrators_all_but_confidential(self) -> None:
        it_low = self.low()
        er_low = self.low(service=self.er_case, comment="In confidence.")
        payroll_low = self.low(service=self.payslip)
        seen = {}
        for person in (self.erin, self.grace, self.frank, self.root):
            self.login(person)
            response = self.client.get(LIST)
            seen[person.username] = {f.pk for f in response.context["follow_ups"]}
        self.assertEqual(seen["erin"], {it_low.pk})
        self.assertEqual(seen["grace"], {payroll_low.pk})
        self.assertEqual(seen["frank"], {er_low.pk})
        self.assertEqual(seen["root"], {it_low.pk, payroll_low.pk})
        for person in (self.carol, self.alice):  # an agent, a requester: no follow-ups of theirs
            self.login(person)
            self.assertEqual(self.client.get(LIST).status_code, 404)

    def test_the_list_s_queries_do_not_grow_with_follow_ups(self) -> None:
        self.seed(2, score=1, follow_up_due_at=MONDAY + timedelta(days=1))
        self.login(self.erin)
        self.client.get(LIST)
        with CaptureQueriesContext(connection) as before:
            self.client.get(LIST)
        self.seed(20, score=2, follow_up_due_at=MONDAY - timedelta(days=1))
        with CaptureQueriesContext(connection) as after:
            response = self.client.get(LIST)
        self.assertEqual(len(response.context["follow_ups"]), 22)
        sql = "\n".join(q["sql"] for q in after.captured_queries)
        self.assertEqual(len(before), len(after), f"query count grew with rows:\n{sql}")


@time_machine.travel(MONDAY, tick=False)
class FollowUpPageTests(CsatTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.ticket, rating = self.resolved()
        csat.rate(rating, 2, comment="Terrible: nobody called back.", channel=RatingChannel.EMAIL)
        self.follow_up = FollowUp.objects.get(rating=rating)
        self.url = reverse("feedback:follow_up", args=[self.follow_up.pk])

    def test_the_lead_reads_the_rating_and_answers_the_requester(self) -> None:
        self.login(self.erin)
        page = self.client.get(self.url)
        self.assertContains(page, "Alice Asker's rating")
        self.assertContains(page, "2 / 5 · Poor")
        self.assertContains(page, "Terrible: nobody called back.")
        self.assertContains(page, '<span class="badge badge-danger">Negative</span>', html=True)
        self.assertContains(page, 'name="answer"')
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url, {"answer": "Sorry: I will call you today."})
        self.assertRedirects(response, self.url, status_code=303, fetch_redirect_response=False)
        answered = self.client.get(self.url)
        self.assertContains(answered, "Your answer is sent to the requester.")
        self.assertContains(answered, "Erin Lead answered on 23 Nov 2026")
        self.assertNotContains(answered, 'name="answer"')
        self.assertTrue(Notification.objects.filter(kind=Kind.LOOP_CLOSED, recipient=self.alice))
        self.assertEqual([m.to for m in mail.outbox], [["alice@example.org"]])

    def test_an_empty_or_second_answer_is_refused_and_nothing_changes(self) -> None:
        self.login(self.erin)
        empty = self.client.post(self.url, {"answer": "  "}, headers=HTMX)
        self.assertContains(empty, "Write your answer to the requester first.", status_code=422)
        self.assertTemplateUsed(empty, "feedback/csat/partials/follow_up_form.html")
        self.assertIsNone(FollowUp.objects.get(pk=self.follow_up.pk).answered_at)
        self.client.post(self.url, {"answer": "First answer."})
        second = self.client.post(self.url, {"answer": "Second answer."})
        self.assertContains(
            second, "Erin Lead answered this rating on 23 Nov 2026 already.", status_code=422
        )
        self.assertEqual(FollowUp.objects.get(pk=self.follow_up.pk).answer, "First answer.")

    def test_an_htmx_answer_goes_back_to_the_page(self) -> None:
        self.login(self.erin)
        response = self.client.post(self.url, {"answer": "We fixed it."}, headers=HTMX)
        self.assertEqual(response.status_code, 204)
        self.assertEqual(response["HX-Redirect"], self.url)

    def test_nobody_but_the_team_s_leads_and_administrators_opens_it(self) -> None:
        for person in (self.carol, self.alice, self.grace, self.dave):
            with self.subTest(person=person.username):
                self.login(person)
                self.assertEqual(self.client.get(self.url).status_code, 404)
                self.assertEqual(self.client.post(self.url, {"answer": "Hi"}).status_code, 404)
        self.assertIsNone(FollowUp.objects.get(pk=self.follow_up.pk).answered_at)
        self.login(self.root)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_a_confidential_request_s_follow_up_stays_with_its_team(self) -> None:
        ticket = self.resolve(self.ask(self.alice, service=self.er_case, subject="A concern"))
        csat.rate(ticket.rating, 1, channel=RatingChannel.EMAIL)
        url = reverse("feedback:follow_up", args=[ticket.rating.follow_up.pk])
        self.login(self.root)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.login(self.frank)
        self.assertEqual(self.client.get(url).status_code, 200)
