"""The catalog over the API: only what the caller may ask for, and each service's intake form."""

from __future__ import annotations

from decimal import Decimal

from inservice.catalog import services as catalog
from inservice.catalog.choices import Audience, FieldKind
from inservice.catalog.services import FieldSpec
from inservice.org.choices import EmploymentType
from inservice.org.models import Person
from inservice.org.tests.api_support import ApiTestCase, make_person, make_service


class ServiceListTests(ApiTestCase):
    def test_it_lists_only_services_offered_to_the_caller(self) -> None:
        catalog.create_service(
            self.payroll,
            name="Payroll internal tooling",
            summary="For payroll only.",
            accountable=self.grace,
            audience=Audience.TEAMS,
            audience_teams=[self.payroll],
        )
        catalog.create_service(
            self.it,
            name="Employee phone",
            summary="Employees only.",
            accountable=self.erin,
            audience=Audience.EMPLOYEES,
        )
        vendor = make_person(employment_type=EmploymentType.VENDOR)

        def names(person: Person) -> set[str]:
            response = self.get("/services", person)
            self.assertEqual(response.status_code, 200)
            return {s["name"] for s in response.json()["items"]}

        self.assertNotIn("Payroll internal tooling", names(self.alice))
        self.assertIn("Payroll internal tooling", names(self.dave))
        self.assertIn("Employee phone", names(self.alice))
        self.assertNotIn("Employee phone", names(vendor))
        self.assertIn("New laptop", names(vendor))

    def test_it_searches_and_filters_by_team(self) -> None:
        found = self.get("/services", self.alice, q="laptop").json()["items"]
        self.assertEqual([s["slug"] for s in found], [self.laptop.slug])
        self.assertEqual(found[0]["team"], {"slug": "it-service-desk", "name": "IT Service Desk"})
        payroll = self.get("/services", self.alice, team="payroll").json()["items"]
        self.assertEqual([s["slug"] for s in payroll], [self.payslip.slug])

    def test_it_lists_services_in_constant_queries(self) -> None:
        for _ in range(3):
            make_service(self.it, self.erin)
        before = self.count_queries("/services", self.alice)
        for team in (self.it, self.payroll, self.er, self.payroll):
            make_service(team, self.erin)
        self.assertQueriesFlat(before, self.count_queries("/services", self.alice))


class ServiceDetailTests(ApiTestCase):
    def test_it_gives_the_intake_form_schema(self) -> None:
        response = self.get(f"/services/{self.laptop.slug}", self.alice)
        self.assertEqual(response.status_code, 200)
        service = response.json()
        self.assertTrue(service["can_ask"])
        self.assertEqual(service["accountable"], {"id": self.erin.pk, "name": "Erin Lead"})
        self.assertEqual(
            [s["title"] for s in service["steps"]], ["Check stock", "Image the laptop", "Deliver"]
        )
        self.assertEqual(service["targets"][0], "First response within 4 business hours")
        model, justification = service["fields"]
        self.assertEqual(
            (model["key"], model["kind"], model["required"], model["options"]),
            ("model", "single_choice", True, ["Standard", "Developer"]),
        )
        self.assertEqual(justification["required_when"], {"field": "model", "value": "Developer"})
        self.assertFalse(justification["required"])

    def test_it_gives_every_rule_of_a_field(self) -> None:
        catalog.set_form(
            self.payslip,
            [
                FieldSpec(
                    key="employee_number",
                    label="Employee number",
                    kind=FieldKind.TEXT,
                    required=True,
                    help_text="On your badge.",
                    min_length=4,
                    max_length=8,
                    pattern=r"E\d+",
                ),
                FieldSpec(
                    key="amount",
                    label="Amount",
                    kind=FieldKind.NUMBER,
                    min_value=Decimal("0.5"),
                    max_value=Decimal(100),
                ),
            ],
        )
        text, number = self.get(f"/services/{self.payslip.slug}", self.bob).json()["fields"]
        self.assertEqual(
            text,
            {
                "key": "employee_number",
                "label": "Employee number",
                "kind": "text",
                "required": True,
                "help_text": "On your badge.",
                "min_value": None,
                "max_value": None,
                "min_length": 4,
                "max_length": 8,
                "pattern": r"E\d+",
                "options": [],
                "required_when": None,
            },
        )
        self.assertEqual((number["min_value"], number["max_value"]), (0.5, 100))

    def test_it_answers_404_for_an_unknown_service(self) -> None:
        self.assertEqual(self.get("/services/no-such-service", self.alice).status_code, 404)

    def test_it_answers_404_for_a_service_not_offered_to_the_caller(self) -> None:
        hidden = catalog.create_service(
            self.payroll,
            name="Payroll tooling",
            summary="For payroll only.",
            accountable=self.grace,
            audience=Audience.TEAMS,
            audience_teams=[self.payroll],
        )
        self.assertEqual(self.get(f"/services/{hidden.slug}", self.alice).status_code, 404)
        self.assertEqual(self.get(f"/services/{hidden.slug}", self.dave).status_code, 200)
