"""Promises on the request page (acknowledge, renegotiate, the promise everyone sees) and the
promise-kept rates on the team page and a member's profile."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inservice.browser import Visits
from inservice.org import services as org
from inservice.org.tests.api_support import make_person
from inservice.sla import services as sla
from inservice.sla.choices import PromiseState, PromiseStep
from inservice.sla.models import Promise
from inservice.sla.tests.promise_support import settled_promise
from inservice.test import BaseTestCase, Cast
from inservice.tickets import services as tickets
from inservice.tickets.choices import Status
from inservice.tickets.models import Ticket

MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # 11:00 for carol (Berlin)
TUESDAY_14 = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)  # 15:00 Berlin, 09:00 New York


@time_machine.travel(MONDAY_10 + timedelta(minutes=30), tick=False)
class RequestPagePromiseTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.ticket = self.ask(self.alice)

    def page(self, person: Any) -> str:
        self.login(person)
        response = self.client.get(reverse("tickets:detail", args=[self.ticket.key]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def post(self, name: str, data: dict[str, str], htmx: bool = True) -> Any:
        url = reverse(f"tickets:{name}", args=[self.ticket.key])
        if htmx:
            return self.client.post(url, data, HTTP_HX_REQUEST="true")
        return self.client.post(url, data)

    def fresh(self) -> Ticket:
        return Ticket.objects.get(pk=self.ticket.pk)

    def test_it_offers_the_team_an_acknowledge_form_prefilled_from_the_policy(self) -> None:
        html = self.page(self.carol)
        self.assertIn('id="promise-form"', html)
        # Asked at 10:30 UTC: the first response is due at 14:30 UTC, 15:30 in Berlin.
        self.assertIn('value="2026-11-23T15:30"', html)
        self.assertIn('<option value="update" selected>', html)
        self.assertNotIn('name="action" value="acknowledge"', html)  # no plain button any more
        self.assertNotIn('id="promise-form"', self.page(self.alice))

    def test_it_acknowledges_through_htmx_and_everyone_sees_the_promise_in_their_zone(
        self,
    ) -> None:
        self.login(self.carol)
        response = self.post(
            "acknowledge",
            {
                "ack-promised_for": "2026-11-24T15:00",  # carol's Berlin time
                "ack-step": "update",
                "ack-message": "On it.",
                "ack-version": str(self.ticket.version),
            },
        )
        self.assertEqual(response.status_code, 204, response.content)
        self.assertEqual(response["HX-Redirect"], f"/requests/{self.ticket.key}/")
        self.assertEqual(self.fresh().status, Status.ACKNOWLEDGED)
        promise = Promise.objects.get()
        self.assertEqual((promise.promised_for, promise.made_by), (TUESDAY_14, self.carol))
        self.assertIn("We will get back to you by Tue 24 Nov, 15:00", self.page(self.carol))
        html = self.page(self.alice)
        self.assertIn("We will get back to you by Tue 24 Nov, 09:00", html)
        self.assertIn("promised by Carol Agent", html)
        self.assertNotIn('id="renegotiate-form"', html)
        self.assertIn('id="renegotiate-form"', self.page(self.carol))

    def test_it_refuses_a_time_in_the_past_with_the_form_and_changes_nothing(self) -> None:
        self.login(self.carol)
        response = self.post(
            "acknowledge", {"ack-promised_for": "2026-11-23T09:00", "ack-step": "update"}
        )
        self.assertEqual(response.status_code, 422)
        html = response.content.decode()
        self.assertIn("That time has passed: promise a time in the future.", html)
        self.assertIn('id="promise-form"', html)
        self.assertEqual(self.fresh().status, Status.NEW)
        self.assertFalse(Promise.objects.exists())

    def test_it_refuses_a_missing_time_and_an_unknown_step(self) -> None:
        self.login(self.carol)
        response = self.post("acknowledge", {"ack-promised_for": "", "ack-step": "nap"})
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "This field is required.", status_code=422)
        self.assertContains(response, "Select a valid choice.", status_code=422)
        self.assertFalse(Promise.objects.exists())

    def test_it_tells_the_requester_she_cannot_acknowledge(self) -> None:
        self.login(self.alice)
        response = self.post(
            "acknowledge", {"ack-promised_for": "2026-11-24T09:00", "ack-step": "update"}
        )
        self.assertContains(response, "Only the team can acknowledge", status_code=422)
        self.assertFalse(Promise.objects.exists())

    def test_it_answers_404_to_someone_who_cannot_see_the_request(self) -> None:
        self.login(self.dave)
        response = self.post(
            "acknowledge", {"ack-promised_for": "2026-11-24T09:00", "ack-step": "update"}
        )
        self.assertEqual(response.status_code, 404)

    def test_it_goes_back_to_the_page_without_htmx(self) -> None:
        self.login(self.carol)
        data = {"ack-promised_for": "2026-11-24T15:00", "ack-step": "resolution"}
        response = self.post("acknowledge", data, htmx=False)
        self.assertRedirects(response, f"/requests/{self.ticket.key}/", status_code=303)
        self.assertEqual(Promise.objects.get().step, PromiseStep.RESOLUTION)
        response = self.post("acknowledge", data, htmx=False)  # a promise stands now
        self.assertEqual(response.status_code, 303)
        self.assertIn("renegotiate it", self.page(self.carol))
        self.assertEqual(Promise.objects.count(), 1)

    def test_it_renegotiates_with_a_reason_through_htmx(self) -> None:
        old = sla.acknowledge(self.carol, self.ticket, TUESDAY_14, PromiseStep.UPDATE)
        self.login(self.carol)
        response = self.post("renegotiate", {"promise-promised_for": "2026-11-25T15:00"})
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "This field is required.", status_code=422)
        self.assertContains(response, 'id="renegotiate-form"', status_code=422)
        self.assertEqual(Promise.objects.count(), 1)

        response = self.post(
            "renegotiate",
            {"promise-promised_for": "2026-11-25T15:00", "promise-reason": "Supplier delay"},
        )
        self.assertEqual(response.status_code, 204, response.content)
        old.refresh_from_db()
        self.assertEqual(old.state, PromiseState.RENEGOTIATED)
        self.assertIn("We will get back to you by Wed 25 Nov, 09:00", self.page(self.alice))

    def test_it_refuses_to_renegotiate_into_the_past(self) -> None:
        sla.acknowledge(self.carol, self.ticket, TUESDAY_14, PromiseStep.UPDATE)
        self.login(self.carol)
        response = self.post(
            "renegotiate",
            {"promise-promised_for": "2026-11-23T08:00", "promise-reason": "Oops"},
        )
        self.assertContains(response, "That time has passed", status_code=422)
        self.assertEqual(Promise.objects.get().state, PromiseState.OPEN)

    def test_it_shows_everyone_a_promise_whose_time_passed_and_asks_the_team_to_renegotiate(
        self,
    ) -> None:
        sla.acknowledge(self.carol, self.ticket, TUESDAY_14, PromiseStep.UPDATE)
        later = TUESDAY_14 + timedelta(hours=1)
        sla.lapse_promises(later)
        with time_machine.travel(later, tick=False):
            self.assertIn(
                "We promised to get back to you by Tue 24 Nov, 09:00, and we are late",
                self.page(self.alice),
            )
            html = self.page(self.carol)
        self.assertIn("has passed: give the requester a new one", html)
        self.assertIn('id="renegotiate-form"', html)

    def count_queries(self, url: str) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)

    def test_it_adds_a_bounded_number_of_queries_to_the_page(self) -> None:
        sla.acknowledge(self.carol, self.ticket, TUESDAY_14, PromiseStep.UPDATE)
        self.login(self.carol)
        url = reverse("tickets:detail", args=[self.ticket.key])
        few, _sql = self.count_queries(url)
        for n in range(5):
            sla.renegotiate(self.carol, self.ticket, TUESDAY_14 + timedelta(hours=n + 1), "Later")

        many, sql = self.count_queries(url)

        self.assertEqual(many, few, sql)
        self.assertEqual(Promise.objects.filter(ticket=self.ticket).count(), 6)


class RatePartialTests(BaseTestCase):
    def settle(self, maker: Any, state: str) -> None:
        settled_promise(maker, self.ask(self.alice), state, MONDAY_10 - timedelta(days=2))

    @time_machine.travel(MONDAY_10, tick=False)
    def test_it_shows_everyone_the_teams_rate_and_its_leads_each_member(self) -> None:
        for state in (PromiseState.KEPT, PromiseState.KEPT, PromiseState.KEPT):
            self.settle(self.carol, state)
        self.settle(self.erin, PromiseState.BROKEN)
        self.settle(self.carol, PromiseState.RENEGOTIATED)
        url = reverse("tickets:team_promises", args=[self.it.slug])

        self.login(self.alice)
        response = self.client.get(url, HTTP_HX_REQUEST="true")
        html = response.content.decode()
        self.assertIn("Promises kept", html)
        self.assertIn("<strong>75%</strong>", html)
        self.assertIn("(3 of 4 kept)", html)
        self.assertIn("1 renegotiated in time", html)
        self.assertNotIn("data-member", html)

        self.login(self.erin)
        html = self.client.get(url, HTTP_HX_REQUEST="true").content.decode()
        self.assertIn(f'data-member="{self.carol.pk}"', html)
        self.assertIn("<strong>100%</strong>", html)  # carol: 3 of 3
        self.assertIn("<strong>0%</strong>", html)  # erin: 0 of 1

    def test_it_loads_the_rate_on_the_team_page(self) -> None:
        self.login(self.alice)
        response = self.client.get(reverse("org:team", args=[self.it.slug]))
        self.assertContains(response, reverse("tickets:team_promises", args=[self.it.slug]))

    @time_machine.travel(MONDAY_10, tick=False)
    def test_it_reads_the_team_rates_with_a_bounded_number_of_queries(self) -> None:
        url = reverse("tickets:team_promises", args=[self.it.slug])
        self.settle(self.carol, PromiseState.KEPT)
        self.login(self.erin)

        def count() -> tuple[int, str, str]:
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url, HTTP_HX_REQUEST="true")
            self.assertEqual(response.status_code, 200)
            sql = "\n".join(q["sql"] for q in queries.captured_queries)
            return len(queries), sql, response.content.decode()

        few, _sql, _html = count()
        members = []
        for n in range(8):
            member = make_person(name=f"Member {n}", team=self.it)
            org.add_member(self.it, member)
            self.settle(member, PromiseState.KEPT if n % 2 else PromiseState.BROKEN)
            self.settle(self.carol, PromiseState.RENEGOTIATED)
            members.append(member)

        many, sql, html = count()

        self.assertEqual(many, few, sql)
        for member in members:  # the rows really grew
            self.assertIn(f'data-member="{member.pk}"', html)

    @time_machine.travel(MONDAY_10, tick=False)
    def test_it_shows_a_members_rate_to_their_lead_and_to_themselves_only(self) -> None:
        self.settle(self.carol, PromiseState.KEPT)
        self.settle(self.carol, PromiseState.BROKEN)
        url = reverse("tickets:person_promises", args=[self.carol.pk])
        for viewer in (self.erin, self.carol):
            with self.subTest(viewer=viewer.username):
                self.login(viewer)
                response = self.client.get(url, HTTP_HX_REQUEST="true")
                self.assertContains(response, "<strong>50%</strong>")
        for viewer in (self.alice, self.grace, self.dave):
            with self.subTest(viewer=viewer.username):
                self.login(viewer)
                response = self.client.get(url, HTTP_HX_REQUEST="true")
                self.assertEqual(response.status_code, 204)
                self.assertEqual(response.content, b"")
        self.login(self.erin)
        profile = self.client.get(reverse("org:person", args=[self.carol.pk]))
        self.assertContains(profile, url)


@pytest.mark.browser
def test_it_acknowledges_in_a_browser_showing_a_refusal_in_place(
    visits: Visits, cast: Cast
) -> None:
    from playwright.sync_api import expect  # the browser tests' dependency, imported when they run

    ticket = tickets.open_ticket(
        cast.alice,
        tickets.NewRequest(
            service=cast.laptop, subject="Promise me", answers={"model": "Standard"}
        ),
    )
    carol = visits.signed_in(cast.carol)
    carol.goto(f"{visits.base_url}/requests/{ticket.key}/")
    carol.get_by_label("We will get back by").fill("2020-01-01T10:00")
    carol.get_by_role("button", name="Acknowledge").click()
    expect(carol.locator("#promise-form")).to_contain_text("That time has passed")
    soon = (timezone.now() + timedelta(days=2)).astimezone(ZoneInfo(cast.carol.time_zone))
    carol.get_by_label("We will get back by").fill(soon.strftime("%Y-%m-%dT%H:%M"))
    carol.get_by_label("Message to the requester").fill("We have it.")
    carol.get_by_role("button", name="Acknowledge").click()
    expect(carol.locator(".page-head .badge").first).to_have_text("Acknowledged")
    alice = visits.signed_in(cast.alice)
    alice.goto(f"{visits.base_url}/requests/{ticket.key}/")
    local = soon.astimezone(ZoneInfo(cast.alice.time_zone)).strftime("%H:%M")
    expect(alice.locator("#promise-banner")).to_contain_text(local)
