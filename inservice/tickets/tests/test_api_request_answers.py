"""Asking through the API: every intake rule of the portal applies, each failure named by its path."""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import Any

from django.test import override_settings

from inservice.catalog import services as catalog
from inservice.catalog.choices import FieldKind
from inservice.catalog.models import Service
from inservice.catalog.services import FieldSpec
from inservice.org.tests.api_support import ApiTestCase
from inservice.tickets.models import Attachment, Ticket

PDF = base64.b64encode(b"%PDF-1.4 receipt").decode()


class AnswerValidationTests(ApiTestCase):
    kit: Service

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.kit = catalog.create_service(
            cls.it, name="Desk kit", summary="Things for your desk.", accountable=cls.erin
        )
        catalog.set_form(
            cls.kit,
            [
                FieldSpec(
                    key="code",
                    label="Cost centre",
                    kind=FieldKind.TEXT,
                    required=True,
                    min_length=3,
                    max_length=6,
                    pattern=r"[A-Z]+\d*",
                    pattern_message="Capitals, then digits.",
                ),
                FieldSpec(key="details", label="Details", kind=FieldKind.LONG_TEXT, max_length=20),
                FieldSpec(
                    key="count",
                    label="How many",
                    kind=FieldKind.NUMBER,
                    min_value=Decimal(1),
                    max_value=Decimal(10),
                ),
                FieldSpec(key="start", label="Needed from", kind=FieldKind.DATE),
                FieldSpec(
                    key="size",
                    label="Desk size",
                    kind=FieldKind.SINGLE_CHOICE,
                    options=["S", "M", "L"],
                ),
                FieldSpec(
                    key="extras",
                    label="Extras",
                    kind=FieldKind.MULTIPLE_CHOICE,
                    options=["mouse", "keyboard", "screen"],
                ),
                FieldSpec(key="approver", label="Approver", kind=FieldKind.PERSON),
                FieldSpec(key="receipt", label="Receipt", kind=FieldKind.ATTACHMENT),
                FieldSpec(
                    key="reason",
                    label="Why a large desk",
                    kind=FieldKind.LONG_TEXT,
                    required_when_key="size",
                    required_when_value="L",
                ),
            ],
        )

    def ask_kit(self, answers: dict[str, Any], **body: Any) -> Any:
        payload = {"service": self.kit.slug, "subject": "Desk kit", "answers": answers, **body}
        return self.post("/requests", self.alice, payload)

    def assertAnswerProblem(self, answers: dict[str, Any], key: str, text: str = "") -> None:
        response = self.ask_kit({"code": "CC12", **answers})
        self.assertProblem(response, ["body", "answers", key], text)
        self.assertFalse(Ticket.objects.exists())

    def test_it_accepts_a_complete_form_and_stores_clean_answers(self) -> None:
        response = self.ask_kit(
            {
                "code": "CC12",
                "details": "Standing desk",
                "count": 2,
                "start": "2030-01-15",
                "size": "L",
                "reason": "Back trouble",
                "extras": ["mouse", "screen"],
                "approver": self.erin.email,
                "receipt": {"filename": "receipt.pdf", "content_base64": PDF},
            }
        )
        self.assertEqual(response.status_code, 201, response.content)
        ticket = Ticket.objects.get(key=response.json()["key"])
        self.assertEqual(ticket.answers["count"], 2)
        self.assertEqual(ticket.answers["start"], "2030-01-15")
        self.assertEqual(ticket.answers["approver"], {"id": self.erin.pk, "name": "Erin Lead"})
        receipt = Attachment.objects.get(ticket=ticket, field_key="receipt")
        self.assertEqual((receipt.filename, receipt.size), ("receipt.pdf", 16))
        detail = self.client.get(
            f"/api/v1/requests/{ticket.key}", headers=self.auth(self.alice)
        ).json()
        [listed] = detail["attachments"]
        download = self.client.get(listed["url"], headers=self.auth(self.alice))
        self.assertEqual(b"".join(download.streaming_content), b"%PDF-1.4 receipt")  # type: ignore[attr-defined]  # a FileResponse
        self.assertEqual(download["X-Content-Type-Options"], "nosniff")
        self.assertEqual(
            self.client.get(listed["url"], headers=self.auth(self.bob)).status_code, 404
        )

    def test_it_requires_a_required_field(self) -> None:
        response = self.ask_kit({})
        self.assertProblem(response, ["body", "answers", "code"], "required")

    def test_it_checks_text_length_and_pattern(self) -> None:
        self.assertAnswerProblem({"code": "CC"}, "code", "at least 3")
        self.assertAnswerProblem({"code": "CC12345"}, "code", "at most 6")
        self.assertAnswerProblem({"code": "cc12"}, "code", "Capitals, then digits.")
        self.assertAnswerProblem({"code": 1234}, "code", "Expected a string.")

    def test_it_checks_long_text_length(self) -> None:
        self.assertAnswerProblem({"details": "x" * 21}, "details", "at most 20")

    def test_it_checks_numbers(self) -> None:
        self.assertAnswerProblem({"count": 11}, "count", "less than or equal to 10")
        self.assertAnswerProblem({"count": 0}, "count", "greater than or equal to 1")
        self.assertAnswerProblem({"count": "many"}, "count", "Enter a number.")
        self.assertAnswerProblem({"count": [2]}, "count", "Expected a number.")
        self.assertAnswerProblem({"count": True}, "count", "Expected a number.")

    def test_it_checks_dates(self) -> None:
        self.assertAnswerProblem({"start": "2030-13-45"}, "start", "Enter a valid date.")
        self.assertAnswerProblem({"start": 20300115}, "start", "YYYY-MM-DD")

    def test_it_checks_a_single_choice(self) -> None:
        self.assertAnswerProblem({"size": "XL"}, "size", "Select a valid choice.")

    def test_it_checks_a_multiple_choice(self) -> None:
        self.assertAnswerProblem({"extras": "mouse"}, "extras", "Expected a list of options.")
        self.assertAnswerProblem({"extras": ["mouse", "trackball"]}, "extras", "trackball")
        self.assertAnswerProblem({"extras": [1]}, "extras", "Expected a list of options.")

    def test_it_checks_a_person(self) -> None:
        self.assertAnswerProblem({"approver": "nobody@example.org"}, "approver", "Nobody")
        self.assertAnswerProblem({"approver": 999_999}, "approver", "Nobody")

    def test_it_checks_an_attachments_encoding(self) -> None:
        bad = {"filename": "receipt.pdf", "content_base64": "%%% not base64 %%%"}
        self.assertAnswerProblem({"receipt": bad}, "receipt", "content_base64")
        self.assertAnswerProblem({"receipt": "receipt.pdf"}, "receipt", "content_base64")
        self.assertAnswerProblem({"receipt": {"content_base64": PDF}}, "receipt", "filename")

    @override_settings(ATTACHMENT_MAX_BYTES=10)
    def test_it_checks_an_attachments_size(self) -> None:
        big = {"filename": "receipt.pdf", "content_base64": PDF}
        self.assertAnswerProblem({"receipt": big}, "receipt", "the limit is 10")

    def test_it_checks_an_attachments_type(self) -> None:
        exe = {"filename": "setup.exe", "content_base64": PDF}
        self.assertAnswerProblem({"receipt": exe}, "receipt", "“.exe” are not accepted")

    def test_it_requires_a_field_when_another_has_a_value(self) -> None:
        self.assertAnswerProblem({"size": "L"}, "reason", "Required when “Desk size” is “L”")
        response = self.ask_kit({"code": "CC12", "size": "M"})
        self.assertEqual(response.status_code, 201, response.content)

    def test_it_refuses_an_answer_the_form_does_not_have(self) -> None:
        self.assertAnswerProblem({"colour": "red"}, "colour", "has no field “colour”")

    def test_it_names_every_failing_field_at_once(self) -> None:
        response = self.ask_kit(
            {"code": "x", "count": 99, "size": "XL"},
            on_behalf_of="ghost@example.org",
            watchers=["carol", "phantom"],
        )
        self.assertEqual(response.status_code, 422)
        locs = [p["loc"] for p in response.json()["detail"]]
        for loc in (
            ["body", "answers", "code"],
            ["body", "answers", "count"],
            ["body", "answers", "size"],
            ["body", "on_behalf_of"],
            ["body", "watchers"],
        ):
            self.assertIn(loc, locs)
        self.assertIn("phantom", str(response.json()))
        self.assertFalse(Ticket.objects.exists())


