"""Who sees which dashboard, tried for every role against every scope through each way in: the
page, its figures partial, a figure's CSV and the API. What one may not see is a 404 in all four
(decision 0035); a figure naming agents is only for the team's leads, administrators and the
agent themselves."""

from __future__ import annotations

from unittest import mock

from inservice.insights import permissions
from inservice.insights.figures import registry
from inservice.insights.scope import Scope
from inservice.insights.tests.dashboard_support import (
    HTMX,
    MARCH_QUERY,
    STAND_INS,
    DashboardApiTestCase,
)
from inservice.org import services as org
from inservice.org.choices import Role
from inservice.org.models import Person
from inservice.org.tests.api_support import API, make_person


class PermissionsTestCase(DashboardApiTestCase):
    sales_head: Person
    loner: Person

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # The lead of the Sales department (Sales West's parent); someone in no team at all.
        assert cls.sales.parent is not None
        cls.sales_head = make_person(name="Sasha Head", team=cls.sales.parent)
        org.add_member(cls.sales.parent, cls.sales_head, Role.LEAD)
        cls.loner = make_person(name="Lou Nobody")

    def setUp(self) -> None:
        super().setUp()
        patcher = mock.patch.object(registry, "FIGURES", STAND_INS)
        patcher.start()
        self.addCleanup(patcher.stop)
        for person in (self.sales_head, self.loner):
            person.forget_memberships()

    def sees(self, person: Person, page: str, api: dict[str, str]) -> list[bool]:
        """Whether `person` gets the page, its partial, its first figure's CSV and the API."""
        self.login(person)
        found = [
            self.client.get(page, MARCH_QUERY).status_code,
            self.client.get(page, MARCH_QUERY, headers=HTMX).status_code,
            self.client.get(f"{page}figures/daily.csv", MARCH_QUERY).status_code,
            self.api("/insights/figures", person, **api, **MARCH_QUERY).status_code,
        ]
        for status in found:
            self.assertIn(status, (200, 404))
        return [status == 200 for status in found]


class ScopeTests(PermissionsTestCase):
    def test_the_organisation_is_for_administrators_and_the_leads_of_any_team(self) -> None:
        api = {"scope": "organisation"}
        for person in (self.root, self.erin, self.grace, self.frank, self.sales_head):
            with self.subTest(person=person.username):
                self.assertEqual(self.sees(person, "/insights/", api), [True] * 4)
        for person in (self.carol, self.dave, self.alice, self.loner):
            with self.subTest(person=person.username):
                self.login(person)
                self.assertEqual(self.client.get("/insights/", headers=HTMX).status_code, 404)
                csv = self.client.get("/insights/figures/daily.csv", MARCH_QUERY)
                self.assertEqual(csv.status_code, 404)
                self.assertEqual(self.api("/insights/figures", person, **api).status_code, 404)

    def test_the_organisation_page_sends_an_agent_to_their_own_and_anyone_else_to_404(
        self,
    ) -> None:
        self.login(self.carol)
        response = self.client.get("/insights/")
        self.assertRedirects(response, "/insights/me/")
        self.assertNotContains(self.client.get("/insights/me/"), "The organisation")
        self.login(self.loner)
        self.assertEqual(self.client.get("/insights/").status_code, 404)

    def test_a_team_is_for_its_members_its_department_s_leads_and_administrators(self) -> None:
        it = ("/insights/teams/it-service-desk/", {"scope": "team", "team": "it-service-desk"})
        west = (f"/insights/teams/{self.sales.slug}/", {"scope": "team", "team": self.sales.slug})
        for person, (page, api), allowed in (
            (self.carol, it, True),
            (self.erin, it, True),
            (self.root, it, True),
            (self.grace, it, False),  # a lead of another team
            (self.dave, it, False),
            (self.alice, it, False),
            (self.loner, it, False),
            (self.alice, west, True),  # a member
            (self.sales_head, west, True),  # the lead of its department
            (self.erin, west, False),
        ):
            with self.subTest(person=person.username, page=page):
                self.assertEqual(self.sees(person, page, api), [allowed] * 4)

    def test_a_service_is_for_whoever_sees_its_team(self) -> None:
        slug = self.laptop.slug
        page, api = f"/insights/services/{slug}/", {"scope": "service", "service": slug}
        for person, allowed in (
            (self.carol, True),
            (self.erin, True),
            (self.root, True),
            (self.grace, False),
            (self.alice, False),
        ):
            with self.subTest(person=person.username):
                self.assertEqual(self.sees(person, page, api), [allowed] * 4)

    def test_a_confidential_service_is_for_its_team_too(self) -> None:
        slug = self.er_case.slug
        page, api = f"/insights/services/{slug}/", {"scope": "service", "service": slug}
        self.assertEqual(self.sees(self.frank, page, api), [True] * 4)
        self.assertEqual(self.sees(self.erin, page, api), [False] * 4)

    def test_an_agent_s_work_is_for_them_their_team_s_leads_and_administrators(self) -> None:
        page = "/insights/teams/it-service-desk/agents/carol/"
        api = {"scope": "agent", "agent": "carol", "team": "it-service-desk"}
        for person, allowed in (
            (self.carol, True),
            (self.erin, True),
            (self.root, True),
            (self.dave, False),  # another agent
            (self.grace, False),  # a lead of another team
            (self.alice, False),
        ):
            with self.subTest(person=person.username):
                self.assertEqual(self.sees(person, page, api), [allowed] * 4)
        alice = f"/insights/teams/{self.sales.slug}/agents/alice/"
        alice_api = {"scope": "agent", "agent": "alice", "team": self.sales.slug}
        # Individual work is for the person's own leads, not their department's.
        self.assertEqual(self.sees(self.sales_head, alice, alice_api), [False] * 4)

    def test_one_s_own_view_is_per_team_one_serves_in(self) -> None:
        org.add_member(self.payroll, self.carol)
        self.carol.forget_memberships()
        self.login(self.carol)
        response = self.client.get("/insights/me/", MARCH_QUERY)
        self.assertEqual(response.context["scope"], Scope.of_agent(self.carol, self.it))
        self.assertContains(response, 'aria-label="Your teams"')
        response = self.client.get("/insights/me/", {"team": "payroll", **MARCH_QUERY})
        self.assertEqual(response.context["scope"].team, self.payroll)
        self.assertEqual(
            self.client.get("/insights/me/", {"team": "employee-relations"}).status_code, 404
        )
        self.login(self.loner)
        self.assertEqual(self.client.get("/insights/me/").status_code, 404)
        self.assertEqual(self.client.get("/insights/me/figures/daily.csv").status_code, 404)

    def test_unknown_teams_services_and_agents_are_404(self) -> None:
        self.login(self.root)
        for url in (
            "/insights/teams/nowhere/",
            "/insights/services/nothing/",
            "/insights/teams/it-service-desk/agents/nobody/",
            "/insights/teams/it-service-desk/agents/dave/",  # not in that team
            "/insights/teams/nowhere/figures/daily.csv",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)


