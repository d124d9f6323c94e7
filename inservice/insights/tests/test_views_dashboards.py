"""The dashboard pages with the real figures, over requests asked, answered and resolved through
the services and counted by the rollups: every scope shows its figures, the tables show what the
figure functions compute (checked by hand for a few), the comparison with the period before, the
figures partial, and a number of queries that does not grow with the requests."""

from __future__ import annotations

from datetime import timedelta

from inservice.insights.exports import text_rows
from inservice.insights.figures import registry
from inservice.insights.scope import Scope, ScopeKind
from inservice.insights.tests.dashboard_support import (
    HTMX,
    MARCH,
    MARCH_QUERY,
    MONDAY,
    RequestsTestCase,
    count_queries,
)
from inservice.org.tests.api_support import make_person

TEAM = "/insights/teams/it-service-desk/"
CAROL = "/insights/teams/it-service-desk/agents/carol/"


def keys(kind: ScopeKind, *, names_agents: bool = True) -> list[str]:
    return [s.key for s in registry.for_scope(kind) if names_agents or not s.names_agents]


class DashboardPagesTests(RequestsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.march()

    def test_each_scope_shows_every_figure_the_viewer_may_see_in_order(self) -> None:
        service = f"/insights/services/{self.laptop.slug}/"
        for person, url, expected in (
            (self.root, "/insights/", keys(ScopeKind.ORGANISATION)),
            (self.grace, "/insights/", keys(ScopeKind.ORGANISATION)),
            (self.erin, TEAM, keys(ScopeKind.TEAM)),
            (self.carol, TEAM, keys(ScopeKind.TEAM, names_agents=False)),
            (self.erin, service, keys(ScopeKind.SERVICE)),
            (self.carol, "/insights/me/", keys(ScopeKind.AGENT)),
            (self.erin, CAROL, keys(ScopeKind.AGENT)),
        ):
            with self.subTest(person=person.username, url=url):
                self.login(person)
                response = self.client.get(url, MARCH_QUERY)
                self.assertEqual(response.status_code, 200)
                shown = [view.key for view in response.context["figures"]]
                self.assertEqual(shown, expected)
                for key in shown:
                    self.assertContains(response, f'<figure class="card insight" id="figure-{key}"')
        self.assertIn("workload", keys(ScopeKind.TEAM))
        self.assertNotIn("workload", keys(ScopeKind.TEAM, names_agents=False))

    def test_the_tables_show_what_the_figure_functions_compute(self) -> None:
        self.login(self.erin)
        response = self.client.get(TEAM, MARCH_QUERY)
        scope = Scope.of_team(self.it)
        for view in response.context["figures"]:
            with self.subTest(figure=view.key):
                spec = registry.get(view.key)
                assert spec is not None
                figure = spec.compute(scope, MARCH)
                self.assertEqual(view.rows, text_rows(figure))
                self.assertEqual(view.figure.columns, figure.columns)
                for row in view.rows[:3]:
                    cells = "".join(f"<td>{cell or '—'}</td>" for cell in row[1:])
                    self.assertContains(response, f'<tr><th scope="row">{row[0]}</th>{cells}</tr>')

    def test_the_numbers_are_the_requests_asked_and_resolved(self) -> None:
        self.login(self.erin)
        response = self.client.get(TEAM, MARCH_QUERY)
        views = {view.key: view for view in response.context["figures"]}
        volume = views["volume"]
        self.assertEqual(volume.figure.columns[0], "Day or week")
        by_day = {row[0]: row[-1] for row in volume.rows}
        self.assertEqual(
            (by_day["2026-03-02"], by_day["2026-03-03"], by_day["2026-03-04"]), ("1", "1", "0")
        )
        self.assertEqual(views["workload"].rows, [["Carol Agent", "1", "1", "0", "100"]])
        self.assertContains(response, '<tr><th scope="row">Carol Agent</th><td>1</td>')

    def test_each_figure_is_compared_with_the_period_before(self) -> None:
        self.login(self.erin)
        response = self.client.get(TEAM, MARCH_QUERY)
        self.assertContains(
            response, "From 1 Mar 2026 to 7 Mar 2026 (7 days), compared with the 7 days before"
        )
        body = response.content.decode()
        start = body.index('data-figure="volume" data-stat="0"')
        asked = body[start : body.index("</div>", start)]
        self.assertIn('<a href="#figure-volume">Requests asked</a>', asked)
        self.assertIn('<p class="stat-value">2</p>', asked)
        self.assertIn("up 1 (better)", asked)
        self.assertIn("Previous period: 1", asked)

    def test_a_service_counts_its_own_requests_and_the_organisation_every_team_s(self) -> None:
        self.login(self.grace)
        payslip = self.client.get(f"/insights/services/{self.payslip.slug}/", MARCH_QUERY)
        volume = next(v for v in payslip.context["figures"] if v.key == "volume")
        self.assertEqual([(s.value, s.previous) for s in volume.stats], [("1", "")])
        organisation = self.client.get("/insights/", MARCH_QUERY)
        volume = next(v for v in organisation.context["figures"] if v.key == "volume")
        self.assertEqual([(s.value, s.previous) for s in volume.stats], [("3", "1")])

    def test_an_agent_s_view_counts_their_own_work_only(self) -> None:
        self.asked(MONDAY + timedelta(hours=2), self.bob, resolved_by=self.erin)
        self.refresh()
        for person, url in ((self.carol, "/insights/me/"), (self.erin, CAROL)):
            with self.subTest(person=person.username):
                self.login(person)
                response = self.client.get(url, MARCH_QUERY)
                workload = next(v for v in response.context["figures"] if v.key == "workload")
                self.assertEqual([row[0] for row in workload.rows], ["Carol Agent"])
        self.login(self.erin)
        team = self.client.get(TEAM, MARCH_QUERY)
        workload = next(v for v in team.context["figures"] if v.key == "workload")
        self.assertEqual(sorted(row[0] for row in workload.rows), ["Carol Agent", "Erin Lead"])

    def test_the_period_form_reloads_the_figures_alone(self) -> None:
        self.login(self.erin)
        response = self.client.get(TEAM, MARCH_QUERY, headers=HTMX)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "<html")
        self.assertContains(response, '<figure class="card insight" id="figure-volume"')
        self.assertContains(response, 'id="figure-data-volume" type="application/json"')

    def test_a_lead_finds_the_team_s_services_and_agents_a_member_only_services(self) -> None:
        self.login(self.erin)
        response = self.client.get(TEAM, MARCH_QUERY)
        self.assertContains(response, f'href="/insights/services/{self.laptop.slug}/"')
        self.assertContains(response, f'href="{CAROL}"')
        self.login(self.carol)
        response = self.client.get(TEAM, MARCH_QUERY)
        self.assertContains(response, f'href="/insights/services/{self.laptop.slug}/"')
        self.assertNotContains(response, "/agents/")


