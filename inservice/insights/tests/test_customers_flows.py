"""The customer map's reads (insights.customer_flows) over the two weeks of
customers_support, checked against the numbers worked out by hand there: the flows between
teams this week and the week before, the whole map and a team's map, a team's customers and
suppliers with its key customers first (a key department counting its teams), folding when
there are too many flows, and empty periods."""

from __future__ import annotations

from datetime import date

from inservice.insights import customer_flows
from inservice.insights.customer_flows import Counts, Edge, Role, TeamInfo, fold
from inservice.insights.models import FlowDay
from inservice.insights.periods import Period
from inservice.insights.services_customers import KeyCustomerDraft, save_key_customer
from inservice.insights.tests.customers_support import BEFORE, WEEK, FlowsTestCase
from inservice.org import services as org

QUIET = Period(date(2025, 1, 6), date(2025, 1, 12))


def edge(network: customer_flows.Network, source: str, target: str) -> Counts:
    found = [
        e.counts
        for e in network.edges
        if (e.source.name if e.source else "") == source and e.target.name == target
    ]
    assert len(found) == 1, [(e.source, e.target) for e in network.edges]
    return found[0]


class FlowsTests(FlowsTestCase):
    def test_it_adds_up_each_pair_this_period_and_the_one_before(self) -> None:
        found = {(f.source, f.target): f for f in customer_flows.flows(WEEK)}
        sales_it = found[(self.sales.pk, self.it.pk)]
        self.assertEqual(sales_it.now, Counts(asked=2, met=2, breached=1, ratings=2, rating_sum=8))
        self.assertEqual(sales_it.now.csat, 4.0)
        self.assertEqual(sales_it.now.sla, 66.7)
        self.assertEqual(sales_it.before, Counts(asked=2, met=1))
        self.assertEqual(sales_it.before.sla, 100.0)
        self.assertIsNone(sales_it.before.csat)
        self.assertEqual(found[(self.sales.pk, self.payroll.pk)].now, Counts(1, 0, 0, 1, 4))
        self.assertEqual(found[(self.it.pk, self.payroll.pk)].now, Counts(1, 0, 0, 1, 2))
        self.assertEqual(found[(self.payroll.pk, self.it.pk)].now, Counts(asked=1))
        self.assertEqual(found[(self.it.pk, self.it.pk)].now, Counts(asked=1))
        self.assertEqual(len(found), 5)

    def test_the_previous_week_is_a_period_of_its_own(self) -> None:
        found = {(f.source, f.target): f for f in customer_flows.flows(BEFORE)}
        self.assertEqual(list(found), [(self.sales.pk, self.it.pk)])
        self.assertEqual(found[(self.sales.pk, self.it.pk)].now, Counts(asked=2, met=1))
        self.assertEqual(found[(self.sales.pk, self.it.pk)].before, Counts())

    def test_a_team_reads_only_the_flows_from_or_to_it(self) -> None:
        pairs = {(f.source, f.target) for f in customer_flows.flows(WEEK, teams=[self.payroll.pk])}
        self.assertEqual(
            pairs,
            {
                (self.sales.pk, self.payroll.pk),
                (self.it.pk, self.payroll.pk),
                (self.payroll.pk, self.it.pk),
            },
        )

    def test_a_period_with_nothing_in_it_has_no_flows(self) -> None:
        self.assertEqual(customer_flows.flows(QUIET), [])
        network = customer_flows.network(QUIET)
        self.assertEqual((network.nodes, network.edges, network.requests), ([], [], 0))
        self.assertIsNone(network.as_of)


