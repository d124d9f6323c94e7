"""Retrospectives over the API: the list (cursor pages), one with its packet, cards and actions,
adding a card and an action; 404 for anyone who does not take part, 422 naming the field."""

from __future__ import annotations

from datetime import date
from typing import Any

import time_machine

from inservice.insights import services_retros as retros
from inservice.insights.models_retros import RetroAction, RetroCard
from inservice.insights.tests.retros_support import NOW, WEEK, RetroTestCase
from inservice.org.choices import TokenScope
from inservice.org.tests.api_support import ApiTestCase
from inservice.tickets.models import Ticket


class RetroApiTests(ApiTestCase, RetroTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.made = self.make(title="IT and Payroll")

    def test_it_lists_the_ones_you_take_part_in_by_pages(self) -> None:
        others = [self.make(title=f"Later {n}") for n in range(2)]
        self.make(self.grace, [self.payroll, self.er], title="Not IT's")
        first = self.get("/retros", self.carol, TokenScope.READ, limit=2)
        self.assertEqual(first.status_code, 200, first.content)
        body = first.json()
        self.assertEqual([r["title"] for r in body["items"]], ["Later 1", "Later 0"])
        self.assertEqual(
            body["items"][0]["teams"],
            [
                {"slug": "it-service-desk", "name": "IT Service Desk"},
                {"slug": "payroll", "name": "Payroll"},
            ],
        )
        self.assertEqual(body["items"][0]["url"], f"/insights/retros/{others[1].pk}/")
        second = self.get("/retros", self.carol, cursor=body["next_cursor"], limit=2).json()
        self.assertEqual([r["title"] for r in second["items"]], ["IT and Payroll"])
        self.assertIsNone(second["next_cursor"])
        self.assertEqual(self.get("/retros", self.alice).json()["items"], [])
        self.assertProblem(self.get("/retros", self.carol, cursor="forged"), ["query", "cursor"])

    def test_one_comes_with_its_packet_cards_and_actions(self) -> None:
        view = self.retro(self.dave, self.made)
        card = retros.add_card(self.dave, view, "improve", "Payslips late")
        retros.toggle_vote(self.carol, self.retro(self.carol, self.made), card)
        with time_machine.travel(NOW, tick=False):
            retros.add_action(
                self.dave, view, retros.ActionDraft("", self.dave, date(2026, 12, 4), card)
            )
        response = self.get(f"/retros/{self.made.pk}", self.carol, TokenScope.READ)
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual((body["title"], body["state"]), ("IT and Payroll", "open"))
        packet = body["packet"]
        self.assertEqual(
            (packet["period_start"], packet["period_end"]),
            (WEEK.start.isoformat(), WEEK.end.isoformat()),
        )
        self.assertEqual(
            [t["key"] for t in packet["tables"]],
            ["requests", "handoffs", "agreements", "suggestions"],
        )
        self.assertEqual(packet["tables"][0]["columns"][:3], ["From", "To", "Requests"])
        self.assertIsNone(packet["previous"])
        [found] = body["cards"]
        self.assertEqual(
            (found["text"], found["votes"], found["voted"], found["mine"]),
            ("Payslips late", 1, True, False),
        )
        [action] = body["actions"]
        self.assertEqual(
            (action["text"], action["outcome"], action["card_id"]),
            ("Payslips late", "open", card.pk),
        )
        self.assertIsNone(action["request"])  # Payroll's request: not carol's to see
        mine = self.get(f"/retros/{self.made.pk}", self.dave).json()["actions"][0]["request"]
        self.assertEqual(mine["key"], Ticket.objects.get().key)
        self.assertEqual(mine["status"], "new")

    def test_nobody_else_gets_anything(self) -> None:
        for person in (self.alice, self.root, self.frank):
            self.assertEqual(self.get(f"/retros/{self.made.pk}", person).status_code, 404)
            posted = self.post(
                f"/retros/{self.made.pk}/cards", person, {"column": "well", "text": "x"}
            )
            self.assertEqual(posted.status_code, 404)
            action = {"owner": "carol", "due_on": "2026-12-31", "text": "x"}
            self.assertEqual(
                self.post(f"/retros/{self.made.pk}/actions", person, action).status_code, 404
            )
        self.assertEqual(self.get("/retros/999999", self.carol).status_code, 404)
        self.assertFalse(RetroCard.objects.exists())

    def test_a_participant_adds_a_card(self) -> None:
        response = self.post(
            f"/retros/{self.made.pk}/cards", self.grace, {"column": "ideas", "text": "Loaners"}
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(
            {k: response.json()[k] for k in ("column", "text", "votes", "mine")},
            {"column": "ideas", "text": "Loaners", "votes": 0, "mine": True},
        )
        self.assertEqual(response.json()["author"]["name"], "Grace Lead")

    def test_bad_cards_are_422s_naming_the_field(self) -> None:
        path = f"/retros/{self.made.pk}/cards"
        cases: list[tuple[dict[str, Any], list[str | int], str]] = [
            ({"column": "well", "text": " "}, ["body", "text"], "Write something"),
            ({"column": "well", "text": "x" * 501}, ["body", "text"], "Too long"),
            ({"column": "soon", "text": "Fine"}, ["body", "column"], "Choose a column"),
            ({"text": "Fine"}, ["body", "column"], "required"),
            ({"column": "well", "text": 5}, ["body", "text"], "Expected a string"),
            ({"column": "well", "text": "x", "votes": 3}, ["body", "votes"], "not accepted"),
        ]
        for body, loc, text in cases:
            with self.subTest(loc=loc, text=text):
                self.assertProblem(self.post(path, self.carol, body), loc, text)
        self.assertEqual(
            self.post(
                path, self.carol, {"column": "well", "text": "x"}, TokenScope.READ
            ).status_code,
            403,
        )
        self.assertFalse(RetroCard.objects.exists())

    def test_a_participant_agrees_an_action(self) -> None:
        path = f"/retros/{self.made.pk}/actions"
        with time_machine.travel(NOW, tick=False):
            response = self.post(
                path, self.erin, {"text": "Loan laptops", "owner": "carol", "due_on": "2026-12-04"}
            )
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual((body["owner"]["name"], body["due_on"]), ("Carol Agent", "2026-12-04"))
        ticket = Ticket.objects.get()
        self.assertEqual(
            body["request"], {"key": ticket.key, "status": "new", "url": f"/requests/{ticket.key}/"}
        )
        self.assertEqual(ticket.assignee, self.carol)

    def test_bad_actions_are_422s_naming_the_field(self) -> None:
        path = f"/retros/{self.made.pk}/actions"
        good = {"text": "Loan laptops", "owner": "carol", "due_on": "2026-12-04"}
        cases: list[tuple[dict[str, Any], list[str | int], str]] = [
            ({"due_on": "2026-11-01"}, ["body", "due_on"], "in the past"),
            ({"due_on": "4 Dec"}, ["body", "due_on"], "YYYY-MM-DD"),
            ({"owner": "nobody"}, ["body", "owner"], "No one in the directory"),
            ({"owner": "alice"}, ["body", "owner"], "serves in none"),
            ({"text": ""}, ["body", "text"], "Say what will be done"),
            ({"card": 99999}, ["body", "card"], "Choose a card of this board"),
        ]
        for changes, loc, text in cases:
            with self.subTest(loc=loc, text=text), time_machine.travel(NOW, tick=False):
                self.assertProblem(self.post(path, self.erin, good | changes), loc, text)
        self.assertFalse(RetroAction.objects.exists())
        self.assertFalse(Ticket.objects.exists())

    def test_a_closed_retrospective_refuses_every_change(self) -> None:
        retros.close_retrospective(self.erin, self.retro(self.erin, self.made))
        card = self.post(
            f"/retros/{self.made.pk}/cards", self.carol, {"column": "well", "text": "x"}
        )
        self.assertProblem(card, ["body"], "closed")
        with time_machine.travel(NOW, tick=False):
            action = self.post(
                f"/retros/{self.made.pk}/actions",
                self.erin,
                {"text": "x", "owner": "carol", "due_on": "2026-12-04"},
            )
        self.assertProblem(action, ["body"], "closed")
        self.assertEqual(self.get(f"/retros/{self.made.pk}", self.carol).json()["state"], "closed")
