"""The rating block of the request page: the requester's one-click scale while a rating waits, the
rating with its comment and follow-up for the requester and the team, nothing for anyone else."""

from __future__ import annotations

import json
from datetime import timedelta

import time_machine
from django.urls import reverse

from inservice.feedback.models.csat import FollowUp, Rating, RatingChannel
from inservice.feedback.services import csat
from inservice.feedback.tests.test_csat_support import MONDAY, CsatTestCase
from inservice.tickets import services as tickets
from inservice.tickets.choices import Status
from inservice.tickets.models import Ticket

HTMX = {"HX-Request": "true"}


@time_machine.travel(MONDAY, tick=False)
class RatingBlockTests(CsatTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.ticket, self.rating = self.resolved()
        self.url = reverse("feedback:ticket_rating", args=[self.ticket.key])

    def test_the_request_page_loads_the_block_after_the_page(self) -> None:
        self.login(self.alice)
        response = self.client.get(reverse("tickets:detail", args=[self.ticket.key]))
        self.assertContains(response, f'hx-get="{self.url}" hx-trigger="load"')

    def test_the_requester_sees_a_one_click_scale_while_the_rating_waits(self) -> None:
        self.login(self.alice)
        response = self.client.get(self.url, headers=HTMX)
        self.assertContains(response, "How did we do? Click a score to send it.")
        for n, label in ((1, "Very poor"), (3, "Okay"), (5, "Excellent")):
            self.assertContains(
                response,
                f'<button class="btn" type="submit" name="score" value="{n}" title="{label}" '
                f'aria-label="{n} ({label})">{n}</button>',
                html=True,
            )
        self.assertContains(response, 'name="reopen"')  # resolved today: it may be reopened
        self.assertContains(response, "You can rate until 7 Dec 2026.")

    def test_a_click_records_the_rating_and_the_block_reloads_itself(self) -> None:
        self.login(self.alice)
        response = self.client.post(
            self.url, {"score": "5", "comment": "Quick, thanks!"}, headers=HTMX
        )
        self.assertEqual(response.status_code, 204)
        self.assertEqual(json.loads(response["HX-Trigger"]), {"rating-saved": ""})
        rating = Rating.objects.get(pk=self.rating.pk)
        self.assertEqual((rating.score, rating.channel), (5, RatingChannel.APP))
        block = self.client.get(self.url, headers=HTMX)
        self.assertContains(block, "5 / 5 · Excellent")
        self.assertContains(block, "Quick, thanks!")
        self.assertNotContains(block, 'name="score"')

    def test_bad_input_answers_422_with_the_form_and_nothing_is_stored(self) -> None:
        self.login(self.alice)
        for data, message in (
            ({"score": "7"}, "Choose a score from 1 (very poor) to 5 (excellent)."),
            ({"score": "many"}, "Choose a score from 1 (very poor) to 5 (excellent)."),
            ({}, "Choose a score from 1 (very poor) to 5 (excellent)."),
            ({"score": "2", "comment": "x" * 2001}, "at most 2000 characters"),
            ({"score": "4", "reopen": "on"}, "Reopening goes with a score of 1 or 2"),
        ):
            with self.subTest(data=data):
                response = self.client.post(self.url, data, headers=HTMX)
                self.assertContains(response, message, status_code=422)
                self.assertContains(response, 'id="ticket-rating"', status_code=422)
        self.assertIsNone(Rating.objects.get(pk=self.rating.pk).score)
        self.assertEqual(Ticket.objects.get(pk=self.ticket.pk).status, Status.RESOLVED)

    def test_a_low_score_with_reopen_reopens_the_request_and_refreshes_the_page(self) -> None:
        self.login(self.alice)
        response = self.client.post(
            self.url, {"score": "1", "comment": "Still broken", "reopen": "on"}, headers=HTMX
        )
        self.assertEqual(response.status_code, 204)
        self.assertEqual(
            json.loads(response["HX-Trigger"]), {"rating-saved": "", "ticket-changed": ""}
        )
        self.assertEqual(Ticket.objects.get(pk=self.ticket.pk).status, Status.IN_PROGRESS)
        block = self.client.get(self.url, headers=HTMX)
        self.assertContains(block, "You reopened the request with this rating.")
        self.assertContains(block, "A lead of the team will get back to you about it.")

    def test_without_htmx_a_rating_goes_back_to_the_request_page(self) -> None:
        self.login(self.alice)
        response = self.client.post(self.url, {"score": "4"})
        self.assertRedirects(
            response, reverse("tickets:detail", args=[self.ticket.key]), status_code=303
        )
        refused = self.client.post(self.url, {"score": "4"}, follow=True)
        self.assertContains(refused, "You already rated this request on 23 Nov 2026.")

    def test_the_team_sees_the_rating_its_follow_up_and_the_answer(self) -> None:
        csat.rate(self.rating, 2, comment="Took a week.", channel=RatingChannel.EMAIL)
        follow_up = FollowUp.objects.get(rating=self.rating)
        self.login(self.carol)
        block = self.client.get(self.url, headers=HTMX)
        self.assertContains(block, "2 / 5 · Poor")
        self.assertContains(block, "rated by Alice Asker")
        self.assertContains(block, "Took a week.")
        self.assertContains(block, "A lead answers the requester by 24 Nov 2026, 18:00.")
        follow_up_url = reverse("feedback:follow_up", args=[follow_up.pk])
        self.assertNotContains(block, follow_up_url)  # an agent: the leads answer
        self.login(self.erin)
        self.assertContains(self.client.get(self.url, headers=HTMX), follow_up_url)
        csat.answer_follow_up(self.erin, follow_up, "We are sorry: fixed the routing.")
        self.login(self.alice)
        block = self.client.get(self.url, headers=HTMX)
        self.assertContains(block, "Erin Lead answered")
        self.assertContains(block, "We are sorry: fixed the routing.")

    def test_the_team_sees_a_rating_is_waiting_and_when_it_closed(self) -> None:
        self.login(self.carol)
        response = self.client.get(self.url, headers=HTMX)
        self.assertContains(response, "The requester was asked for a rating on 23 Nov 2026")
        self.assertNotContains(response, 'name="score"')
        self.assertEqual(self.client.post(self.url, {"score": "5"}, headers=HTMX).status_code, 404)
        with time_machine.travel(MONDAY + timedelta(days=15), tick=False):
            self.login(self.carol)  # a new session: the first one has run out by then
            closed = self.client.get(self.url, headers=HTMX)
        self.assertContains(closed, "Not rated: the rating closed on 7 Dec 2026.")

    def test_others_who_see_the_request_see_nothing_of_the_rating(self) -> None:
        csat.rate(self.rating, 1, comment="Awful.", channel=RatingChannel.EMAIL)
        tickets.add_watcher(self.alice, self.ticket, self.bob)
        for viewer in (self.bob, self.root):  # a watcher; an administrator
            with self.subTest(viewer=viewer.username):
                self.login(viewer)
                response = self.client.get(self.url, headers=HTMX)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.content, b"")
                self.assertEqual(self.client.post(self.url, {"score": "5"}).status_code, 404)

    def test_people_who_may_not_see_the_request_get_404(self) -> None:
        self.login(self.dave)
        self.assertEqual(self.client.get(self.url, headers=HTMX).status_code, 404)
        self.assertEqual(self.client.post(self.url, {"score": "5"}).status_code, 404)

    def test_a_request_never_asked_shows_nothing(self) -> None:
        self.login(self.alice)
        fresh = self.ask()
        response = self.client.get(reverse("feedback:ticket_rating", args=[fresh.key]))
        self.assertEqual((response.status_code, response.content), (200, b""))
