"""A service's stated targets: empty says "no target", and a target of zero or negative length
is refused wherever the targets are set (the lead's service editor, catalog.services)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse

from inservice.catalog import services as catalog
from inservice.catalog.choices import Audience
from inservice.catalog.models import Service
from inservice.org.tests.api_support import ApiTestCase
from inservice.test import BaseTestCase
from inservice.tickets.choices import Priority

ZERO_RESPONSE = "The first response target must be longer than zero, or left empty for no target."
ZERO_RESOLUTION = "The resolution target must be longer than zero, or left empty for no target."


def targets(service: Service) -> tuple[int | None, int | None]:
    fresh = Service.objects.get(pk=service.pk)
    return fresh.response_target_minutes, fresh.resolution_target_minutes


def service_data(**changes: Any) -> dict[str, Any]:
    """The service editor's form as a lead fills it in."""
    data: dict[str, Any] = {
        "name": "Docking station",
        "summary": "A dock for your desk.",
        "description": "",
        "keywords": "",
        "audience": Audience.EVERYONE,
        "accountable": "erin@example.org",
        "default_priority": str(Priority.NORMAL.value),
        "is_active": "on",
        "response_target_hours": "1.5",
        "resolution_target_hours": "16",
    }
    data.update(changes)
    return data


class ServiceEditorTargetTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.erin)
        self.edit = reverse("manage_catalog:service", args=[self.laptop.slug])
        self.new = reverse("manage_catalog:new", args=[self.it.slug])

    def test_it_refuses_a_target_of_zero_hours_and_changes_nothing(self) -> None:
        cases = [
            ({"response_target_hours": "0"}, "response_target_hours", ZERO_RESPONSE),
            ({"response_target_hours": "0.00"}, "response_target_hours", ZERO_RESPONSE),
            ({"resolution_target_hours": "0"}, "resolution_target_hours", ZERO_RESOLUTION),
        ]
        for changes, field, message in cases:
            with self.subTest(changes=changes):
                response = self.client.post(self.edit, service_data(**changes))
                self.assertContains(response, message, status_code=422)
                self.assertContains(response, "Nothing was saved", status_code=422)
                self.assertEqual(response.context["form"].errors[field], [message])
                self.assertEqual(targets(self.laptop), (240, 2400))
                self.assertEqual(Service.objects.get(pk=self.laptop.pk).name, "New laptop")

    def test_it_refuses_a_negative_target_and_changes_nothing(self) -> None:
        response = self.client.post(self.edit, service_data(resolution_target_hours="-0.5"))
        self.assertContains(
            response, "Ensure this value is greater than or equal to 0.01.", status_code=422
        )
        self.assertEqual(targets(self.laptop), (240, 2400))

    def test_it_refuses_a_new_service_with_a_zero_target_and_creates_nothing(self) -> None:
        response = self.client.post(self.new, service_data(response_target_hours="0"))
        self.assertContains(response, ZERO_RESPONSE, status_code=422)
        self.assertFalse(Service.objects.filter(name="Docking station").exists())

    def test_it_saves_an_empty_target_as_no_target(self) -> None:
        response = self.client.post(
            self.edit, service_data(name="New laptop", response_target_hours="")
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(targets(self.laptop), (None, 960))


class ServiceLayerTargetTests(BaseTestCase):
    def test_it_refuses_zero_or_negative_targets_when_a_service_is_updated(self) -> None:
        cases: list[tuple[dict[str, Any], str, str]] = [
            ({"response_target_minutes": 0}, "response_target_minutes", ZERO_RESPONSE),
            ({"response_target_minutes": -30}, "response_target_minutes", ZERO_RESPONSE),
            ({"resolution_target_minutes": 0}, "resolution_target_minutes", ZERO_RESOLUTION),
        ]
        for values, field, message in cases:
            with self.subTest(values=values):
                laptop = Service.objects.get(pk=self.laptop.pk)
                with self.assertRaises(ValidationError) as refused:
                    catalog.update_service(laptop, summary="Changed", **values)
                self.assertEqual(refused.exception.message_dict, {field: [message]})
                fresh = Service.objects.get(pk=self.laptop.pk)
                self.assertEqual(
                    (fresh.summary, *targets(fresh)), ("A laptop for work.", 240, 2400)
                )

    def test_it_refuses_a_new_service_with_a_zero_target(self) -> None:
        with self.assertRaises(ValidationError) as refused:
            catalog.create_service(
                self.it,
                name="Monitor",
                summary="A second screen.",
                accountable=self.erin,
                resolution_target_minutes=0,
            )
        self.assertEqual(
            refused.exception.message_dict, {"resolution_target_minutes": [ZERO_RESOLUTION]}
        )
        self.assertFalse(Service.objects.filter(name="Monitor").exists())

    def test_it_accepts_no_target_and_positive_targets(self) -> None:
        catalog.update_service(
            self.laptop, response_target_minutes=None, resolution_target_minutes=1
        )
        self.assertEqual(targets(self.laptop), (None, 1))


class NoTargetOverApiTests(ApiTestCase):
    def test_it_starts_no_clock_for_a_target_left_empty(self) -> None:
        self.login(self.erin)
        edit = reverse("manage_catalog:service", args=[self.laptop.slug])
        data = service_data(
            name="New laptop", response_target_hours="", resolution_target_hours="8"
        )
        self.assertEqual(self.client.post(edit, data).status_code, 303)
        service = self.get(f"/services/{self.laptop.slug}", self.alice).json()
        self.assertEqual(
            (service["response_target_minutes"], service["resolution_target_minutes"]), (None, 480)
        )
        self.assertEqual(service["targets"], ["Resolved within 1 business day"])
        asked = self.post(
            "/requests",
            self.alice,
            {"service": self.laptop.slug, "subject": "Laptop", "answers": {"model": "Standard"}},
        )
        self.assertEqual(asked.status_code, 201, asked.content)
        clocks = self.get(f"/requests/{asked.json()['key']}", self.alice).json()["clocks"]
        self.assertEqual([c["target"] for c in clocks], ["resolution"])
