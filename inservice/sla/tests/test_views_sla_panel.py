"""The request page's service levels, as the requester and as the team see them; each team's
time with the request in the timeline; the API's clocks."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape
from typing import Any

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.org import services as org
from inservice.org.tests.api_support import ApiTestCase
from inservice.sla import services as sla
from inservice.sla.calendar import Interval
from inservice.test import BaseTestCase
from inservice.tickets import services as tickets
from inservice.tickets.choices import Priority
from inservice.tickets.models import Ticket

MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # IT: Mon-Fri 09:00-17:00 UTC


def text(html: str) -> str:
    """What a reader sees: tags gone, entities decoded, spaces as a browser would show them."""
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", unescape(html))).strip()
    return re.sub(r"\( ", "(", re.sub(r" ([:),.])", r"\1", words))


class SlaPanelTests(BaseTestCase):
    def ask_at(self, moment: datetime, **kwargs: Any) -> Ticket:
        with time_machine.travel(moment, tick=False):
            return self.ask(**kwargs)

    def page(self, ticket: Ticket, viewer: Any, moment: datetime) -> str:
        self.login(viewer)
        with time_machine.travel(moment, tick=False):
            response = self.client.get(reverse("tickets:detail", args=[ticket.key]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def panel(self, html: str) -> str:
        found = re.search(r'<section class="card" id="sla-panel".*?</section>', html, re.S)
        self.assertIsNotNone(found, "no service-level panel on the page")
        assert found is not None
        return found.group(0)

    def target(self, html: str, target: str) -> str:
        found = re.search(rf'<dd data-target="{target}">(.*?)</dd>', self.panel(html), re.S)
        self.assertIsNotNone(found, f"no {target} row in the panel")
        assert found is not None
        return text(found.group(1))

    def test_it_shows_the_team_each_target_with_time_left_and_due_time_in_their_zone(
        self,
    ) -> None:
        ticket = self.ask_at(MONDAY_10)  # first response 4 h, resolution 40 h
        html = self.page(ticket, self.carol, MONDAY_10 + timedelta(hours=1))
        # Due 14:00 UTC: 15:00 in Berlin, where Carol works.
        self.assertEqual(
            self.target(html, "first_response"),
            "On track due in 3 business hours Due Mon 23 Nov, 15:00",
        )
        self.assertEqual(
            self.target(html, "resolution"), "On track due in 4 business days Due Mon 30 Nov, 11:00"
        )
        panel = text(self.panel(html))
        self.assertIn("Policy this request started with", panel)
        self.assertIn("First response 4 business hours Resolution 5 business days", panel)
        self.assertIn("At risk when 75% is used", panel)
        self.assertIn("Paused while Waiting on requester", panel)
        self.assertIn("IT Service Desk: 1 business hour so far", panel)

    def test_it_shows_the_requester_time_left_in_their_zone_without_the_teams_details(
        self,
    ) -> None:
        ticket = self.ask_at(MONDAY_10)
        html = self.page(ticket, self.alice, MONDAY_10 + timedelta(hours=3, minutes=30))
        # Due 14:00 UTC: 09:00 in New York; at risk after three of the four hours.
        self.assertEqual(
            self.target(html, "first_response"),
            "At risk answer due in 30 business minutes Due Mon 23 Nov, 09:00",
        )
        panel = text(self.panel(html))
        self.assertNotIn("Policy this request started with", panel)
        self.assertNotIn("Time with each team", panel)

    def test_it_says_the_clock_is_paused_while_waiting_on_the_requester(self) -> None:
        ticket = self.ask_at(MONDAY_10)
        with time_machine.travel(MONDAY_10 + timedelta(hours=1), tick=False):
            tickets.transition(self.carol, ticket, "wait")
        later = MONDAY_10 + timedelta(hours=5)
        self.assertIn(
            "paused while waiting on you",
            self.target(self.page(ticket, self.alice, later), "first_response"),
        )
        self.assertIn(
            "paused while waiting on the requester",
            self.target(self.page(ticket, self.carol, later), "resolution"),
        )

    def test_it_shows_how_long_a_target_waited_paused(self) -> None:
        ticket = self.ask_at(MONDAY_10)
        with time_machine.travel(MONDAY_10 + timedelta(hours=1), tick=False):
            tickets.transition(self.carol, ticket, "wait")
        self.assertIn(
            "Paused 4 h in all",
            self.target(
                self.page(ticket, self.alice, MONDAY_10 + timedelta(hours=5)), "resolution"
            ),
        )
        with time_machine.travel(MONDAY_10 + timedelta(hours=7), tick=False):
            tickets.reply(self.alice, ticket, "Here it is")  # back to the team: the pause ends
        for viewer in (self.alice, self.carol):
            with self.subTest(viewer=viewer.username):
                row = self.target(
                    self.page(ticket, viewer, MONDAY_10 + timedelta(days=1)), "resolution"
                )
                self.assertIn("Paused 6 h in all", row)

    def test_it_says_nothing_of_pauses_for_a_target_that_never_paused(self) -> None:
        ticket = self.ask_at(MONDAY_10)
        html = self.page(ticket, self.carol, MONDAY_10 + timedelta(hours=1))
        self.assertNotIn("Paused", self.target(html, "resolution"))

    def test_it_shows_met_and_breached_outcomes_with_their_times(self) -> None:
        ticket = self.ask_at(MONDAY_10)
        with time_machine.travel(MONDAY_10 + timedelta(hours=5), tick=False):
            tickets.reply(self.carol, ticket, "Sorry for the wait, it is ordered.")
        html = self.page(ticket, self.carol, MONDAY_10 + timedelta(hours=6))
        # Missed at 14:00 UTC, met at 15:00 UTC: 15:00 and 16:00 in Berlin.
        self.assertEqual(
            self.target(html, "first_response"),
            "Met Mon 23 Nov, 16:00 (late) Breached Mon 23 Nov, 15:00",
        )

    def test_it_shows_the_policy_the_request_started_with_after_the_policy_changes(self) -> None:
        sla.save_policy(
            self.laptop,
            Priority.URGENT,
            first_response_minutes=30,
            resolution_minutes=240,
            update_every_minutes=120,
        )
        ticket = self.ask_at(MONDAY_10, priority=Priority.URGENT)
        sla.save_policy(
            self.laptop,
            Priority.URGENT,
            first_response_minutes=600,
            resolution_minutes=2400,
            update_every_minutes=None,
        )
        html = self.page(ticket, self.erin, MONDAY_10 + timedelta(minutes=10))
        panel = text(self.panel(html))
        self.assertIn("From the service's policy for this priority", panel)
        self.assertIn(
            "First response 30 business minutes Resolution 4 business hours "
            "Update at least every 2 business hours",
            panel,
        )
        self.assertEqual(
            self.target(html, "update"), "On track due in 1 business hour Due Mon 23 Nov, 13:00"
        )

    def test_it_shows_how_long_each_team_held_the_request_in_its_business_time(self) -> None:
        berlin = sla.save_calendar(
            None,
            name="Payroll hours",
            time_zone="Europe/Berlin",
            intervals=[Interval(day, 9 * 60, 17 * 60) for day in range(5)],
        )
        org.set_calendar(self.payroll, berlin)
        ticket = self.ask_at(MONDAY_10)
        with time_machine.travel(MONDAY_10 + timedelta(hours=2), tick=False):
            tickets.transfer(
                self.carol, ticket, self.payroll, "A payslip question really", reason="wrong_team"
            )
        # Payroll works 08:00-16:00 UTC in winter: 12:00 to 15:30 is three and a half hours.
        html = self.page(ticket, self.dave, MONDAY_10 + timedelta(hours=5, minutes=30))
        timeline = text(html.split('id="timeline"', 1)[1])
        self.assertIn(
            "moved it from IT Service Desk to Payroll (IT Service Desk held it for 2 business hours)",
            timeline,
        )
        panel = text(self.panel(html))
        self.assertIn("IT Service Desk: 2 business hours (23 Nov, 11:00 to 23 Nov, 13:00)", panel)
        self.assertIn("Payroll: 3 business hours so far", panel)
        # The requester reads the same timeline entry.
        self.assertIn(
            "(IT Service Desk held it for 2 business hours)",
            self.page(ticket, self.alice, MONDAY_10 + timedelta(hours=6)),
        )

    def test_it_says_when_the_team_was_back_for_a_request_asked_outside_hours(self) -> None:
        saturday = datetime(2026, 11, 28, 11, 0, tzinfo=UTC)
        ticket = self.ask_at(saturday)
        panel = text(self.panel(self.page(ticket, self.alice, saturday)))
        # Back Monday 09:00 UTC: 04:00 in New York.
        self.assertIn(
            "Asked outside working hours: the clock starts when the team is back, "
            "Mon 30 Nov, 04:00.",
            panel,
        )
        self.assertIn("answer due in 4 business hours", panel)
        monday = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
        self.assertIn(
            "Asked outside working hours: the clock started when the team was back, "
            "Mon 30 Nov, 04:00.",
            text(self.panel(self.page(ticket, self.alice, monday))),
        )


class BoundedQueryTests(BaseTestCase):
    def test_it_reads_the_panel_and_timeline_in_a_fixed_number_of_queries(self) -> None:
        berlin = sla.save_calendar(
            None,
            name="Payroll hours",
            time_zone="Europe/Berlin",
            intervals=[Interval(day, 8 * 60, 18 * 60) for day in range(5)],
        )
        org.set_calendar(self.payroll, berlin)
        sla.save_policy(
            self.laptop,
            Priority.NORMAL,
            first_response_minutes=240,
            resolution_minutes=2400,
            update_every_minutes=60,
        )
        ticket = self.ask()

        def round_trip() -> None:
            # Every part of the panel grows: stints, "moved" entries, update cycles.
            tickets.transfer(self.carol, ticket, self.payroll, "Payroll's", reason="next_step")
            tickets.reply(self.dave, ticket, "Looking")
            tickets.transfer(self.dave, ticket, self.it, "IT's after all", reason="returned")
            tickets.reply(self.carol, ticket, "Back with us")

        def count(url: str, viewer: Any) -> int:
            self.login(viewer)
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url, HTTP_HX_REQUEST="true")
            self.assertEqual(response.status_code, 200)
            sql[url, viewer.username] = "\n".join(q["sql"] for q in queries.captured_queries)
            return len(queries)

        sql: dict[tuple[str, str], str] = {}

        page = reverse("tickets:detail", args=[ticket.key])
        partial = reverse("tickets:timeline", args=[ticket.key])
        round_trip()
        before = [count(page, self.carol), count(page, self.alice), count(partial, self.carol)]
        for _ in range(6):
            round_trip()
        after = [count(page, self.carol), count(page, self.alice), count(partial, self.carol)]
        self.assertEqual(after, before, "\n\n".join(sql.values()))
        self.assertEqual(ticket.stints.count(), 15)


class ApiClockTests(ApiTestCase):
    def test_it_gives_the_request_its_due_time_health_and_clocks(self) -> None:
        with time_machine.travel(MONDAY_10, tick=False):
            ticket = self.ask(self.alice)
        with time_machine.travel(MONDAY_10 + timedelta(hours=1), tick=False):
            tickets.reply(self.carol, ticket, "On it")
            body = self.get(f"/requests/{ticket.key}", self.alice).json()
        self.assertEqual(body["due_at"], "2026-11-30T10:00:00Z")
        self.assertEqual(body["health"], "ok")
        self.assertEqual(
            body["clocks"],
            [
                {
                    "target": "first_response",
                    "cycle": 1,
                    "state": "met",
                    "due_at": "2026-11-23T14:00:00Z",
                    "breached_at": None,
                    "met_at": "2026-11-23T11:00:00Z",
                    "paused_seconds": 0,
                    "paused_since": None,
                },
                {
                    "target": "resolution",
                    "cycle": 1,
                    "state": "running",
                    "due_at": "2026-11-30T10:00:00Z",
                    "breached_at": None,
                    "met_at": None,
                    "paused_seconds": 0,
                    "paused_since": None,
                },
            ],
        )

    def test_it_gives_each_clocks_paused_time(self) -> None:
        with time_machine.travel(MONDAY_10, tick=False):
            ticket = self.ask(self.alice)
        with time_machine.travel(MONDAY_10 + timedelta(hours=1), tick=False):
            tickets.transition(self.carol, ticket, "wait", message="Which model?")
        with time_machine.travel(MONDAY_10 + timedelta(hours=3), tick=False):
            body = self.get(f"/requests/{ticket.key}", self.alice).json()
        resolution = next(c for c in body["clocks"] if c["target"] == "resolution")
        self.assertEqual(
            (resolution["state"], resolution["paused_seconds"], resolution["paused_since"]),
            ("paused", 7200, "2026-11-23T11:00:00Z"),
        )

    def test_it_lists_requests_with_their_due_time_and_health(self) -> None:
        with time_machine.travel(MONDAY_10, tick=False):
            waiting = self.ask(self.alice)
            tickets.transition(self.carol, waiting, "wait")
            running = self.ask(self.alice)
            items = self.get("/requests", self.alice).json()["items"]
            queue = self.get("/teams/it-service-desk/queue", self.carol).json()["items"]
        expected = [
            (running.key, "2026-11-23T14:00:00Z", "ok"),
            (waiting.key, None, "paused"),
        ]
        self.assertEqual([(i["key"], i["due_at"], i["health"]) for i in items], expected)
        self.assertEqual([(i["key"], i["due_at"], i["health"]) for i in queue], expected)
