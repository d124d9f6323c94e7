"""The directory: who to ask about what, teams and people."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.factories import PASSWORD
from inservice.org import services
from inservice.test import BaseTestCase


class DirectoryTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)

    def test_it_finds_the_key_contact_for_a_topic(self) -> None:
        services.set_key_contact(self.payroll, self.dave, "expenses, travel claims, payslips")
        response = self.client.get(
            reverse("org:directory"), {"q": "travel"}, HTTP_HX_REQUEST="true"
        )
        self.assertEqual([c.person for c in response.context["contacts"]], [self.dave])
        self.assertContains(response, "Payroll")
        self.assertNotContains(response, "<html")

    def test_it_finds_teams_and_people(self) -> None:
        response = self.client.get(reverse("org:directory"), {"q": "carol"})
        self.assertEqual([p.username for p in response.context["people"]], ["carol"])
        response = self.client.get(reverse("org:directory"), {"q": "payroll"})
        self.assertEqual([t.name for t in response.context["teams"]], ["Payroll"])

    def test_it_lists_departments_with_their_teams(self) -> None:
        response = self.client.get(reverse("org:directory"))
        self.assertContains(response, "Sales West")
        self.assertEqual([d.name for d in response.context["departments"]], ["Sales"])

    def test_it_shows_a_team_with_leads_contacts_and_services(self) -> None:
        services.set_key_contact(self.it, self.carol, "laptops, VPN")
        response = self.client.get(reverse("org:team", args=[self.it.slug]))
        self.assertContains(response, "Carol Agent")
        self.assertContains(response, "laptops, VPN")
        self.assertContains(response, "New laptop")
        self.assertEqual(response.context["leads"], [self.erin])

    def test_it_shows_a_person_with_manager_and_teams(self) -> None:
        response = self.client.get(reverse("org:person", args=[self.carol.pk]))
        self.assertContains(response, "Erin Lead")
        self.assertContains(response, "IT Service Desk")
        self.assertContains(response, "Europe/Berlin")

    def test_it_answers_404_for_unknown_or_departed_people_and_teams(self) -> None:
        self.assertEqual(self.client.get(reverse("org:team", args=["nope"])).status_code, 404)
        self.bob.is_active = False
        self.bob.save(update_fields=["is_active"])
        self.assertEqual(
            self.client.get(reverse("org:person", args=[self.bob.pk])).status_code, 404
        )

    def test_it_suggests_people_as_someone_types(self) -> None:
        response = self.client.get(reverse("org:people_suggestions"), {"q": "gra"})
        self.assertContains(
            response, '<option value="grace@example.org">Grace Lead</option>', html=True
        )
        self.assertEqual(
            self.client.get(reverse("org:people_suggestions"), {"q": "g"}).content.strip(), b""
        )

    def test_it_reads_directory_pages_with_a_bounded_number_of_queries(self) -> None:
        def count(url: str, params: dict[str, str]) -> int:
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(url, params).status_code, 200)
            return len(queries)

        pages = [
            (reverse("org:directory"), {}),
            (reverse("org:directory"), {"q": "e"}),
            (reverse("org:team", args=[self.it.slug]), {}),
            (reverse("org:person", args=[self.erin.pk]), {}),
        ]
        before = [count(u, p) for u, p in pages]
        dept = self.cast.sales_dept
        for n in range(10):
            team = services.create_team(
                name=f"Sales {n}e", key_prefix=f"S{chr(65 + n)}", parent=dept
            )
            person = services.create_person(
                username=f"p{n}",
                name=f"Pete {n}e",
                email=f"p{n}@example.org",
                password=PASSWORD,
                team=self.it,
                manager=self.erin,
            )
            services.set_key_contact(self.it, person, f"topic {n}e")
            services.add_member(team, person)
        self.assertEqual([count(u, p) for u, p in pages], before)


class PeopleSuggestionTests(BaseTestCase):
    def test_it_suggests_with_a_bounded_number_of_queries(self) -> None:
        self.login(self.alice)
        url = reverse("org:people_suggestions")
        with CaptureQueriesContext(connection) as first:
            self.client.get(url, {"q": "ann"})
        for n in range(15):
            services.create_person(
                username=f"ann{n}", name=f"Ann {n}", email=f"ann{n}@example.org", team=self.it
            )
        with CaptureQueriesContext(connection) as second:
            response = self.client.get(url, {"q": "ann"})
        self.assertEqual(response.content.decode().count("<option"), 10)  # at most ten suggestions
        self.assertEqual(len(second), len(first))
