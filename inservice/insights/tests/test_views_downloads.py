"""A figure's CSV: the columns and rows of its table on the page, as an attachment named after
the scope, the figure and the period; text a spreadsheet would run never runs; unknown figures,
figures of another scope and wrong dates are refused."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from unittest import mock

from inservice.insights.figures import registry
from inservice.insights.tests.dashboard_support import (
    MARCH_QUERY,
    MONDAY,
    STAND_INS,
    RequestsTestCase,
    count_queries,
)
from inservice.org.tests.api_support import make_person
from inservice.test import BaseTestCase

TEAM = "/insights/teams/it-service-desk/"


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode())))


class StandInDownloadTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        patcher = mock.patch.object(registry, "FIGURES", STAND_INS)
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_the_csv_is_the_table_with_a_header_as_an_attachment(self) -> None:
        self.login(self.erin)
        response = self.client.get(f"{TEAM}figures/daily.csv", MARCH_QUERY)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertEqual(
            response["Content-Disposition"],
            'attachment; filename="insights-team-it-service-desk-daily-2026-03-01-2026-03-07.csv"',
        )
        rows = read_csv(response.content)
        self.assertEqual(rows[0], ["Day", "Requests"])
        self.assertEqual(rows[1:3], [["2026-03-01", "0"], ["2026-03-02", "1"]])
        self.assertEqual(len(rows), 1 + 7)
        page = self.client.get(TEAM, MARCH_QUERY)
        table = next(v for v in page.context["figures"] if v.key == "daily").rows
        self.assertEqual(rows[1:], table)

    def test_decimals_and_missing_numbers_read_as_on_the_page(self) -> None:
        self.login(self.erin)
        rows = read_csv(self.client.get(f"{TEAM}figures/waits.csv", MARCH_QUERY).content)
        self.assertEqual(
            rows, [["Step", "Minutes"], ["First response", "95.25"], ["Resolution", ""]]
        )

    def test_text_a_spreadsheet_would_run_gets_an_apostrophe_numbers_stay_numbers(self) -> None:
        self.login(self.erin)
        rows = read_csv(self.client.get(f"{TEAM}figures/ranked.csv", MARCH_QUERY).content)
        self.assertEqual(
            rows[1:],
            [
                ['\'=HYPERLINK("http://x")', "40", "-20"],
                ["<script>alert(1)</script>", "30", "-20"],
                ["'-Minus", "20", "-20"],
                ["Plain", "10.5", "-20"],
            ],
        )

    def test_each_scope_names_its_file(self) -> None:
        self.login(self.root)
        for url, name in (
            ("/insights/figures/daily.csv", "insights-organisation-daily"),
            (
                f"/insights/services/{self.laptop.slug}/figures/daily.csv",
                f"insights-service-{self.laptop.slug}-daily",
            ),
            (
                "/insights/teams/it-service-desk/agents/carol/figures/daily.csv",
                "insights-agent-carol-it-service-desk-daily",
            ),
        ):
            with self.subTest(url=url):
                response = self.client.get(url, MARCH_QUERY)
                self.assertIn(
                    f'filename="{name}-2026-03-01-2026-03-07.csv"', response["Content-Disposition"]
                )

    def test_unknown_figures_and_figures_of_another_scope_are_404(self) -> None:
        self.login(self.erin)
        self.assertEqual(self.client.get(f"{TEAM}figures/nothing.csv").status_code, 404)
        service = f"/insights/services/{self.laptop.slug}/figures/ranked.csv"
        self.assertEqual(self.client.get(service).status_code, 404)  # a team figure only

    def test_wrong_dates_are_a_422_naming_the_field(self) -> None:
        self.login(self.erin)
        response = self.client.get(
            f"{TEAM}figures/daily.csv", {"from": "2026-03-09", "to": "2026-03-01"}
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.content.decode(), "To: The period ends before it starts.")


class DownloadTests(RequestsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.march()

    def test_each_figure_s_csv_has_the_numbers_of_its_table_on_the_page(self) -> None:
        self.login(self.erin)
        page = self.client.get(TEAM, MARCH_QUERY)
        for view in page.context["figures"]:
            with self.subTest(figure=view.key):
                response = self.client.get(f"{TEAM}figures/{view.key}.csv", MARCH_QUERY)
                self.assertEqual(response.status_code, 200)
                rows = read_csv(response.content)
                self.assertEqual(rows[0], [str(c) for c in view.figure.columns])
                self.assertEqual(rows[1:], view.rows)

    def test_the_workload_csv_names_the_agents_for_the_lead_only(self) -> None:
        self.login(self.erin)
        rows = read_csv(self.client.get(f"{TEAM}figures/workload.csv", MARCH_QUERY).content)
        self.assertEqual(rows[1], ["Carol Agent", "1", "1", "0", "100"])
        self.login(self.carol)
        self.assertEqual(
            self.client.get(f"{TEAM}figures/workload.csv", MARCH_QUERY).status_code, 404
        )
        own = read_csv(self.client.get("/insights/me/figures/workload.csv", MARCH_QUERY).content)
        self.assertEqual([row[0] for row in own[1:]], ["Carol Agent"])

    def test_a_csv_reads_the_same_number_of_queries_with_more_requests(self) -> None:
        self.login(self.erin)
        urls = [
            f"{TEAM}figures/{key}.csv?from=2026-03-01&to=2026-03-07"
            for key in ("volume", "workload", "departments")
        ]
        before = [count_queries(self.client, url) for url in urls]
        for n in range(4):
            person = make_person(team=self.payroll)
            self.asked(MONDAY + timedelta(days=n), person, resolved_by=self.erin)
        self.refresh()
        for url, (count, sql) in zip(urls, before, strict=True):
            with self.subTest(url=url):
                self.assertEqual(count_queries(self.client, url)[0], count, sql)
