"""The administrator keeps the organisation's values in the admin, through the services (names
unique, slugs stable, retired rather than deleted), and reads kudos there without changing them."""

from __future__ import annotations

from django.urls import reverse

from inservice.kudos.models import Value
from inservice.kudos.tests.support import KudosTestCase


class ValueAdminTests(KudosTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.root)

    def test_an_administrator_adds_a_value_and_retires_another(self) -> None:
        response = self.client.post(
            reverse("admin:kudos_value_add"),
            {"name": "Curiosity", "description": "Asks why.", "position": "5", "is_active": "on"},
        )
        self.assertEqual(response.status_code, 302, response.content[:2000])
        added = Value.objects.get(name="Curiosity")
        self.assertEqual((added.slug, added.position), ("curiosity", 5))
        change = reverse("admin:kudos_value_change", args=[self.integrity.pk])
        self.client.post(change, {"name": "Honesty", "description": "", "position": "3"})
        retired = Value.objects.get(pk=self.integrity.pk)
        self.assertEqual(
            (retired.name, retired.slug, retired.is_active), ("Honesty", "integrity", False)
        )

    def test_a_name_taken_already_is_refused_beside_the_field(self) -> None:
        response = self.client.post(
            reverse("admin:kudos_value_add"), {"name": "caring", "position": "0"}
        )
        self.assertContains(response, "There is a value “caring” already.")
        self.assertEqual(Value.objects.count(), 4)

    def test_values_and_kudos_are_not_deleted_and_kudos_are_read_only(self) -> None:
        kudos = self.give()
        delete = reverse("admin:kudos_value_delete", args=[self.caring.pk])
        self.assertEqual(self.client.post(delete, {"post": "yes"}).status_code, 403)
        page = self.client.get(reverse("admin:kudos_kudos_change", args=[kudos.pk]))
        self.assertContains(page, "Thanks for sorting my laptop")
        self.assertEqual(self.client.get(reverse("admin:kudos_kudos_add")).status_code, 403)
