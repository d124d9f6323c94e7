"""Promises over the API: acknowledge with a promised time, renegotiate it; 422 names the field,
404 for a request the caller may not see."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from django.core import mail

from inservice.org.choices import TokenScope
from inservice.org.tests.api_support import ApiTestCase
from inservice.sla import services as sla
from inservice.sla.choices import PromiseState, PromiseStep
from inservice.sla.models import Promise
from inservice.tickets.choices import Status

NOW = datetime(2026, 11, 23, 10, 30, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
class AcknowledgeApiTests(ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.ticket = self.ask(self.alice)
        self.url = f"/requests/{self.ticket.key}/acknowledge"

    def test_it_acknowledges_with_a_promise_and_tells_the_requester(self) -> None:
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            response = self.post(
                self.url,
                self.carol,
                {
                    "promised_for": "2026-11-24T15:00:00+01:00",
                    "step": "resolution",
                    "message": "Ordered.",
                },
            )
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(body["promised_for"], "2026-11-24T14:00:00Z")
        self.assertEqual(
            (body["step"], body["state"], body["message"], body["replaces"]),
            ("resolution", "open", "Ordered.", None),
        )
        self.assertEqual(body["made_by"], {"id": self.carol.pk, "name": "Carol Agent"})
        self.assertEqual(body["team"]["slug"], self.it.slug)
        self.ticket.refresh_from_db()
        self.assertEqual(self.ticket.status, Status.ACKNOWLEDGED)
        self.assertEqual([m.to for m in mail.outbox], [["alice@example.org"]])

    def test_it_refuses_bad_input_naming_the_field_and_changes_nothing(self) -> None:
        cases: list[tuple[dict[str, object], list[str | int], str]] = [
            ({"promised_for": "2026-11-22T09:00:00Z"}, ["body", "promised_for"], "has passed"),
            ({"promised_for": "2026-11-24T09:00:00"}, ["body", "promised_for"], "offset"),
            ({"promised_for": "next tuesday"}, ["body", "promised_for"], "like 2026-11-24"),
            ({"promised_for": 1764000000}, ["body", "promised_for"], "as a string"),
            ({}, ["body", "promised_for"], "required"),
            (
                {"promised_for": "2026-11-24T09:00:00Z", "step": "lunch"},
                ["body", "step"],
                "Expected one of",
            ),
            (
                {"promised_for": "2026-11-24T09:00:00Z", "colour": "red"},
                ["body", "colour"],
                "not accepted",
            ),
            (
                {"promised_for": "2026-11-24T09:00:00Z", "version": 7},
                ["body"],
                "Someone else changed",
            ),
        ]
        for payload, loc, text in cases:
            with self.subTest(payload=payload):
                self.assertProblem(self.post(self.url, self.carol, payload), loc, text)
        self.ticket.refresh_from_db()
        self.assertEqual(self.ticket.status, Status.NEW)
        self.assertFalse(Promise.objects.exists())

    def test_it_refuses_the_requester_and_hides_the_request_from_others(self) -> None:
        payload = {"promised_for": "2026-11-24T09:00:00Z"}
        self.assertProblem(self.post(self.url, self.alice, payload), ["body"], "Only the team")
        self.assertEqual(self.post(self.url, self.dave, payload).status_code, 404)
        self.assertEqual(
            self.post("/requests/IT-999/acknowledge", self.carol, payload).status_code, 404
        )
        confidential = self.ask(self.alice, self.er_case)
        response = self.post(f"/requests/{confidential.key}/acknowledge", self.carol, payload)
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Promise.objects.exists())

    def test_it_refuses_a_read_only_token(self) -> None:
        response = self.client.post(
            "/api/v1" + self.url,
            {"promised_for": "2026-11-24T09:00:00Z"},
            content_type="application/json",
            headers=self.auth(self.carol, TokenScope.READ),
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Promise.objects.exists())


@time_machine.travel(NOW, tick=False)
class RenegotiateApiTests(ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.ticket = self.ask(self.alice)
        self.url = f"/requests/{self.ticket.key}/promise"

    def test_it_renegotiates_the_standing_promise(self) -> None:
        old = sla.acknowledge(self.carol, self.ticket, NOW + timedelta(hours=3), PromiseStep.UPDATE)
        response = self.post(
            self.url,
            self.erin,
            {"promised_for": "2026-11-24T09:00:00Z", "reason": "Supplier delay"},
        )
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(
            (body["replaces"], body["reason"], body["step"], body["made_by"]["id"]),
            (old.pk, "Supplier delay", "update", self.erin.pk),
        )
        old.refresh_from_db()
        self.assertEqual(old.state, PromiseState.RENEGOTIATED)

    def test_it_refuses_bad_input_naming_the_field(self) -> None:
        sla.acknowledge(self.carol, self.ticket, NOW + timedelta(hours=3), PromiseStep.UPDATE)
        cases: list[tuple[dict[str, object], list[str | int], str]] = [
            ({"promised_for": "2026-11-24T09:00:00Z"}, ["body", "reason"], "required"),
            (
                {"promised_for": "2026-11-24T09:00:00Z", "reason": ""},
                ["body", "reason"],
                "cannot be empty",
            ),
            (
                {"promised_for": "2026-11-24T09:00:00Z", "reason": "  "},
                ["body", "reason"],
                "Say why",
            ),
            (
                {"promised_for": "2026-11-23T09:00:00Z", "reason": "Late"},
                ["body", "promised_for"],
                "has passed",
            ),
        ]
        for payload, loc, text in cases:
            with self.subTest(payload=payload):
                self.assertProblem(self.post(self.url, self.carol, payload), loc, text)
        self.assertEqual(Promise.objects.count(), 1)

    def test_it_refuses_when_no_promise_stands_and_404s_for_outsiders(self) -> None:
        payload = {"promised_for": "2026-11-24T09:00:00Z", "reason": "Because"}
        self.assertProblem(
            self.post(self.url, self.carol, payload), ["body", "promised_for"], "No promise"
        )
        self.assertEqual(self.post(self.url, self.dave, payload).status_code, 404)
        self.assertFalse(Promise.objects.exists())
