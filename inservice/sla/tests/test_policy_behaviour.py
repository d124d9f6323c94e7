"""What a lead's policy does to requests, seen where people look: a non-default at-risk point
moves the moment the queue says "At risk"; a non-default pause status stops and restarts the
clocks; a breach still running reads in words on the request page; a team calendar's public
holiday is skipped by the due time."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape
from typing import Any

import time_machine
from django.urls import reverse

from inservice.org.models import Person
from inservice.org.tests.api_support import ApiTestCase
from inservice.sla import services as sla
from inservice.sla.calendar import Interval
from inservice.sla.models import Escalation
from inservice.test import BaseTestCase
from inservice.tickets.choices import Priority, Status
from inservice.tickets.models import Ticket

MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # IT: Mon-Fri 09:00-17:00 UTC
MONDAY_16 = MONDAY_10 + timedelta(hours=6)
TUESDAY = datetime(2026, 11, 24, tzinfo=UTC)
HTMX = {"HX-Request": "true"}


def text(html: str) -> str:
    """What a reader sees: tags gone, entities decoded, runs of spaces as one."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", unescape(html))).strip()


def cells(html: str, label: str) -> list[str]:
    """The text of every cell of one column (by its data-label), top to bottom."""
    found = re.findall(rf'<td[^>]*data-label="{label}"[^>]*>(.*?)</td>', html, re.S)
    return [text(cell) for cell in found]


