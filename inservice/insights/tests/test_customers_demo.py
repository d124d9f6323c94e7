"""The demo's key customers: written through the services by each serving team's lead, over the
test cast (which has the demo's IT Service Desk, Payroll and Sales department prefixes); every
declared worksheet is one the services accept and names teams of the demo's directory."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from inservice.demo import customers as demo
from inservice.demo.data.org import DEPARTMENTS, REQUESTER_TEAMS, SERVICE_TEAMS
from inservice.insights.models_customers import KeyCustomer
from inservice.insights.services_customers import KeyCustomerDraft, key_customer_problems
from inservice.test import BaseTestCase

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


class DemoKeyCustomerTests(BaseTestCase):
    def test_it_writes_the_worksheets_of_the_teams_there_are_by_their_leads(self) -> None:
        lines: list[str] = []
        self.assertEqual(demo.build_key_customers(NOW, lines.append), 2)
        self.assertEqual(lines, ["2 key customers"])
        found = {
            (k.team.key_prefix, k.customer_team.key_prefix): k
            for k in KeyCustomer.objects.select_related("team", "customer_team")
        }
        self.assertEqual(set(found), {("IT", "SALES"), ("PAY", "SALES")})
        sales = found["IT", "SALES"]
        self.assertIn("Laptops ready before client visits", sales.needs_from_us)
        self.assertIn("new starters 10 working days ahead", sales.we_need)
        self.assertEqual(sales.contact, self.root)  # the first person placed in Sales
        self.assertEqual(
            (sales.updated_by, sales.updated_at), (self.erin, NOW - timedelta(days=21))
        )
        self.assertEqual(found["PAY", "SALES"].updated_by, self.grace)
        self.assertEqual(demo.build_key_customers(NOW, lines.append), 0)  # once only

    def test_every_worksheet_is_accepted_and_names_demo_teams(self) -> None:
        teams = (*SERVICE_TEAMS, *REQUESTER_TEAMS, *DEPARTMENTS)
        prefixes = {t.prefix for t in teams}
        for sheet in demo.WORKSHEETS:
            with self.subTest(team=sheet.team, customer=sheet.customer):
                self.assertIn(sheet.team, {t.prefix for t in SERVICE_TEAMS})  # it serves
                self.assertIn(sheet.customer, prefixes)
                draft = KeyCustomerDraft(sheet.needs_from_us, sheet.we_need, None, sheet.notes)
                self.assertEqual(key_customer_problems(self.it, self.payroll, draft), {})