class NetworkTests(FlowsTestCase):
    def test_the_whole_map_has_every_team_with_flows_between_teams(self) -> None:
        network = customer_flows.network(WEEK)
        self.assertIsNone(network.focus)
        self.assertEqual(
            [n.team.name for n in network.nodes if n.team],
            ["IT Service Desk", "Payroll", "Sales West"],
        )
        # Busiest first; IT asking itself is left out and counted apart.
        self.assertEqual(
            [(e.source.name if e.source else None, e.target.name) for e in network.edges],
            [
                ("Sales West", "IT Service Desk"),
                ("IT Service Desk", "Payroll"),
                ("Sales West", "Payroll"),
                ("Payroll", "IT Service Desk"),
            ],
        )
        self.assertEqual(network.internal, 1)
        self.assertEqual(network.requests, 5)
        self.assertEqual(network.folded, {})
        self.assertIsNotNone(network.as_of)
        nodes = {n.team.name: n for n in network.nodes if n.team}
        self.assertEqual(
            (nodes["IT Service Desk"].asked, nodes["IT Service Desk"].received), (1, 3)
        )
        self.assertEqual((nodes["Sales West"].asked, nodes["Sales West"].received), (3, 0))
        self.assertEqual(nodes["Sales West"].team.department, "Sales")  # type: ignore[union-attr]

    def test_a_team_s_map_has_its_customers_and_its_suppliers(self) -> None:
        network = customer_flows.network(WEEK, focus=self.payroll)
        assert network.focus is not None
        self.assertEqual(network.focus.name, "Payroll")
        roles = [(n.role, n.team.name if n.team else None) for n in network.nodes]
        self.assertEqual(
            roles,
            [
                (Role.FOCUS, "Payroll"),
                (Role.CUSTOMER, "IT Service Desk"),
                (Role.CUSTOMER, "Sales West"),
                (Role.SUPPLIER, "IT Service Desk"),
            ],
        )
        self.assertEqual(
            [n.key for n in network.nodes][:2], ["focus:payroll", "customer:it-service-desk"]
        )
        self.assertEqual(edge(network, "IT Service Desk", "Payroll").csat, 2.0)
        self.assertEqual(edge(network, "Payroll", "IT Service Desk").asked, 1)
        self.assertEqual(network.internal, 0)

    def test_many_small_flows_are_folded_into_one(self) -> None:
        team = TeamInfo(1, "Desk", "desk", "team", None, "")
        edges = [
            Edge(TeamInfo(10 + n, f"T{n:02}", f"t{n}", "team", None, ""), team, Counts(asked=n + 1))
            for n in range(70)
        ]
        edges.append(
            Edge(
                TeamInfo(99, "Tiny", "tiny", "team", None, ""),
                team,
                Counts(asked=0, ratings=1, rating_sum=5),
            )
        )
        kept, folded = fold(edges, 60)
        # 2,486 requests in all: 1% is 24.86, so only the flows of 25 or more are drawn.
        self.assertEqual([e.counts.asked for e in kept], list(range(70, 24, -1)))
        assert folded is not None
        self.assertEqual(folded.flows, 71 - 46)
        self.assertEqual(folded.counts.asked, sum(range(1, 25)))
        self.assertEqual(folded.counts.ratings, 1)
        self.assertEqual(folded.teams, 26)  # 25 senders and the desk they asked
        few, none = fold(edges[:5], 60)
        self.assertEqual((len(few), none), (5, None))

    def test_a_whole_map_past_the_limit_folds_its_smallest_flows(self) -> None:
        day = WEEK.start
        for n in range(customer_flows.MAX_EDGES + 5):
            asking = org.create_team(
                name=f"Asking {n:02}", key_prefix=f"AS{chr(65 + n // 26)}{chr(65 + n % 26)}"
            )
            FlowDay.objects.create(
                day=day, requesting_team=asking, serving_team=self.it, asked=100 + n
            )
        network = customer_flows.network(WEEK)
        self.assertEqual(len(network.edges), customer_flows.MAX_EDGES)
        folded = network.folded["all"]
        self.assertEqual(folded.flows, 9)  # the 5 smallest askers and the 4 flows of the cast
        self.assertEqual(network.requests, sum(100 + n for n in range(65)) + 5)
        self.assertEqual(len(network.nodes), customer_flows.MAX_EDGES + 1)


class CustomersTests(FlowsTestCase):
    def test_a_team_s_customers_and_suppliers_against_the_week_before(self) -> None:
        found = customer_flows.customers_of(self.it, WEEK)
        self.assertEqual(found.key, [])
        customers = [
            (r.team.name if r.team else None, r.now.asked, r.before.asked, r.change)
            for r in found.others
        ]
        self.assertEqual(customers, [("Sales West", 2, 2, 0), ("Payroll", 1, 0, 1)])
        self.assertEqual(found.others[0].now.sla, 66.7)
        self.assertEqual(found.others[0].before.sla, 100.0)
        suppliers = [
            (r.team.name if r.team else None, r.now.asked, r.now.csat) for r in found.suppliers
        ]
        self.assertEqual(suppliers, [("Payroll", 1, 2.0)])
        self.assertEqual(found.internal.asked, 1)

    def test_key_customers_come_first_and_a_department_counts_its_teams(self) -> None:
        draft = KeyCustomerDraft("Laptops before client visits.")
        save_key_customer(self.erin, self.it, self.cast.sales_dept, draft)
        save_key_customer(self.erin, self.it, self.er, draft)  # no requests at all
        found = customer_flows.customers_of(self.it, WEEK)
        self.assertEqual(
            [r.team.name for r in found.key if r.team], ["Sales", "Employee Relations"]
        )
        sales = found.key[0]
        assert sales.key is not None
        self.assertEqual(sales.key.needs_from_us, "Laptops before client visits.")
        self.assertEqual([t.name for t in sales.covers], ["Sales West"])
        self.assertEqual((sales.now.asked, sales.before.asked, sales.now.csat), (2, 2, 4.0))
        self.assertEqual(found.key[1].now, Counts())
        # Sales West is counted with its department, not again among the others.
        self.assertEqual([r.team.name for r in found.others if r.team], ["Payroll"])

    def test_a_department_s_customers_are_its_teams_together(self) -> None:
        found = customer_flows.customers_of(self.cast.sales_dept, WEEK)
        self.assertEqual(found.others, [])
        self.assertEqual(
            [(r.team.name, r.now.asked) for r in found.suppliers if r.team],
            [("IT Service Desk", 2), ("Payroll", 1)],
        )