class RequestBodyTests(ApiTestCase):
    def ask_laptop(self, **body: Any) -> Any:
        payload = {"service": self.laptop.slug, "answers": {"model": "Standard"}, **body}
        return self.post("/requests", self.alice, payload)

    def test_it_requires_a_subject(self) -> None:
        response = self.ask_laptop()
        self.assertProblem(response, ["body", "subject"], "This field is required.")
        self.assertEqual(response.json()["detail"][0]["type"], "missing")
        self.assertProblem(self.ask_laptop(subject=""), ["body", "subject"], "cannot be empty")
        self.assertProblem(self.ask_laptop(subject="   "), ["body", "subject"], "few words")
        self.assertProblem(self.ask_laptop(subject="x" * 201), ["body", "subject"], "at most 200")
        self.assertFalse(Ticket.objects.exists())

    def test_it_refuses_a_field_it_does_not_know(self) -> None:
        response = self.ask_laptop(subject="Laptop", colour="blue")
        self.assertProblem(response, ["body", "colour"], "not accepted")
        self.assertEqual(response.json()["detail"][0]["type"], "extra_forbidden")

    def test_it_refuses_loose_types(self) -> None:
        response = self.ask_laptop(subject=42, watchers="carol", answers=[])
        self.assertProblem(response, ["body", "subject"], "Expected a string.")
        self.assertProblem(response, ["body", "watchers"], "Expected a list.")
        self.assertProblem(response, ["body", "answers"], "Expected an object.")

    def test_it_refuses_a_body_that_is_not_an_object(self) -> None:
        response = self.post("/requests", self.alice, [1, 2])
        self.assertProblem(response, ["body"], "JSON object")

    def test_it_names_an_unknown_or_unoffered_service(self) -> None:
        self.assertProblem(
            self.ask_laptop(subject="Laptop", service="no-such"), ["body", "service"], "no-such"
        )

    def test_it_refuses_watchers_on_a_confidential_request(self) -> None:
        response = self.post(
            "/requests",
            self.alice,
            {"service": self.er_case.slug, "subject": "Concern", "watchers": ["bob"]},
        )
        self.assertProblem(response, ["body", "watchers"], "Only the team adds watchers")

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=200)
    def test_it_answers_413_for_a_body_over_the_upload_limit(self) -> None:
        response = self.ask_laptop(subject="Laptop", description="x" * 300)
        self.assertEqual(response.status_code, 413)
        self.assertIn("too large", response.json()["detail"])
        self.assertFalse(Ticket.objects.exists())
