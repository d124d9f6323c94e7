"""What a requester sees of service levels on the portal home and on "My requests": a request
whose answer is due soon is marked so, and a late one is marked late."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import time_machine
from django.urls import reverse

from inservice.sla import services as sla
from inservice.test import BaseTestCase
from inservice.tickets.models import Ticket

MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # IT: Mon-Fri 09:00-17:00 UTC
DUE_SOON = '<span class="badge badge-warn">Due soon</span>'
LATE = '<span class="badge badge-danger">Late</span>'
HTMX = {"HX-Request": "true"}


def time_left(html: str) -> dict[str, tuple[str, str]]:
    """Each request's row: its standing for styling (data-health) and its Time left cell as read."""
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    found = {}
    for row in rows:
        key = re.search(r'<td class="key"[^>]*><a [^>]*>([^<]+)</a>', row)
        cell = re.search(r'<td data-label="Time left" data-health="([^"]*)">(.*?)</td>', row, re.S)
        if key and cell:
            words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", unescape(cell.group(2)))).strip()
            found[key.group(1)] = (cell.group(1), words)
    return found


class RequesterBadgeTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)

    def ask_at(self, moment: datetime) -> Ticket:
        with time_machine.travel(moment, tick=False):
            return self.ask()

    def sweep_at(self, moment: datetime) -> None:
        with time_machine.travel(moment, tick=False), self.captureOnCommitCallbacks(execute=True):
            sla.sweep(moment)

    def pages(self, moment: datetime) -> dict[str, str]:
        """The portal home, "My requests", and its list as htmx asks for it (state filter)."""
        with time_machine.travel(moment, tick=False):
            responses = {
                "portal": self.client.get(reverse("portal:home")),
                "mine": self.client.get(reverse("tickets:mine")),
                "mine partial": self.client.get(
                    reverse("tickets:mine"), {"state": "open"}, headers=HTMX
                ),
            }
        for name, response in responses.items():
            self.assertEqual(response.status_code, 200, name)
        self.assertNotIn("<html", responses["mine partial"].content.decode())
        return {name: response.content.decode() for name, response in responses.items()}

    def test_it_marks_a_request_whose_answer_is_due_soon(self) -> None:
        ticket = self.ask_at(MONDAY_10)  # first response due 14:00, at risk from 13:00
        self.sweep_at(MONDAY_10 + timedelta(hours=2, minutes=59))
        for name, html in self.pages(MONDAY_10 + timedelta(hours=2, minutes=59)).items():
            with self.subTest(page=name, moment="before"):
                self.assertEqual(
                    time_left(html), {ticket.key: ("ok", "answer due in 1 business hour")}
                )
                self.assertNotIn(DUE_SOON, html)

        at_risk = MONDAY_10 + timedelta(hours=3, minutes=1)
        self.sweep_at(at_risk)
        for name, html in self.pages(at_risk).items():
            with self.subTest(page=name, moment="at risk"):
                self.assertEqual(
                    time_left(html),
                    {ticket.key: ("at_risk", "Due soon answer due in 59 business minutes")},
                )
                self.assertIn(DUE_SOON, html)
                self.assertNotIn("At risk", html)  # the team's word, not the requester's

    def test_it_marks_a_late_answer_on_the_portal_home_and_not_as_due_soon(self) -> None:
        late = self.ask_at(MONDAY_10)  # due 14:00
        fine = self.ask_at(MONDAY_10 + timedelta(hours=5))  # due Tuesday 11:00
        moment = MONDAY_10 + timedelta(hours=6)
        self.sweep_at(MONDAY_10 + timedelta(hours=3, minutes=1))  # at risk first
        self.sweep_at(moment)  # then breached
        html = self.pages(moment)["portal"]
        self.assertEqual(
            time_left(html),
            {
                fine.key: ("ok", "answer due in 3 business hours"),
                late.key: ("breached", "Late answer was due 2 h ago"),
            },
        )
        self.assertEqual(html.count(LATE), 1)
        self.assertNotIn(DUE_SOON, html)

    def test_it_marks_a_late_answer_before_the_sweep_has_recorded_it(self) -> None:
        ticket = self.ask_at(MONDAY_10)
        html = self.pages(MONDAY_10 + timedelta(hours=4, minutes=30))["portal"]
        self.assertEqual(
            time_left(html), {ticket.key: ("breached", "Late answer was due 30 min ago")}
        )
        self.assertIn(LATE, html)
