"""The customer map and key customers over the API, over the two weeks of
customers_support: the map's nodes and edges for the same people as the page (404
otherwise), a team's key customers read by whoever sees the team and kept by its leads (PUT
201 then 200, DELETE 204), 422s naming the field, 404s, and fixed numbers of queries."""

from __future__ import annotations

from typing import Any

from inservice.insights.models_customers import MAX_TEXT, KeyCustomer
from inservice.insights.services_customers import KeyCustomerDraft, save_key_customer
from inservice.insights.tests.customers_support import (
    WEEK_QUERY,
    FlowsTestCase,
    more_customers,
)
from inservice.org.choices import TokenScope
from inservice.org.models import Person
from inservice.org.tests.api_support import API, ApiTestCase, make_person

KEYS = "/teams/it-service-desk/key-customers"
SALES = f"{KEYS}/sales"
SHEET = {
    "needs_from_us": "Laptops ready before client visits.",
    "we_need": "Tell us about new starters 10 working days ahead.",
    "contact": "alice",
    "notes": "Quarter end is their busy week.",
}


class CustomersApiTestCase(ApiTestCase, FlowsTestCase):
    def put(self, path: str, person: Person, body: Any, scope: str = TokenScope.WRITE) -> Any:
        return self.client.put(
            API + path, body, content_type="application/json", headers=self.auth(person, scope)
        )

    def delete(self, path: str, person: Person, scope: str = TokenScope.WRITE) -> Any:
        return self.client.delete(API + path, headers=self.auth(person, scope))


class MapApiTests(CustomersApiTestCase):
    def test_the_whole_map_for_a_lead(self) -> None:
        response = self.get("/insights/map", self.grace, **WEEK_QUERY)
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertIsNone(body["focus"])
        self.assertEqual(body["period"], {"start": "2026-11-23", "end": "2026-11-29"})
        self.assertEqual(
            [n["key"] for n in body["nodes"]], ["it-service-desk", "payroll", "sales-west"]
        )
        first = body["edges"][0]
        self.assertEqual(
            first,
            {
                "source": "sales-west",
                "target": "it-service-desk",
                "source_team": {"slug": "sales-west", "name": "Sales West"},
                "target_team": {"slug": "it-service-desk", "name": "IT Service Desk"},
                "requests": 2,
                "ratings": 2,
                "csat": 4.0,
                "resolution_met": 2,
                "resolution_breached": 1,
                "sla_percent": 66.7,
            },
        )
        self.assertEqual(len(body["edges"]), 4)
        self.assertEqual((body["internal"], body["folded"]), (1, []))
        self.assertIn("asked of itself", body["note"])
        self.assertIsNotNone(body["as_of"])

    def test_a_team_s_map_and_who_may_see_it(self) -> None:
        body = self.get("/insights/map", self.carol, **WEEK_QUERY).json()  # a member: her team
        self.assertEqual(body["focus"], {"slug": "it-service-desk", "name": "IT Service Desk"})
        self.assertEqual(
            [(n["key"], n["role"]) for n in body["nodes"]],
            [
                ("focus:it-service-desk", "focus"),
                ("customer:sales-west", "customer"),
                ("customer:payroll", "customer"),
                ("supplier:payroll", "supplier"),
            ],
        )
        self.assertEqual(
            [(e["source"], e["target"], e["requests"]) for e in body["edges"]],
            [
                ("customer:sales-west", "focus:it-service-desk", 2),
                ("customer:payroll", "focus:it-service-desk", 1),
                ("focus:it-service-desk", "supplier:payroll", 1),
            ],
        )
        self.assertEqual(self.get("/insights/map", self.carol, focus="payroll").status_code, 404)
        self.assertEqual(self.get("/insights/map", self.erin, focus="nowhere").status_code, 404)
        nobody = make_person(name="Nobody Inparticular")
        self.assertEqual(self.get("/insights/map", nobody).status_code, 404)
        read_only = self.get("/insights/map", self.erin, TokenScope.READ, focus="payroll")
        self.assertEqual(read_only.status_code, 200)

    def test_a_wrong_date_is_a_422_naming_it(self) -> None:
        response = self.get(
            "/insights/map", self.erin, **{"from": "2026-11-30", "to": "2026-11-01"}
        )
        self.assertProblem(response, ["query", "to"], "The period ends before it starts.")
        self.assertProblem(
            self.get("/insights/map", self.erin, **{"from": "soon"}), ["query", "from"]
        )

    def test_the_map_makes_as_many_queries_with_more_teams_and_requests(self) -> None:
        before = self.count_queries("/insights/map", self.erin, **WEEK_QUERY)
        focused = self.count_queries(
            "/insights/map", self.erin, focus="it-service-desk", **WEEK_QUERY
        )
        more_customers(self, 4)
        self.assertEqual(
            self.count_queries("/insights/map", self.erin, **WEEK_QUERY), before, self._last_sql
        )
        self.assertEqual(
            self.count_queries("/insights/map", self.erin, focus="it-service-desk", **WEEK_QUERY),
            focused,
            self._last_sql,
        )