class AgentNamesTests(PermissionsTestCase):
    def test_a_member_sees_no_per_agent_rows_anywhere(self) -> None:
        self.login(self.carol)
        team = "/insights/teams/it-service-desk/"
        self.assertNotContains(self.client.get(team, MARCH_QUERY), "per_agent")
        csv = self.client.get(f"{team}figures/per_agent.csv", MARCH_QUERY)
        self.assertEqual(csv.status_code, 404)
        api = {"scope": "team", "team": "it-service-desk", **MARCH_QUERY}
        keys = [f["key"] for f in self.api("/insights/figures", self.carol, **api).json()["items"]]
        self.assertNotIn("per_agent", keys)
        self.assertEqual(
            self.api("/insights/figures/per_agent", self.carol, **api).status_code, 404
        )

    def test_the_team_s_lead_and_the_agent_themselves_do(self) -> None:
        self.login(self.erin)
        team = "/insights/teams/it-service-desk/"
        self.assertEqual(
            self.client.get(f"{team}figures/per_agent.csv", MARCH_QUERY).status_code, 200
        )
        self.login(self.carol)
        own = self.client.get("/insights/me/figures/per_agent.csv", MARCH_QUERY)
        self.assertEqual(own.status_code, 200)
        api = {"scope": "agent", "agent": "carol", **MARCH_QUERY}
        self.assertEqual(
            self.api("/insights/figures/per_agent", self.carol, **api).status_code, 200
        )

    def test_figures_for_leaves_out_only_the_figures_naming_agents(self) -> None:
        member = [s.key for s in permissions.figures_for(self.carol, Scope.of_team(self.it))]
        lead = [s.key for s in permissions.figures_for(self.erin, Scope.of_team(self.it))]
        self.assertEqual(lead, ["daily", "ranked", "waits", "per_agent", "empty"])
        self.assertEqual(member, ["daily", "ranked", "waits", "empty"])
        service = [s.key for s in permissions.figures_for(self.erin, Scope.of_service(self.laptop))]
        self.assertEqual(
            service, ["daily", "waits", "per_agent", "empty"]
        )  # ranked: not for services


class ApiWithoutTokenTests(PermissionsTestCase):
    def test_no_token_is_a_401(self) -> None:
        response = self.client.get(f"{API}/insights/figures")
        self.assertEqual(response.status_code, 401)
