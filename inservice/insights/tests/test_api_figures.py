"""The dashboards' figures over the API, shown with stand-in figures: the shape of the list and
of one figure, the scope and both periods, 422s naming the field, 404s for what the caller may
not see or what does not exist."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

from inservice.insights.exports import cell_text
from inservice.insights.figures import registry
from inservice.insights.scope import ScopeKind
from inservice.insights.tests.dashboard_support import (
    AS_OF,
    MARCH_QUERY,
    MONDAY,
    STAND_INS,
    DashboardApiTestCase,
    RequestsTestCase,
)
from inservice.org.tests.api_support import make_person

TEAM = {"scope": "team", "team": "it-service-desk"}


def keys(kind: ScopeKind) -> list[str]:
    return [s.key for s in registry.for_scope(kind)]


class StandInApiTests(DashboardApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        patcher = mock.patch.object(registry, "FIGURES", STAND_INS)
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_the_list_has_the_scope_both_periods_and_every_figure_in_order(self) -> None:
        response = self.api("/insights/figures", self.erin, **TEAM, **MARCH_QUERY)
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(
            body["scope"],
            {
                "kind": "team",
                "title": "IT Service Desk",
                "team": {"slug": "it-service-desk", "name": "IT Service Desk"},
                "service": None,
                "agent": None,
            },
        )
        self.assertEqual(body["period"], {"start": "2026-03-01", "end": "2026-03-07"})
        self.assertEqual(body["previous"], {"start": "2026-02-22", "end": "2026-02-28"})
        self.assertEqual(
            [f["key"] for f in body["items"]], ["daily", "ranked", "waits", "per_agent", "empty"]
        )
        daily = body["items"][0]
        self.assertEqual(
            set(daily),
            {
                "key",
                "title",
                "description",
                "chart",
                "unit",
                "labels",
                "series",
                "columns",
                "rows",
                "stats",
                "as_of",
                "note",
            },
        )
        self.assertEqual((daily["chart"], daily["unit"]), ("line", "count"))
        self.assertEqual(daily["labels"][:2], ["2026-03-01", "2026-03-02"])
        self.assertEqual(daily["series"][0]["values"][:3], [0.0, 1.0, 2.0])
        self.assertEqual(daily["columns"], ["Day", "Requests"])
        self.assertEqual(daily["rows"][2], ["2026-03-03", 2])
        self.assertEqual(
            daily["stats"],
            [
                {
                    "label": "Requests",
                    "value": 12.0,
                    "previous": 8.0,
                    "change": 4.0,
                    "unit": "count",
                    "target": 10.0,
                    "higher_is_better": True,
                }
            ],
        )
        self.assertEqual(daily["as_of"], AS_OF.isoformat().replace("+00:00", "Z"))
        waits = body["items"][2]
        self.assertEqual(waits["rows"], [["First response", 95.25], ["Resolution", None]])
        self.assertIsNone(waits["stats"][1]["change"])

    def test_one_figure_by_key(self) -> None:
        response = self.api("/insights/figures/ranked", self.erin, **TEAM, **MARCH_QUERY)
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["figure"]["key"], "ranked")
        self.assertEqual(body["figure"]["labels"][1], "<script>alert(1)</script>")
        self.assertEqual(body["period"], {"start": "2026-03-01", "end": "2026-03-07"})

    def test_each_scope_by_its_names(self) -> None:
        for person, params, title in (
            (self.grace, {}, "The organisation"),
            (self.root, {"scope": "organisation"}, "The organisation"),
            (self.carol, {"scope": "service", "service": self.laptop.slug}, "New laptop"),
            (self.carol, {"scope": "agent", "agent": "carol"}, "Carol Agent"),
            (
                self.erin,
                {"scope": "agent", "agent": "carol", "team": "it-service-desk"},
                "Carol Agent",
            ),
        ):
            with self.subTest(params=params):
                response = self.api("/insights/figures", person, **params, **MARCH_QUERY)
                self.assertEqual(response.status_code, 200, response.content)
                self.assertEqual(response.json()["scope"]["title"], title)

    def test_bad_input_is_a_422_naming_the_field(self) -> None:
        for params, loc, message in (
            ({"scope": "everyone"}, ["query", "scope"], "Expected one of"),
            ({"scope": "team"}, ["query", "team"], "Required for this scope."),
            ({"scope": "service"}, ["query", "service"], "Required for this scope."),
            ({"scope": "agent"}, ["query", "agent"], "Required for this scope."),
            ({**TEAM, "from": "yesterday"}, ["query", "from"], "Enter a valid date."),
            ({**TEAM, "from": "2026-03-09", "to": "2026-03-01"}, ["query", "to"], "ends before"),
            ({**TEAM, "from": "2023-01-01", "to": "2025-12-31"}, ["query", "from"], "two years"),
            ({**TEAM, "to": "2999-01-01"}, ["query", "to"], "up to today"),
        ):
            with self.subTest(params=params):
                response = self.api("/insights/figures", self.erin, **params)
                self.assertEqual(response.status_code, 422, response.content)
                [problem] = response.json()["detail"]
                self.assertEqual(problem["loc"], loc)
                self.assertIn(message, problem["msg"])

    def test_what_does_not_exist_or_may_not_be_seen_is_404(self) -> None:
        for person, path, params in (
            (self.erin, "/insights/figures/nothing", TEAM),
            (self.erin, "/insights/figures", {"scope": "team", "team": "nowhere"}),
            (self.erin, "/insights/figures", {"scope": "service", "service": "nothing"}),
            (self.erin, "/insights/figures", {"scope": "agent", "agent": "nobody"}),
            (self.erin, "/insights/figures", {"scope": "agent", "agent": "dave"}),
            (self.grace, "/insights/figures", TEAM),
            (self.carol, "/insights/figures", {"scope": "organisation"}),
            (
                self.erin,
                "/insights/figures/ranked",
                {"scope": "service", "service": self.laptop.slug},
            ),
        ):
            with self.subTest(person=person.username, path=path, params=params):
                response = self.api(path, person, **params)
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response.json(), {"detail": "Not found."})


class ApiTests(RequestsTestCase, DashboardApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.march()

    def test_the_list_has_the_numbers_of_the_dashboard(self) -> None:
        body = self.api("/insights/figures", self.erin, **TEAM, **MARCH_QUERY).json()
        self.assertEqual([f["key"] for f in body["items"]], keys(ScopeKind.TEAM))
        self.login(self.erin)
        page = self.client.get("/insights/teams/it-service-desk/", MARCH_QUERY)
        for item, view in zip(body["items"], page.context["figures"], strict=True):
            with self.subTest(figure=item["key"]):
                self.assertEqual([[cell_text(c) for c in row] for row in item["rows"]], view.rows)
                self.assertEqual([s["label"] for s in item["stats"]], [s.label for s in view.stats])
        volume = body["items"][0]
        self.assertEqual(
            (
                volume["stats"][0]["value"],
                volume["stats"][0]["previous"],
                volume["stats"][0]["change"],
            ),
            (2.0, 1.0, 1.0),
        )
        self.assertIsNotNone(volume["as_of"])

    def test_a_member_gets_no_figure_naming_agents_the_agent_their_own(self) -> None:
        member = self.api("/insights/figures", self.carol, **TEAM, **MARCH_QUERY).json()
        self.assertNotIn("workload", [f["key"] for f in member["items"]])
        own = self.api(
            "/insights/figures/workload", self.carol, scope="agent", agent="carol", **MARCH_QUERY
        )
        self.assertEqual([row[0] for row in own.json()["figure"]["rows"]], ["Carol Agent"])

    def test_the_list_reads_the_same_number_of_queries_with_more_requests(self) -> None:
        def count() -> tuple[int, str]:
            with CaptureQueriesContext(connection) as queries:
                response = self.api("/insights/figures", self.erin, **TEAM, **MARCH_QUERY)
            self.assertEqual(response.status_code, 200)
            return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)

        count()  # the token's first use is recorded once
        before, sql = count()
        for n in range(4):
            person = make_person(team=self.payroll)
            self.asked(MONDAY + timedelta(days=n), person, resolved_by=self.erin)
            self.asked(MONDAY + timedelta(days=n), person, self.payslip, resolved_by=self.dave)
        self.refresh()
        self.assertEqual(count()[0], before, sql)
