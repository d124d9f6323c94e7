"""Services in the admin: the intake form, steps and RACI are checked by the form builder's rules."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from inservice.catalog.models import Service
from inservice.test import BaseTestCase


def _management(prefix: str, total: int) -> dict[str, Any]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


class ServiceAdminTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.root)

    def _post(self, options: str) -> Any:
        return self.client.post(
            reverse("admin:catalog_service_add"),
            {
                "team": self.it.pk,
                "name": "Monitor",
                "summary": "A second screen.",
                "audience": "everyone",
                "accountable": self.erin.pk,
                "default_priority": "3",
                "is_active": "on",
                **_management("fields", 1),
                "fields-0-position": "0",
                "fields-0-key": "size",
                "fields-0-label": "Size",
                "fields-0-kind": "single_choice",
                "fields-0-required": "on",
                "fields-0-options": options,
                **_management("steps", 2),
                "steps-0-position": "1",
                "steps-0-title": "Deliver",
                "steps-1-position": "0",
                "steps-1-title": "Order",
                **_management("raci", 1),
                "raci-0-role": "C",
                "raci-0-team": self.payroll.pk,
                "raci-0-note": "budget",
            },
        )

    def test_it_refuses_an_intake_form_the_form_builder_would_refuse(self) -> None:
        response = self._post('["27 inch"]')
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "A choice field needs at least two options.")
        self.assertFalse(Service.objects.filter(name="Monitor").exists())

    def test_it_creates_a_service_with_its_form_steps_and_raci(self) -> None:
        response = self._post('["24 inch", "27 inch"]')
        self.assertEqual(response.status_code, 302, response.content[:3000])
        service = Service.objects.get(name="Monitor")
        self.assertEqual(service.slug, "it-service-desk-monitor")
        self.assertEqual([f.key for f in service.fields.all()], ["size"])
        self.assertEqual([s.title for s in service.steps.all()], ["Order", "Deliver"])
        self.assertEqual(
            [(r.role, r.team_id, r.note) for r in service.raci.all()],
            [("C", self.payroll.pk, "budget")],
        )

    def _post_dock(self, **fields: str) -> Any:
        """A service with no form, steps or RACI: only the service's own fields."""
        return self.client.post(
            reverse("admin:catalog_service_add"),
            {
                "team": self.it.pk,
                "name": "Dock",
                "summary": "A docking station.",
                "audience": "everyone",
                "default_priority": "3",
                **fields,
                **_management("fields", 0),
                **_management("steps", 0),
                **_management("raci", 0),
            },
        )

    def test_it_requires_an_accountable_person(self) -> None:
        response = self._post_dock()
        self.assertEqual(response.status_code, 200)
        self.assertIn("accountable", response.context["adminform"].form.errors)
        self.assertFalse(Service.objects.filter(name="Dock").exists())

    def test_it_refuses_a_target_of_zero_naming_it(self) -> None:
        response = self._post_dock(accountable=str(self.erin.pk), response_target_minutes="0")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["adminform"].form.errors["response_target_minutes"],
            ["The first response target must be longer than zero, or left empty for no target."],
        )
        self.assertFalse(Service.objects.filter(name="Dock").exists())
