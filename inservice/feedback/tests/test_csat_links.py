"""The rating links of the resolution email: one click to choose, one to send. A link opens a page
with its score chosen and records nothing (mail scanners follow links); the page's button records
the rating once. Reused, expired and tampered links say so, and nothing is stored."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from inservice.feedback.models.csat import FollowUp, Rating, RatingChannel
from inservice.feedback.tests.test_csat_support import MONDAY, CsatTestCase
from inservice.feedback.tokens import make_token
from inservice.tickets import services as tickets
from inservice.tickets.choices import Status
from inservice.tickets.models import Ticket

SCORE = "Choose a score from 1 (very poor) to 5 (excellent)."


@time_machine.travel(MONDAY, tick=False)
class RatingLinkTests(CsatTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.ticket = self.ask()
        tickets.add_watcher(self.alice, self.ticket, self.bob)
        self.resolve(self.ticket)
        self.rating = Rating.objects.get(ticket=self.ticket)
        self.links = self.rating_links()

    def test_the_requester_s_resolution_email_carries_five_links_and_nobody_else_s(self) -> None:
        self.assertEqual(sorted(self.links), [1, 2, 3, 4, 5])
        self.assertTrue(all(path.startswith("/feedback/rate/") for path in self.links.values()))
        [to_alice] = [m for m in mail.outbox if m.to == ["alice@example.org"]]
        self.assertIn("5 (Excellent): http", to_alice.body)
        assert isinstance(to_alice, EmailMultiAlternatives)
        html = str(to_alice.alternatives[0][0])
        self.assertIn(self.links[1].replace("&", "&amp;"), html)
        [to_bob] = [m for m in mail.outbox if m.to == ["bob@example.org"]]  # a watcher
        self.assertNotIn("/feedback/rate/", to_bob.body)

    def test_opening_a_link_chooses_its_score_and_records_nothing(self) -> None:
        response = self.client.get(self.links[4])  # not signed in: the token is the authority
        self.assertContains(response, "How did we do?")
        self.assertContains(response, f"{self.ticket.key}</span> Laptop for new project")
        self.assertContains(
            response, '<input type="radio" name="score" value="4" checked>', html=True
        )
        self.assertContains(response, '<input type="radio" name="score" value="5">', html=True)
        self.assertContains(response, "Nothing is recorded until you send it.")
        self.assertIsNone(Rating.objects.get(pk=self.rating.pk).score)

    def test_sending_the_page_records_the_rating_once(self) -> None:
        response = self.client.post(self.links[4], {"score": "4", "comment": "Nice and quick."})
        self.assertContains(response, "Thank you: your rating is recorded.")
        self.assertContains(response, f"You rated {self.ticket.key} 4 out of 5 (Good).")
        rating = Rating.objects.get(pk=self.rating.pk)
        self.assertEqual((rating.score, rating.comment), (4, "Nice and quick."))
        self.assertEqual(rating.channel, RatingChannel.EMAIL)
        # The same link, or another of the five, says it was used; a second send changes nothing.
        with time_machine.travel(MONDAY + timedelta(days=3), tick=False):
            again = self.client.get(self.links[1])
            self.assertContains(again, "You already rated this request on 23 Nov 2026.")
            self.assertNotContains(again, 'name="score"')
            resent = self.client.post(self.links[1], {"score": "1"})
        self.assertContains(resent, "You already rated this request", status_code=422)
        self.assertEqual(Rating.objects.get(pk=self.rating.pk).score, 4)

    def test_a_score_outside_the_scale_is_a_form_error_and_nothing_is_stored(self) -> None:
        for data in ({"score": "9"}, {"score": "0"}, {"score": "five"}, {"comment": "No score"}):
            with self.subTest(data=data):
                response = self.client.post(self.links[3], data)
                self.assertContains(response, SCORE, status_code=422)
        self.assertIsNone(Rating.objects.get(pk=self.rating.pk).score)
        # A link edited to a score that is not one opens with nothing chosen, saying so.
        edited = self.client.get(self.links[3].replace("score=3", "score=9"))
        self.assertContains(edited, SCORE)
        self.assertNotContains(edited, "checked")

    def test_a_low_score_may_reopen_the_request(self) -> None:
        response = self.client.post(
            self.links[1], {"score": "1", "comment": "Still broken.", "reopen": "on"}
        )
        self.assertContains(
            response, "Your request is open again: IT Service Desk will pick it up."
        )
        self.assertEqual(Ticket.objects.get(pk=self.ticket.pk).status, Status.IN_PROGRESS)
        self.assertTrue(FollowUp.objects.filter(rating=self.rating).exists())
        self.assertTrue(Rating.objects.get(pk=self.rating.pk).reopened)

    def test_reopening_with_a_high_score_is_refused_beside_the_field(self) -> None:
        response = self.client.post(self.links[5], {"score": "5", "reopen": "on"})
        self.assertContains(response, "Reopening goes with a score of 1 or 2", status_code=422)
        self.assertEqual(Ticket.objects.get(pk=self.ticket.pk).status, Status.RESOLVED)
        self.assertIsNone(Rating.objects.get(pk=self.rating.pk).score)

    def test_an_expired_link_says_the_rating_closed(self) -> None:
        with time_machine.travel(MONDAY + timedelta(days=15), tick=False):
            response = self.client.get(self.links[5])
            self.assertContains(
                response,
                "This link has expired, and ratings for this request closed on 7 Dec 2026.",
            )
            sent = self.client.post(self.links[5], {"score": "5"})
        self.assertContains(sent, "This link has expired", status_code=422)
        self.assertIsNone(Rating.objects.get(pk=self.rating.pk).score)

    def test_an_expired_link_of_a_rating_still_open_points_to_the_request_page(self) -> None:
        with time_machine.travel(MONDAY - timedelta(days=1), tick=False):
            old = make_token(self.rating)  # signed a day before the rating's 14 days began
        with time_machine.travel(MONDAY + timedelta(days=13, hours=12), tick=False):
            response = self.client.get(f"/feedback/rate/{old}/?score=5")
        self.assertContains(
            response,
            "This link has expired; you can still rate from the request page until 7 Dec 2026.",
        )
        self.assertContains(response, f'href="/requests/{self.ticket.key}/"')

    def test_a_tampered_link_is_not_found_and_says_so(self) -> None:
        token = self.links[5].split("/")[3]
        for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), "not-a-token", token[:10]):
            with self.subTest(token=bad):
                response = self.client.get(f"/feedback/rate/{bad}/?score=5")
                self.assertContains(response, "This rating link is not valid", status_code=404)
                self.assertEqual(
                    self.client.post(f"/feedback/rate/{bad}/", {"score": "5"}).status_code, 404
                )
        self.assertIsNone(Rating.objects.get(pk=self.rating.pk).score)

    def test_a_link_speaks_of_days_in_the_requester_s_time_zone(self) -> None:
        with time_machine.travel(MONDAY.replace(hour=3), tick=False):  # 22 Nov in New York
            self.resolve(self.ask())
            links = self.rating_links()
            self.client.post(links[5], {"score": "5"})
        response = self.client.get(links[4])
        self.assertContains(response, "You already rated this request on 22 Nov 2026.")