class KeyCustomersApiTests(CustomersApiTestCase):
    def test_a_lead_marks_rewrites_reads_and_removes_a_key_customer(self) -> None:
        response = self.put(SALES, self.erin, SHEET)
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(body["customer"], {"slug": "sales", "name": "Sales"})
        self.assertEqual(body["customer_kind"], "department")
        self.assertEqual(body["contact"], {"id": self.alice.pk, "name": "Alice Asker"})
        self.assertEqual(body["updated_by"], {"id": self.erin.pk, "name": "Erin Lead"})
        again = self.put(SALES, self.root, {"needs_from_us": "Working VPN abroad."})
        self.assertEqual(again.status_code, 200)
        self.assertEqual((again.json()["we_need"], again.json()["contact"]), ("", None))
        listed = self.get(KEYS, self.carol).json()  # a member reads them
        self.assertEqual([k["customer"]["slug"] for k in listed], ["sales"])
        self.assertEqual(self.get(SALES, self.carol).json()["needs_from_us"], "Working VPN abroad.")
        self.assertEqual(self.delete(SALES, self.erin).status_code, 204)
        self.assertFalse(KeyCustomer.objects.exists())
        self.assertEqual(self.delete(SALES, self.erin).status_code, 404)
        self.assertEqual(self.get(SALES, self.erin).status_code, 404)

    def test_bad_input_is_a_422_naming_the_field_and_changes_nothing(self) -> None:
        for path, body, loc, text in (
            (
                SALES,
                {**SHEET, "needs_from_us": " "},
                ["body", "needs_from_us"],
                "needs from your team",
            ),
            (
                SALES,
                {k: v for k, v in SHEET.items() if k != "needs_from_us"},
                ["body", "needs_from_us"],
                "required",
            ),
            (
                f"{KEYS}/it-service-desk",
                SHEET,
                ["path", "customer_slug"],
                "not its own internal customer",
            ),
            (
                SALES,
                {**SHEET, "contact": "nobody@example.org"},
                ["body", "contact"],
                "Nobody in the directory",
            ),
            (SALES, {**SHEET, "notes": "x" * (MAX_TEXT + 1)}, ["body", "notes"], "Too long"),
            (SALES, {**SHEET, "colour": "blue"}, ["body", "colour"], "not accepted"),
            (SALES, {**SHEET, "we_need": 3}, ["body", "we_need"], "Expected a string"),
        ):
            with self.subTest(loc=loc, text=text):
                self.assertProblem(self.put(path, self.erin, body), list(loc), text)
        self.assertFalse(KeyCustomer.objects.exists())

    def test_what_the_caller_may_not_see_or_change_is_a_404(self) -> None:
        save_key_customer(self.erin, self.it, self.cast.sales_dept, KeyCustomerDraft("Kept."))
        for person in (self.carol, self.grace, self.alice):
            with self.subTest(person=person.username):
                self.assertEqual(self.put(SALES, person, SHEET).status_code, 404)
                self.assertEqual(self.delete(SALES, person).status_code, 404)
        for person in (self.grace, self.alice):
            self.assertEqual(self.get(KEYS, person).status_code, 404)
            self.assertEqual(self.get(SALES, person).status_code, 404)
        self.assertEqual(self.put(f"{KEYS}/nowhere", self.erin, SHEET).status_code, 404)
        self.assertEqual(
            self.put("/teams/nowhere/key-customers/sales", self.root, SHEET).status_code, 404
        )
        self.assertEqual(self.put(SALES, self.erin, SHEET, TokenScope.READ).status_code, 403)
        self.assertEqual(KeyCustomer.objects.get().needs_from_us, "Kept.")

    def test_the_list_makes_as_many_queries_with_more_key_customers(self) -> None:
        save_key_customer(
            self.erin, self.it, self.cast.sales_dept, KeyCustomerDraft("a", contact=self.alice)
        )
        before = self.count_queries(KEYS, self.erin)
        for team, contact in (
            (self.payroll, self.dave),
            (self.er, self.frank),
            (self.sales, self.bob),
        ):
            save_key_customer(self.root, self.it, team, KeyCustomerDraft("b", contact=contact))
        self.assertEqual(self.count_queries(KEYS, self.erin), before, self._last_sql)
        self.assertEqual(len(self.get(KEYS, self.erin).json()), 4)
