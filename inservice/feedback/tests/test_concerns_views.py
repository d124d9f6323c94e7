"""The concern pages: raising one about a team or a request one may see, the list of one's own and
of those raised with one, one concern and its answer. Nobody else sees a concern (404)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.feedback.models.suggestions import Concern
from inservice.feedback.services import suggestions as services
from inservice.org.tests.api_support import make_team
from inservice.test import BaseTestCase

NEW = "/feedback/suggestions/concerns/new/"
LIST = "/feedback/suggestions/concerns/"
HTMX = {"HX-Request": "true"}


class RaisePageTests(BaseTestCase):
    def test_a_requester_raises_a_concern_about_a_team_from_its_link(self) -> None:
        self.login(self.alice)
        page = self.client.get(NEW, {"team": self.it.slug})
        self.assertContains(page, "Raise a concern about IT Service Desk")
        self.assertContains(page, "only the team's lead reads it")
        response = self.client.post(f"{NEW}?team={self.it.slug}", {"body": "Rude on the phone."})
        concern = Concern.objects.get()
        self.assertRedirects(
            response,
            reverse("feedback:concern_detail", args=[concern.pk]),
            status_code=303,
            fetch_redirect_response=False,
        )
        self.assertEqual(
            (concern.team, concern.addressee, concern.raiser), (self.it, self.erin, self.alice)
        )

    def test_about_a_request_only_one_the_raiser_may_see(self) -> None:
        ticket = self.ask(self.alice)
        self.login(self.alice)
        page = self.client.get(NEW, {"request": ticket.key})
        self.assertContains(page, f"Raise a concern about {ticket.key}")
        self.client.post(
            f"{NEW}?request={ticket.key}", {"body": "It took three weeks.", "about_lead": "on"}
        )
        concern = Concern.objects.get()
        self.assertEqual(
            (concern.ticket, concern.team, concern.about_lead), (ticket, self.it, True)
        )
        self.login(self.bob)  # not his request
        self.assertEqual(self.client.get(NEW, {"request": ticket.key}).status_code, 404)
        self.assertEqual(
            self.client.post(f"{NEW}?request={ticket.key}", {"body": "Hm"}).status_code, 404
        )
        self.assertEqual(Concern.objects.count(), 1)

    def test_an_empty_concern_or_no_team_is_refused_and_nothing_is_stored(self) -> None:
        self.login(self.alice)
        response = self.client.post(f"{NEW}?team={self.it.slug}", {"body": " "})
        self.assertContains(
            response,
            "Describe your concern: what happened, and what you expected.",
            status_code=422,
        )
        fragment = self.client.post(NEW, {"body": "Slow."}, headers=HTMX)
        self.assertContains(
            fragment, "Choose the team whose service your concern is about.", status_code=422
        )
        self.assertNotContains(fragment, "<html", status_code=422)
        self.assertFalse(Concern.objects.exists())
        self.client.post(NEW, {"team": self.payroll.slug, "body": "Slow."})
        self.assertEqual(Concern.objects.get().addressee, self.grace)


class ConcernPageTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.concern = services.raise_concern(
            self.alice, services.NewConcern(team=self.it, body="Rude on the phone.")
        )
        self.url = reverse("feedback:concern_detail", args=[self.concern.pk])
        self.answer_url = reverse("feedback:concern_answer", args=[self.concern.pk])

    def test_only_the_raiser_and_the_addressee_see_it_not_even_administrators(self) -> None:
        for person in (self.bob, self.carol, self.grace, self.frank, self.root):
            self.login(person)
            with self.subTest(person=person.username):
                self.assertEqual(self.client.get(self.url).status_code, 404)
                self.assertEqual(self.client.get(LIST).context["concerns"], [])
        self.login(self.alice)
        raiser = self.client.get(self.url)
        self.assertContains(raiser, "Rude on the phone.")
        self.assertContains(raiser, "No answer yet.")
        self.assertNotContains(raiser, "Answer the concern")
        self.login(self.erin)
        self.assertContains(self.client.get(self.url), "Answer the concern")

    def test_the_addressee_answers_and_the_raiser_reads_it(self) -> None:
        self.login(self.alice)  # the raiser does not answer their own
        self.assertEqual(self.client.post(self.answer_url, {"answer": "Fine"}).status_code, 404)
        self.login(self.erin)
        refused = self.client.post(self.answer_url, {"answer": ""}, headers=HTMX)
        self.assertContains(refused, "Write your answer to the concern.", status_code=422)
        response = self.client.post(
            self.answer_url, {"answer": "I have spoken to the agent."}, headers=HTMX
        )
        self.assertEqual(response.status_code, 204)
        self.assertEqual(response["HX-Trigger"], "concern-answered")
        self.login(self.alice)
        self.assertContains(self.client.get(self.url), "I have spoken to the agent.")

    def test_the_list_shows_both_sides_and_keeps_its_query_count(self) -> None:
        self.login(self.erin)
        self.assertContains(self.client.get(LIST), "Raised with you by Alice Asker")
        self.client.get(LIST)
        with CaptureQueriesContext(connection) as few:
            self.client.get(LIST)
        for _ in range(4):
            team = make_team()
            services.raise_concern(self.erin, services.NewConcern(team=team, body="Slow."))
            services.raise_concern(self.bob, services.NewConcern(team=self.it, body="Slow."))
            ticket = self.ask(self.carol)
            services.raise_concern(
                self.carol, services.NewConcern(team=self.it, body="Hm.", ticket=ticket)
            )
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(LIST)
        self.assertEqual(len(response.context["concerns"]), 13)
        self.assertEqual(len(few), len(many), "\n".join(q["sql"] for q in many.captured_queries))