class DashboardQueryCountTests(RequestsTestCase):
    def more_requests(self) -> None:
        """Another department asking, more requests on every day, resolved by other agents."""
        assert self.sales.parent is not None
        people = [make_person(team=self.payroll) for _ in range(3)]
        for n, person in enumerate(people):
            for day in range(5):
                at = MONDAY + timedelta(days=day, hours=n)
                self.asked(at, person, resolved_by=self.erin if day % 2 else self.carol)
                self.asked(at, person, self.payslip, resolved_by=self.dave)
        self.refresh()

    def test_pages_and_partials_read_the_same_number_of_queries_with_more_requests(self) -> None:
        self.march()
        query = "?from=2026-03-01&to=2026-03-07"
        pages = (
            (self.root, f"/insights/{query}"),
            (self.erin, f"{TEAM}{query}"),
            (self.carol, f"{TEAM}{query}"),
            (self.erin, f"/insights/services/{self.laptop.slug}/{query}"),
            (self.carol, f"/insights/me/{query}"),
            (self.erin, f"{CAROL}{query}"),
        )
        before = {}
        for person, url in pages:
            self.login(person)
            before[person.username, url] = (
                count_queries(self.client, url),
                count_queries(self.client, url, **HTMX),
            )
        self.more_requests()
        for person, url in pages:
            with self.subTest(person=person.username, url=url):
                self.login(person)
                (page, page_sql), (partial, partial_sql) = before[person.username, url]
                self.assertEqual(count_queries(self.client, url)[0], page, page_sql)
                self.assertEqual(count_queries(self.client, url, **HTMX)[0], partial, partial_sql)

    def test_a_page_reads_a_bounded_number_of_queries(self) -> None:
        self.march()
        self.login(self.erin)
        count, sql = count_queries(self.client, f"{TEAM}?from=2026-03-01&to=2026-03-07")
        # The session and the viewer, memberships, the team, the links (3), then the figures:
        # a few queries each, whatever the data (decision 0034).
        self.assertLess(count, 8 + 5 * len(keys(ScopeKind.TEAM)), sql)


class WayInTests(RequestsTestCase):
    def test_the_top_bar_leads_agents_and_administrators_to_insights(self) -> None:
        for person, shown in (
            (self.carol, True),
            (self.erin, True),
            (self.root, True),
            (self.alice, False),
        ):
            with self.subTest(person=person.username):
                self.login(person)
                response = self.client.get("/requests/")
                self.assertEqual(
                    '<a href="/insights/" >Insights</a>' in response.content.decode(), shown
                )

    def test_the_team_and_service_pages_link_their_dashboards(self) -> None:
        self.login(self.carol)
        team = self.client.get(f"/directory/teams/{self.it.slug}/")
        self.assertContains(team, f'href="/insights/teams/{self.it.slug}/"')
        self.login(self.erin)
        service = self.client.get(f"/services/{self.laptop.slug}/")
        self.assertContains(service, f'href="/insights/services/{self.laptop.slug}/"')
        self.login(self.bob)
        self.assertNotContains(self.client.get(f"/directory/teams/{self.it.slug}/"), "/insights/")
