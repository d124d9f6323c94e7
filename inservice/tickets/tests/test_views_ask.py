"""Asking through the portal: every field type and rule, on behalf of someone, watchers, files."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from inservice.catalog import services as catalog
from inservice.catalog.choices import FieldKind
from inservice.catalog.models import Service
from inservice.catalog.services import FieldSpec
from inservice.test import BaseTestCase
from inservice.tickets.models import Ticket


class AskFormTests(BaseTestCase):
    everything: Service  # one field of every type, with every rule

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.everything = catalog.create_service(
            cls.it, name="Everything", summary="All field types.", accountable=cls.erin
        )
        catalog.set_form(
            cls.everything,
            [
                FieldSpec(
                    key="cost_centre",
                    label="Cost centre",
                    kind=FieldKind.TEXT,
                    required=True,
                    pattern=r"CC-\d{4}",
                    pattern_message="Use the form CC-1234.",
                    max_length=7,
                ),
                FieldSpec(key="details", label="Details", kind=FieldKind.LONG_TEXT, min_length=10),
                FieldSpec(
                    key="seats",
                    label="Seats",
                    kind=FieldKind.NUMBER,
                    min_value=Decimal(1),
                    max_value=Decimal(50),
                ),
                FieldSpec(key="needed_by", label="Needed by", kind=FieldKind.DATE, required=True),
                FieldSpec(
                    key="os",
                    label="Operating system",
                    kind=FieldKind.SINGLE_CHOICE,
                    options=["Windows", "macOS", "Linux"],
                ),
                FieldSpec(
                    key="extras",
                    label="Extras",
                    kind=FieldKind.MULTIPLE_CHOICE,
                    options=["Dock", "Monitor", "Headset"],
                    max_length=2,
                ),
                FieldSpec(
                    key="manager", label="Approving manager", kind=FieldKind.PERSON, required=True
                ),
                FieldSpec(key="quote", label="Quote", kind=FieldKind.ATTACHMENT),
                FieldSpec(
                    key="monitor_size",
                    label="Monitor size",
                    kind=FieldKind.SINGLE_CHOICE,
                    options=["24", "27"],
                    required_when_key="extras",
                    required_when_value="Monitor",
                ),
            ],
        )

    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)
        self.url = reverse("tickets:ask", args=[self.everything.slug])

    def valid(self, **changes: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "subject": "Desk setup",
            "description": "For the new analyst.",
            "answers-cost_centre": "CC-1234",
            "answers-details": "Two monitors please",
            "answers-seats": "3",
            "answers-needed_by": "2026-12-01",
            "answers-os": "Linux",
            "answers-extras": ["Dock"],
            "answers-manager": "erin@example.org",
        }
        for key, value in changes.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        return data

    def post(self, data: dict[str, Any], **headers: Any) -> Any:
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url, data, **headers)

    def test_it_shows_the_form_with_help_and_required_marks(self) -> None:
        response = self.client.get(self.url)
        self.assertContains(response, "Cost centre")
        self.assertContains(response, 'name="answers-needed_by"')
        self.assertContains(response, 'type="date"')
        self.assertContains(response, 'data-required-when="extras"')

    def test_it_creates_the_request_with_clean_answers(self) -> None:
        response = self.post(
            self.valid(**{"answers-extras": ["Dock", "Monitor"], "answers-monitor_size": "27"})
        )
        ticket = Ticket.objects.get()
        self.assertRedirects(
            response, reverse("tickets:detail", args=[ticket.key]), status_code=303
        )
        self.assertEqual(
            ticket.answers,
            {
                "cost_centre": "CC-1234",
                "details": "Two monitors please",
                "seats": 3,
                "needed_by": "2026-12-01",
                "os": "Linux",
                "extras": ["Dock", "Monitor"],
                "manager": {"id": self.erin.pk, "name": "Erin Lead"},
                "monitor_size": "27",
            },
        )

    def test_it_shows_field_level_messages_and_creates_nothing(self) -> None:
        cases: list[tuple[str, Any, str]] = [
            ("answers-cost_centre", None, "This field is required."),
            ("answers-cost_centre", "1234", "Use the form CC-1234."),
            ("answers-cost_centre", "CC-12345", "at most 7 characters"),
            ("answers-details", "short", "at least 10 characters"),
            ("answers-seats", "0", "greater than or equal to 1"),
            ("answers-seats", "51", "less than or equal to 50"),
            ("answers-seats", "many", "Enter a number."),
            ("answers-needed_by", "31/12/2026", "Enter a valid date."),
            ("answers-os", "BeOS", "Select a valid choice."),
            ("answers-extras", ["Dock", "Jetpack"], "Select a valid choice."),
            ("answers-extras", ["Dock", "Monitor", "Headset"], "Choose at most 2."),
            ("answers-manager", "nobody@example.org", "Nobody in the directory matches"),
            ("answers-monitor_size", None, "Required when “Extras” is “Monitor”."),
            ("subject", "", "This field is required."),
        ]
        for field, value, message in cases:
            data = self.valid(**{field: value})
            if field == "answers-monitor_size":
                data["answers-extras"] = ["Monitor"]
            with self.subTest(field=field, value=value):
                response = self.post(data)
                self.assertEqual(response.status_code, 422)
                self.assertContains(response, message, status_code=422)
                self.assertContains(response, "Nothing was sent yet", status_code=422)
        self.assertFalse(Ticket.objects.exists())

    def test_it_answers_htmx_with_the_form_fragment_and_422(self) -> None:
        response = self.post(self.valid(**{"answers-seats": "0"}), HTTP_HX_REQUEST="true")
        self.assertEqual(response.status_code, 422)
        self.assertNotContains(response, "<html", status_code=422)
        response = self.post(self.valid(), HTTP_HX_REQUEST="true")
        self.assertEqual(response.status_code, 204)
        self.assertEqual(
            response["HX-Redirect"], reverse("tickets:detail", args=[Ticket.objects.get().key])
        )

    @override_settings(ATTACHMENT_MAX_BYTES=100, ATTACHMENT_ALLOWED_EXTENSIONS=["pdf", "png"])
    def test_it_checks_attachment_size_and_type(self) -> None:
        for upload, message in (
            (SimpleUploadedFile("quote.pdf", b"x" * 101), "the limit is 100"),
            (SimpleUploadedFile("quote.exe", b"MZ"), "Files of type “.exe” are not accepted"),
        ):
            with self.subTest(name=upload.name):
                response = self.post(self.valid(**{"answers-quote": upload}))
                self.assertContains(response, message, status_code=422)
        self.assertFalse(Ticket.objects.exists())
        self.post(self.valid(**{"answers-quote": SimpleUploadedFile("quote.pdf", b"%PDF-1.4")}))
        attachment = Ticket.objects.get().attachments.get()
        self.assertEqual((attachment.field_key, attachment.filename), ("quote", "quote.pdf"))

    def test_it_asks_on_behalf_of_someone_with_watchers_and_files(self) -> None:
        data = self.valid(
            on_behalf_of="bob",
            watchers="grace@example.org, carol",
            attachments=[SimpleUploadedFile("a.txt", b"a"), SimpleUploadedFile("b.txt", b"b")],
        )
        self.post(data)
        ticket = Ticket.objects.get()
        self.assertEqual((ticket.requester, ticket.submitted_by), (self.bob, self.alice))
        self.assertEqual(
            set(ticket.watchers.values_list("person__username", flat=True)), {"grace", "carol"}
        )
        self.assertEqual(
            sorted(ticket.attachments.values_list("filename", flat=True)), ["a.txt", "b.txt"]
        )

    def test_it_names_unknown_watchers(self) -> None:
        response = self.post(self.valid(watchers="grace, ghost, phantom@example.org"))
        self.assertContains(
            response,
            "Nobody in the directory matches: ghost, phantom@example.org.",
            status_code=422,
        )
        self.assertFalse(Ticket.objects.exists())

    def test_it_hides_watchers_on_a_confidential_service(self) -> None:
        response = self.client.get(reverse("tickets:ask", args=[self.er_case.slug]))
        self.assertNotContains(response, 'name="watchers"')
        self.assertContains(response, "Only the team and you will see this request.")

    def test_it_answers_404_for_a_service_outside_the_audience(self) -> None:
        catalog.update_service(self.everything, audience="teams", audience_teams=[self.payroll])
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.post(self.valid()).status_code, 404)
        self.assertFalse(Ticket.objects.exists())
