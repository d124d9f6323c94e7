"""The customer map's page, /insights/map/, over the two weeks of customers_support: who
sees which map (404 otherwise), the SVG's teams and arrows with the numbers of the rollups, the
colour toggle, a team's map and the links to it, the table of the same flows and its CSV, wrong
input (422), the htmx partial, and a number of queries that does not grow with the teams or the
requests."""

from __future__ import annotations

import csv
import io

from inservice.insights import customer_flows
from inservice.insights.customer_map import table_of
from inservice.insights.exports import text_rows
from inservice.insights.map_svg import COLOURS
from inservice.insights.tests.customers_support import (
    HTMX,
    NOW,
    WEEK,
    WEEK_QUERY,
    FlowsTestCase,
    at,
    count_queries,
    more_customers,
)
from inservice.insights.tests.rollup_support import ask, refresh
from inservice.org import services as org
from inservice.org.tests.api_support import make_person

MAP = "/insights/map/"
CSV = "/insights/map/flows.csv"


def arrow(html: str, source: str, target: str) -> str:
    """The SVG path of one arrow, as the page has it."""
    marker = f'data-source="{source}" data-target="{target}"'
    start = html.index(marker)
    return html[html.rindex("<path", 0, start) : html.index("</path>", start)]


class WhoSeesTheMapTests(FlowsTestCase):
    def test_leads_and_administrators_see_the_whole_map(self) -> None:
        for person in (self.erin, self.grace, self.frank, self.root):
            with self.subTest(person=person.username):
                self.login(person)
                response = self.client.get(MAP, WEEK_QUERY)
                self.assertEqual(response.status_code, 200)
                self.assertIsNone(response.context["focus"])
                self.assertContains(response, 'class="cm" role="img"')

    def test_a_member_sees_the_map_of_their_own_team_only(self) -> None:
        self.login(self.carol)
        response = self.client.get(MAP, WEEK_QUERY)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["focus"], self.it)
        self.assertContains(response, "<h1>Customer map: IT Service Desk</h1>", html=True)
        self.assertEqual(self.client.get(MAP, {"focus": "it-service-desk"}).status_code, 200)
        for slug in ("payroll", "sales-west", "no-such-team"):
            with self.subTest(slug=slug):
                self.assertEqual(self.client.get(MAP, {"focus": slug}).status_code, 404)
                self.assertEqual(self.client.get(CSV, {"focus": slug}).status_code, 404)
        self.assertEqual(self.client.get(CSV, WEEK_QUERY).status_code, 200)

    def test_someone_in_no_team_has_no_map(self) -> None:
        self.login(make_person(name="Nobody Inparticular"))
        self.assertEqual(self.client.get(MAP).status_code, 404)
        self.assertEqual(self.client.get(CSV).status_code, 404)
        self.assertEqual(self.client.get(MAP, {"focus": "it-service-desk"}).status_code, 404)

    def test_a_lead_opens_any_team_s_map(self) -> None:
        self.login(self.frank)
        response = self.client.get(MAP, {"focus": "payroll", **WEEK_QUERY})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["focus"], self.payroll)
        self.assertEqual(self.client.get(MAP, {"focus": "no-such-team"}).status_code, 404)


