"""The portal: the catalog grouped by team, service search, a service's page."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.catalog import services as catalog
from inservice.catalog.choices import Audience, RaciRole
from inservice.factories import PASSWORD
from inservice.org import services as org
from inservice.org.choices import EmploymentType
from inservice.test import BaseTestCase


class PortalTests(BaseTestCase):
    def test_it_groups_the_catalog_by_team(self) -> None:
        self.login(self.alice)
        response = self.client.get(reverse("portal:home"))
        groups = {team.name: [s.name for s in items] for team, items in response.context["catalog"]}
        self.assertEqual(
            groups,
            {
                "Employee Relations": ["Raise a workplace concern"],
                "IT Service Desk": ["New laptop"],
                "Payroll": ["Payslip question"],
            },
        )

    def test_it_shows_each_person_only_the_services_offered_to_them(self) -> None:
        catalog.update_service(self.payslip, audience=Audience.EMPLOYEES)
        catalog.update_service(
            self.laptop, audience=Audience.TEAMS, audience_teams=[self.cast.sales_dept]
        )
        vendor = org.create_person(
            username="vera",
            name="Vera Vendor",
            email="vera@example.org",
            password=PASSWORD,
            employment_type=EmploymentType.VENDOR,
            team=self.payroll,
        )
        self.login(vendor)
        names = [
            s.name
            for _, items in self.client.get(reverse("portal:home")).context["catalog"]
            for s in items
        ]
        self.assertEqual(names, ["Raise a workplace concern"])
        self.assertEqual(
            self.client.get(reverse("portal:service", args=[self.laptop.slug])).status_code, 404
        )
        self.login(self.alice)  # in Sales West, inside the Sales department
        names = [
            s.name
            for _, items in self.client.get(reverse("portal:home")).context["catalog"]
            for s in items
        ]
        self.assertEqual(names, ["Raise a workplace concern", "New laptop", "Payslip question"])

    def test_it_lets_the_owning_team_see_its_service_outside_the_audience(self) -> None:
        catalog.update_service(self.laptop, audience=Audience.TEAMS, audience_teams=[self.payroll])
        self.login(self.carol)
        response = self.client.get(reverse("portal:service", args=[self.laptop.slug]))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.context["can_ask"])

    def test_it_lists_my_open_requests_on_the_home_page(self) -> None:
        ticket = self.ask(subject="Charger broken")
        self.login(self.alice)
        self.assertContains(self.client.get(reverse("portal:home")), ticket.key)

    def test_it_searches_services_by_name_summary_keywords_and_team(self) -> None:
        catalog.update_service(self.payslip, keywords="salary wage")
        self.login(self.alice)
        for query, expected in (
            ("salary", ["Payslip question"]),
            ("laptop", ["New laptop"]),
            ("payroll", ["Payslip question"]),
            ("zebra", []),
        ):
            with self.subTest(query=query):
                response = self.client.get(
                    reverse("portal:search"), {"q": query}, HTTP_HX_REQUEST="true"
                )
                self.assertEqual([s.name for s in response.context["results"]], expected)
                self.assertNotContains(response, "<html")

    def test_it_shows_what_a_service_is_who_owns_it_and_what_happens_next(self) -> None:
        catalog.add_raci(self.laptop, RaciRole.RESPONSIBLE, team=self.it, note="imaging")
        catalog.add_raci(self.laptop, RaciRole.INFORMED, person=self.grace)
        self.login(self.alice)
        response = self.client.get(reverse("portal:service", args=[self.laptop.slug]))
        for text in (
            "New laptop",
            "IT Service Desk",
            "Erin Lead",
            "Check stock",
            "Image the laptop",
            "Deliver",
            "First response within 4 business hours",
            "Resolved within 5 business days",
            "Responsible",
            "imaging",
            "Informed",
            "Grace Lead",
            "Ask for this",
        ):
            self.assertContains(response, text)

    def test_it_renders_the_service_description_as_sanitised_markdown(self) -> None:
        catalog.update_service(
            self.laptop, description="**Fast** <script>alert(1)</script> [x](javascript:alert(1))"
        )
        self.login(self.alice)
        response = self.client.get(reverse("portal:service", args=[self.laptop.slug]))
        self.assertContains(response, "<strong>Fast</strong>")
        self.assertNotContains(response, "<script>alert(1)")
        self.assertNotContains(response, 'href="javascript:')

    def test_it_reads_home_and_search_with_a_bounded_number_of_queries(self) -> None:
        self.ask()
        self.login(self.alice)

        def count(url: str, params: dict[str, str]) -> int:
            with CaptureQueriesContext(connection) as queries:
                self.client.get(url, params)
            return len(queries)

        before = (count(reverse("portal:home"), {}), count(reverse("portal:search"), {"q": "a"}))
        for n in range(12):
            team = org.create_team(name=f"Team {n}", key_prefix=f"T{chr(65 + n)}")
            catalog.create_service(
                team, name=f"Service {n}", summary="Something a", accountable=self.erin
            )
            self.ask(subject=f"more {n}")
        after = (count(reverse("portal:home"), {}), count(reverse("portal:search"), {"q": "a"}))
        self.assertEqual(after, before)