class PolicyBehaviourTestCase(BaseTestCase):
    def set_policy(self, priority: int, **changes: Any) -> None:
        """The lead sets the laptop's targets for one priority on the policy page."""
        data: dict[str, Any] = {
            "first_response_hours": "4",
            "first_response_mins": "",
            "resolution_hours": "40",
            "resolution_mins": "",
            "update_hours": "",
            "update_mins": "",
            "at_risk_percent": "75",
            "pause_statuses": [Status.WAITING],
            "second_level_hours": "4",
            "second_level_mins": "",
        }
        data.update(changes)
        self.login(self.erin)
        response = self.client.post(
            reverse("sla:policy", args=[self.laptop.slug, priority]),
            {f"p{priority}-{k}": v for k, v in data.items()},
            headers=HTMX,
        )
        self.assertEqual(response.status_code, 204, response.content.decode())

    def ask_at(self, moment: datetime, **kwargs: Any) -> Ticket:
        with time_machine.travel(moment, tick=False):
            return self.ask(**kwargs)

    def sweep_at(self, moment: datetime) -> sla.SweepResult:
        with time_machine.travel(moment, tick=False), self.captureOnCommitCallbacks(execute=True):
            return sla.sweep(moment)

    def move(self, person: Person, ticket: Ticket, action: str, moment: datetime) -> None:
        """A button on the request page (htmx: 204 when the move is made, 422 when refused)."""
        self.login(person)
        with time_machine.travel(moment, tick=False):
            response = self.client.post(
                reverse("tickets:transition", args=[ticket.key]), {"action": action}, headers=HTMX
            )
        self.assertEqual(response.status_code, 204, response.content.decode())

    def page(self, ticket: Ticket, viewer: Person, moment: datetime) -> str:
        self.login(viewer)
        with time_machine.travel(moment, tick=False):
            response = self.client.get(reverse("tickets:detail", args=[ticket.key]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def target(self, html: str, target: str) -> str:
        """One target's row of the request page's service-level panel, as read."""
        panel = re.search(r'<section class="card" id="sla-panel".*?</section>', html, re.S)
        assert panel is not None, "no service-level panel on the page"
        row = re.search(rf'<dd data-target="{target}">(.*?)</dd>', panel.group(0), re.S)
        assert row is not None, f"no {target} row in the panel"
        return text(row.group(1))

    def queue(self, moment: datetime, **params: Any) -> Any:
        self.login(self.carol)
        with time_machine.travel(moment, tick=False):
            response = self.client.get(reverse("tickets:queue", args=[self.it.slug]), params)
        self.assertEqual(response.status_code, 200)
        return response

    def due_column(self, response: Any) -> dict[str, str]:
        """Each request of the queue page and what its Due cell says."""
        keys = [t.key for t in response.context["tickets"]]
        return dict(zip(keys, cells(response.content.decode(), "Due"), strict=True))


class AtRiskPercentTests(PolicyBehaviourTestCase):
    def test_it_shows_a_request_at_risk_in_the_queue_once_the_policys_percentage_is_used(
        self,
    ) -> None:
        self.set_policy(Priority.HIGH, at_risk_percent="50")
        # Monday 16:00 with first response 4 h: due Tuesday 12:00 UTC (1 h Monday, 3 h Tuesday).
        # Half of it in business time is Monday 16:00-17:00 and Tuesday 09:00-10:00.
        high = self.ask_at(MONDAY_16, priority=Priority.HIGH)
        # Same due time on the service's own targets, at risk at the default 75%: Tuesday 11:00.
        normal = self.ask_at(MONDAY_16, priority=Priority.NORMAL)

        before = TUESDAY + timedelta(hours=9, minutes=59)  # 17 wall-clock hours on, not 2 h of work
        self.sweep_at(before)
        response = self.queue(before)
        counts = {v.slug: n for v, n in response.context["views"]}
        self.assertEqual(counts["at_risk"], 0)
        self.assertEqual(
            self.due_column(response),
            {
                high.key: "due in 2 business hours 24 Nov, 13:00",  # Carol reads Berlin time
                normal.key: "due in 2 business hours 24 Nov, 13:00",
            },
        )
        self.assertNotContains(response, '<span class="badge badge-warn">At risk</span>')

        past_half = TUESDAY + timedelta(hours=10, minutes=1)
        self.assertEqual(self.sweep_at(past_half).escalations, 1)
        response = self.queue(past_half)
        self.assertEqual(
            self.due_column(response),
            {
                high.key: "At risk due in 1 business hour 24 Nov, 13:00",
                normal.key: "due in 1 business hour 24 Nov, 13:00",
            },
        )
        self.assertEqual(
            [t.key for t in self.queue(past_half, view="at_risk").context["tickets"]], [high.key]
        )
        self.assertEqual(
            list(Escalation.objects.values_list("clock__ticket__key", "at")),
            [(high.key, past_half)],
        )


class PauseStatusTests(PolicyBehaviourTestCase):
    def test_it_pauses_the_clocks_in_a_status_the_policy_names_and_resumes_them_after(
        self,
    ) -> None:
        self.set_policy(Priority.HIGH, pause_statuses=[Status.ACKNOWLEDGED, Status.WAITING])
        paused = self.ask_at(MONDAY_10, priority=Priority.HIGH)  # first response due 14:00
        running = self.ask_at(MONDAY_10, priority=Priority.NORMAL)  # the service's targets
        acknowledged_at = MONDAY_10 + timedelta(hours=1)
        for ticket in (paused, running):
            self.move(self.carol, ticket, "acknowledge", acknowledged_at)

        # Past the first response's due time: only the request that does not pause is breached.
        later = MONDAY_10 + timedelta(hours=5)
        self.sweep_at(later)
        for ticket, health in ((paused, "paused"), (running, "breached")):
            ticket.refresh_from_db()
            self.assertEqual((ticket.status, ticket.health), (Status.ACKNOWLEDGED, health))
        self.assertFalse(Escalation.objects.filter(clock__ticket=paused).exists())
        for viewer in (self.carol, self.alice):
            with self.subTest(viewer=viewer.username):
                html = self.page(paused, viewer, later)
                for target in ("first_response", "resolution"):
                    row = self.target(html, target)
                    self.assertRegex(row, r"^Paused\b")
                    self.assertNotIn("Due", row)
                    self.assertNotIn("Breached", row)

        # Work starts on Tuesday at 10:00: the clocks run again with what was left. Monday
        # 11:00-17:00 and Tuesday 09:00-10:00 were paused: seven business hours later than asked.
        self.move(self.carol, paused, "start", TUESDAY + timedelta(hours=10))
        html = self.page(paused, self.carol, TUESDAY + timedelta(hours=10))
        self.assertIn("On track due in 3 business hours", self.target(html, "first_response"))
        self.assertIn("Due Tue 24 Nov, 14:00", self.target(html, "first_response"))  # Berlin
        self.assertIn("Due Mon 30 Nov, 18:00", self.target(html, "resolution"))
        paused.refresh_from_db()
        self.assertEqual(
            (paused.status, paused.health, paused.due_at),
            (Status.IN_PROGRESS, "ok", TUESDAY + timedelta(hours=13)),
        )
        self.assertFalse(Escalation.objects.filter(clock__ticket=paused).exists())


class BreachedWordsTests(PolicyBehaviourTestCase):
    def test_it_tells_the_team_how_long_ago_a_target_still_running_was_breached(self) -> None:
        ticket = self.ask_at(MONDAY_10)  # first response due 14:00
        moment = MONDAY_10 + timedelta(hours=6, minutes=5)
        self.assertEqual(self.sweep_at(moment).escalations, 2)  # at risk, then breached
        html = self.page(ticket, self.carol, moment)
        self.assertEqual(
            self.target(html, "first_response"),
            "Breached breached 2 h ago Was due Mon 23 Nov, 15:00",  # 14:00 UTC in Berlin
        )
        self.assertIn("On track", self.target(html, "resolution"))
        # Time since a breach is wall-clock time: the evening counts though nobody works.
        evening = MONDAY_10 + timedelta(hours=10, minutes=30)
        self.sweep_at(evening)
        self.assertIn(
            "breached 6 h ago",
            self.target(self.page(ticket, self.carol, evening), "first_response"),
        )
        self.assertIn(
            "answer was due 6 h ago",
            self.target(self.page(ticket, self.alice, evening), "first_response"),
        )


class HolidayTests(ApiTestCase):
    TUESDAY_5_JAN = datetime(2027, 1, 5, tzinfo=UTC)  # Wednesday 6 January is Epiphany in Bavaria

    def setUp(self) -> None:
        super().setUp()
        self.calendar = sla.create_team_calendar(
            self.it,
            name="Munich office",
            time_zone="Europe/Berlin",
            intervals=[Interval(day, 9 * 60, 17 * 60) for day in range(5)],
            country="DE",
            subdivision="BY",
        )

    def ask_by_api(self, moment: datetime) -> str:
        with time_machine.travel(moment, tick=False):
            response = self.post(
                "/requests",
                self.alice,
                {
                    "service": self.laptop.slug,
                    "subject": "Laptop",
                    "answers": {"model": "Standard"},
                },
            )
        self.assertEqual(response.status_code, 201, response.content)
        return str(response.json()["key"])

    def first_response_due(self, key: str, moment: datetime) -> tuple[str, str]:
        with time_machine.travel(moment, tick=False):
            body = self.get(f"/requests/{key}", self.alice).json()
        clocks = {c["target"]: c for c in body["clocks"]}
        return body["due_at"], clocks["first_response"]["due_at"]

    def test_it_skips_a_public_holiday_of_the_teams_region(self) -> None:
        # Tuesday 16:00 in Munich, an hour before closing: 1 h that day, none on the holiday,
        # then 3 h from Thursday 09:00 local (08:00 UTC).
        asked = self.TUESDAY_5_JAN + timedelta(hours=15)
        key = self.ask_by_api(asked)
        self.assertEqual(
            self.first_response_due(key, asked), ("2027-01-07T11:00:00Z", "2027-01-07T11:00:00Z")
        )
        with time_machine.travel(asked, tick=False):
            self.login(self.carol)  # at the moment read: a session opened today may have expired
            response = self.client.get(reverse("tickets:detail", args=[key]))
        self.assertEqual(response.status_code, 200, response.headers)
        self.assertIn("Due Thu 7 Jan, 12:00", text(response.content.decode()))

    def test_it_works_the_day_where_the_teams_region_has_no_holiday(self) -> None:
        sla.save_calendar(
            self.calendar,
            name="Berlin office",
            time_zone="Europe/Berlin",
            intervals=[Interval(day, 9 * 60, 17 * 60) for day in range(5)],
            country="DE",
            subdivision="BE",
        )
        asked = self.TUESDAY_5_JAN + timedelta(hours=15)
        key = self.ask_by_api(asked)
        self.assertEqual(
            self.first_response_due(key, asked), ("2027-01-06T11:00:00Z", "2027-01-06T11:00:00Z")
        )
