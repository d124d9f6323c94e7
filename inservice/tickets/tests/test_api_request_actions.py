"""Serving and following requests over the API: moves, replies, notes and transfers."""

from __future__ import annotations

from inservice.org.tests.api_support import ApiTestCase
from inservice.tickets import services
from inservice.tickets.choices import EntryKind, Status
from inservice.tickets.lifecycle import Action
from inservice.tickets.models import TimelineEntry


class TransitionTests(ApiTestCase):
    def test_it_moves_a_request_through_its_lifecycle(self) -> None:
        ticket = self.ask(self.alice)
        response = self.post(
            f"/requests/{ticket.key}/transition",
            self.carol,
            {"action": "acknowledge", "message": "On it."},
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "acknowledged")
        ticket.refresh_from_db()
        self.assertEqual(ticket.status, Status.ACKNOWLEDGED)
        self.assertTrue(ticket.entries.filter(kind=EntryKind.REPLY, body="On it.").exists())

    def test_it_refuses_an_illegal_move_at_action(self) -> None:
        ticket = self.ask(self.alice)
        for person, action in ((self.alice, "resolve"), (self.carol, "fly"), (self.carol, "close")):
            with self.subTest(person=person.username, action=action):
                response = self.post(
                    f"/requests/{ticket.key}/transition", person, {"action": action}
                )
                self.assertProblem(response, ["body", "action"])
                self.assertEqual(response.json()["detail"][0]["type"], "illegal_transition")
        ticket.refresh_from_db()
        self.assertEqual((ticket.status, ticket.version), (Status.NEW, 1))

    def test_it_refuses_a_stale_version(self) -> None:
        ticket = self.ask(self.alice)
        services.transition(self.carol, ticket, Action.ACKNOWLEDGE)
        response = self.post(
            f"/requests/{ticket.key}/transition", self.erin, {"action": "start", "version": 1}
        )
        self.assertProblem(response, ["body"], "Someone else changed this request")

    def test_it_lets_a_watcher_read_but_not_move(self) -> None:
        ticket = self.ask(self.alice, watchers=[self.bob])
        self.assertEqual(self.get(f"/requests/{ticket.key}", self.bob).status_code, 200)
        response = self.post(f"/requests/{ticket.key}/transition", self.bob, {"action": "cancel"})
        self.assertEqual(response.status_code, 403)

    def test_it_answers_404_to_someone_who_cannot_see_the_request(self) -> None:
        ticket = self.ask(self.alice)
        response = self.post(f"/requests/{ticket.key}/transition", self.dave, {"action": "cancel"})
        self.assertEqual(response.status_code, 404)


class ReplyAndNoteTests(ApiTestCase):
    def test_it_adds_a_public_reply(self) -> None:
        ticket = self.ask(self.alice)
        response = self.post(f"/requests/{ticket.key}/replies", self.alice, {"body": "Any news?"})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(
            (response.json()["kind"], response.json()["is_internal"]), ("reply", False)
        )

    def test_it_refuses_an_empty_reply(self) -> None:
        ticket = self.ask(self.alice)
        response = self.post(f"/requests/{ticket.key}/replies", self.alice, {"body": ""})
        self.assertProblem(response, ["body", "body"], "cannot be empty")
        response = self.post(f"/requests/{ticket.key}/replies", self.alice, {"body": "  "})
        self.assertProblem(response, ["body", "body"], "Write something first.")

    def test_it_refuses_a_reply_on_a_closed_request(self) -> None:
        ticket = self.ask(self.alice)
        services.transition(self.alice, ticket, Action.CANCEL)
        response = self.post(f"/requests/{ticket.key}/replies", self.alice, {"body": "Wait"})
        self.assertProblem(response, ["body"], "cancelled")

    def test_it_lets_the_holding_team_add_notes_the_requester_never_sees(self) -> None:
        ticket = self.ask(self.alice)
        response = self.post(f"/requests/{ticket.key}/notes", self.carol, {"body": "Budget?"})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertTrue(response.json()["is_internal"])
        timeline = self.get(f"/requests/{ticket.key}", self.alice).json()["timeline"]
        self.assertNotIn("Budget?", [e["body"] for e in timeline])

    def test_it_refuses_notes_from_anyone_outside_the_holding_team(self) -> None:
        ticket = self.ask(self.alice, watchers=[self.bob])
        for person, status in ((self.alice, 403), (self.bob, 403), (self.dave, 404)):
            with self.subTest(person=person.username):
                response = self.post(f"/requests/{ticket.key}/notes", person, {"body": "Psst"})
                self.assertEqual(response.status_code, status)
        self.assertFalse(TimelineEntry.objects.filter(kind=EntryKind.NOTE).exists())

    def test_it_refuses_notes_from_a_team_that_no_longer_holds_the_request(self) -> None:
        ticket = self.ask(self.alice)
        services.transfer(self.carol, ticket, self.payroll, "Payroll question", reason="wrong_team")
        response = self.post(f"/requests/{ticket.key}/notes", self.carol, {"body": "Psst"})
        self.assertEqual(response.status_code, 403)


class TransferTests(ApiTestCase):
    def test_it_hands_a_request_to_another_team_with_a_note(self) -> None:
        ticket = self.ask(self.alice)
        response = self.post(
            f"/requests/{ticket.key}/transfer",
            self.carol,
            {
                "team": "payroll",
                "reason": "wrong_team",
                "note": "This is about pay.",
                "service": self.payslip.slug,
            },
        )
        self.assertEqual(response.status_code, 200, response.content)
        moved = response.json()
        self.assertEqual((moved["team"]["slug"], moved["status"]), ("payroll", "new"))
        self.assertEqual(moved["service"]["slug"], self.payslip.slug)
        seen_by_dave = self.get(f"/requests/{ticket.key}", self.dave).json()["timeline"]
        self.assertIn("This is about pay.", [e["body"] for e in seen_by_dave])

    def test_it_names_what_is_wrong_with_a_transfer(self) -> None:
        ticket = self.ask(self.alice)
        path = f"/requests/{ticket.key}/transfer"
        self.assertProblem(
            self.post(path, self.carol, {"team": "nowhere", "reason": "other", "note": "x"}),
            ["body", "team"],
        )
        self.assertProblem(
            self.post(
                path, self.carol, {"team": "it-service-desk", "reason": "other", "note": "x"}
            ),
            ["body", "team"],
            "already with",
        )
        self.assertProblem(
            self.post(
                path,
                self.carol,
                {"team": "payroll", "reason": "other", "note": "x", "service": self.laptop.slug},
            ),
            ["body", "service"],
            "not a service of Payroll",
        )
        self.assertProblem(self.post(path, self.carol, {"team": "payroll"}), ["body", "note"])
        ticket.refresh_from_db()
        self.assertEqual(ticket.team, self.it)

    def test_it_refuses_a_transfer_by_the_requester(self) -> None:
        ticket = self.ask(self.alice)
        response = self.post(
            f"/requests/{ticket.key}/transfer",
            self.alice,
            {"team": "payroll", "reason": "wrong_team", "note": "Pay"},
        )
        self.assertEqual(response.status_code, 403)