class DrawingTests(FlowsTestCase):
    def test_the_map_draws_the_teams_and_the_flows_between_them(self) -> None:
        self.login(self.erin)
        html = self.client.get(MAP, WEEK_QUERY).content.decode()
        for slug in ("it-service-desk", "payroll", "sales-west"):
            self.assertIn(f'class="cm-dot" data-key="{slug}"', html)
            self.assertIn(
                f'href="/insights/map/?focus={slug}&amp;from=2026-11-23&amp;to=2026-11-29"', html
            )
        busiest = arrow(html, "sales-west", "it-service-desk")
        self.assertIn('data-volume="2"', busiest)
        self.assertIn('stroke-width="8"', busiest)  # the busiest arrow is the widest
        self.assertIn(f'stroke="{COLOURS["fair"]}"', busiest)  # CSAT 4.0: under the target 4.2
        self.assertIn("Sales West → IT Service Desk\n2 requests\nCSAT 4 (2 ratings)\n", busiest)
        self.assertIn("Resolved on time: 66.7% of 3", busiest)
        self.assertIn(f'stroke="{COLOURS["poor"]}"', arrow(html, "it-service-desk", "payroll"))
        # Half the requests of the busiest: 1.5 + 6.5 * sqrt(1/2) wide.
        self.assertIn('stroke-width="6.1"', arrow(html, "payroll", "it-service-desk"))
        self.assertNotIn('data-source="it-service-desk" data-target="it-service-desk"', html)
        self.assertIn("1 request a team asked of itself is not shown.", html)
        self.assertIn("5 requests between teams.", html)

    def test_colour_by_resolution_on_time(self) -> None:
        self.login(self.erin)
        response = self.client.get(MAP, {"colour": "sla", **WEEK_QUERY})
        html = response.content.decode()
        self.assertEqual(response.context["colour"], "sla")
        self.assertIn(f'stroke="{COLOURS["poor"]}"', arrow(html, "sales-west", "it-service-desk"))
        self.assertIn(f'stroke="{COLOURS["none"]}"', arrow(html, "it-service-desk", "payroll"))
        self.assertIn("Resolution on time (SLA)", html)
        self.assertContains(response, "under 75%")
        # The toggle, the presets and the dots keep the choice.
        self.assertContains(response, 'aria-current="page">Resolution on time (SLA)</a>')
        self.assertIn("focus=payroll&amp;from=2026-11-23&amp;to=2026-11-29&amp;colour=sla", html)

    def test_a_team_s_map_has_its_customers_left_and_suppliers_right(self) -> None:
        self.login(self.grace)
        response = self.client.get(MAP, {"focus": "payroll", **WEEK_QUERY})
        html = response.content.decode()
        for key in (
            "focus:payroll",
            "customer:it-service-desk",
            "customer:sales-west",
            "supplier:it-service-desk",
        ):
            self.assertIn(f'data-key="{key}"', html)
        self.assertIn('data-source="customer:sales-west" data-target="focus:payroll"', html)
        self.assertIn('data-source="focus:payroll" data-target="supplier:it-service-desk"', html)
        self.assertIn("Its customers: they ask Payroll", html)
        self.assertContains(
            response, 'href="/insights/teams/payroll/customers/?from=2026-11-23&amp;to=2026-11-29"'
        )
        self.assertContains(response, "The whole map")

    def test_a_member_s_map_links_only_to_their_own_teams(self) -> None:
        org.add_member(self.payroll, self.carol)
        self.carol.forget_memberships()
        self.login(self.carol)
        html = self.client.get(MAP, {"focus": "it-service-desk", **WEEK_QUERY}).content.decode()
        self.assertIn('href="/insights/map/?focus=payroll', html)  # carol serves in Payroll too
        self.assertNotIn('href="/insights/map/?focus=sales-west', html)
        self.assertNotIn("The whole map", html)

    def test_a_period_with_no_requests_says_so(self) -> None:
        self.login(self.erin)
        response = self.client.get(MAP, {"from": "2025-01-06", "to": "2025-01-12"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "No requests between teams in this period.")
        self.assertNotContains(response, 'class="cm"')
        self.assertContains(response, "Nothing to count in this period.")


class TableAndCsvTests(FlowsTestCase):
    def test_the_table_is_the_same_flows_as_the_map(self) -> None:
        self.login(self.erin)
        response = self.client.get(MAP, WEEK_QUERY)
        view = response.context["view"]
        expected = table_of(customer_flows.network(WEEK))
        self.assertEqual(view.rows, text_rows(expected))
        self.assertEqual(
            view.rows,
            [
                ["Sales West", "IT Service Desk", "2", "2", "4", "66.7"],
                ["IT Service Desk", "Payroll", "1", "1", "2", ""],
                ["Sales West", "Payroll", "1", "1", "4", ""],
                ["Payroll", "IT Service Desk", "1", "0", "", ""],
            ],
        )
        self.assertContains(
            response, "<caption>Flows between teams, 23 Nov 2026 to 29 Nov 2026</caption>"
        )
        self.assertContains(
            response, '<th scope="row">Sales West</th><td>IT Service Desk</td><td>2</td>'
        )
        self.assertContains(
            response, 'href="/insights/map/flows.csv?from=2026-11-23&amp;to=2026-11-29"'
        )

    def test_the_csv_has_the_table_s_rows(self) -> None:
        self.login(self.grace)
        response = self.client.get(CSV, {"focus": "payroll", **WEEK_QUERY})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn(
            'filename="insights-map-team-payroll-2026-11-23-2026-11-29.csv"',
            response["Content-Disposition"],
        )
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        self.assertEqual(rows[0][:3], ["From (the customer)", "To (the supplier)", "Requests"])
        self.assertEqual(
            rows[1:],
            [
                ["IT Service Desk", "Payroll", "1", "1", "2", ""],
                ["Sales West", "Payroll", "1", "1", "4", ""],
                ["Payroll", "IT Service Desk", "1", "0", "", ""],
            ],
        )

    def test_a_team_name_a_spreadsheet_would_run_stays_text(self) -> None:
        team = org.create_team(name="=HYPERLINK(1)", key_prefix="HYP")
        person = make_person(team=team)
        ask(at(24, 9), person, self.laptop)
        refresh(WEEK.start, WEEK.end, NOW)
        self.login(self.root)
        rows = list(csv.reader(io.StringIO(self.client.get(CSV, WEEK_QUERY).content.decode())))
        self.assertIn(["'=HYPERLINK(1)", "IT Service Desk", "1", "0", "", ""], rows)


class BadInputTests(FlowsTestCase):
    def test_wrong_choices_are_named_and_nothing_is_drawn(self) -> None:
        self.login(self.erin)
        for params, text in (
            ({"from": "2026-11-29", "to": "2026-11-23"}, "To: The period ends before it starts."),
            ({"from": "yesterday"}, "From: Enter a valid date."),
            ({"colour": "purple"}, "Colour by: Select a valid choice."),
        ):
            with self.subTest(params=params):
                response = self.client.get(MAP, params)
                self.assertEqual(response.status_code, 422)
                self.assertContains(response, text, status_code=422)
                self.assertNotContains(response, 'class="cm"', status_code=422)
                partial = self.client.get(MAP, params, headers=HTMX)
                self.assertEqual(partial.status_code, 422)
        response = self.client.get(CSV, {"to": "2999-01-01"})
        self.assertEqual(response.status_code, 422)
        self.assertIn("To: Choose a day up to today", response.content.decode())

    def test_htmx_gets_the_map_alone_with_the_period_out_of_band(self) -> None:
        self.login(self.erin)
        response = self.client.get(MAP, WEEK_QUERY, headers=HTMX)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertNotIn("<html", html)
        self.assertIn('class="cm" role="img"', html)
        self.assertIn('id="period-fields" hx-swap-oob="true"', html)


class QueryTests(FlowsTestCase):
    def test_the_page_partial_and_csv_do_not_grow_with_teams_or_requests(self) -> None:
        self.login(self.erin)
        urls = {
            "page": (f"{MAP}?from=2026-11-23&to=2026-11-29", {}),
            "team": (f"{MAP}?focus=it-service-desk&from=2026-11-23&to=2026-11-29", {}),
            "partial": (f"{MAP}?from=2026-11-23&to=2026-11-29&colour=sla", HTMX),
            "csv": (f"{CSV}?from=2026-11-23&to=2026-11-29", {}),
        }
        before = {name: count_queries(self.client, url, **h)[0] for name, (url, h) in urls.items()}
        more_customers(self, 6)
        for name, (url, headers) in urls.items():
            with self.subTest(name=name):
                count, sql = count_queries(self.client, url, **headers)
                self.assertEqual(count, before[name], sql)
        response = self.client.get(urls["page"][0])
        self.assertEqual(len(response.context["network"].nodes), 9)
