"""What a dashboard does with any figure, shown with stand-in figures (dashboard_support): a
chart's numbers through json_script, an accessible table with the same numbers as the CSV, the
headline numbers against the previous period in words, people's text kept as text, a figure
naming agents only for those who may see individuals, the period form's refusals."""

from __future__ import annotations

import json
from dataclasses import replace
from unittest import mock

from django.test import SimpleTestCase, override_settings

from inservice.insights.figures import registry
from inservice.insights.figures.base import ChartKind, Figure, Series, Unit
from inservice.insights.tests.dashboard_support import HTMX, MARCH_QUERY, STAND_INS
from inservice.insights.views.display import FigureView, value_text
from inservice.test import BaseTestCase

TEAM = "/insights/teams/it-service-desk/"


class RenderingTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        patcher = mock.patch.object(registry, "FIGURES", STAND_INS)
        patcher.start()
        self.addCleanup(patcher.stop)


class FigureRenderingTests(RenderingTestCase):
    def test_each_figure_has_a_chart_a_table_with_caption_a_csv_link_and_its_as_of_time(
        self,
    ) -> None:
        self.login(self.erin)
        response = self.client.get(TEAM, MARCH_QUERY)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<figure class="card insight" id="figure-daily"')
        self.assertContains(
            response,
            '<canvas data-figure="figure-data-daily" role="img" aria-label="Requests a day: a '
            'chart; the numbers are in the table below it.">',
        )
        self.assertContains(response, "<caption>Requests a day, 1 Mar 2026 to 7 Mar 2026</caption>")
        self.assertContains(response, '<th scope="col">Day</th><th scope="col">Requests</th>')
        self.assertContains(response, '<tr><th scope="row">2026-03-03</th><td>2</td></tr>')
        self.assertContains(
            response,
            f'<a href="{TEAM}figures/daily.csv?from=2026-03-01&amp;to=2026-03-07" download>',
        )
        self.assertContains(response, "Counted in the reporting time zone.")
        # Erin reads times in Berlin: 05:00 UTC is 06:00 there.
        self.assertContains(response, "as of 2 Mar 2026, 06:00")
        data = json.loads(self._script(response.content.decode(), "figure-data-daily"))
        self.assertEqual(data["chart"], "line")
        self.assertEqual(data["labels"][0], "2026-03-01")
        self.assertEqual(data["series"], [{"label": "Requests", "values": [0, 1, 2, 3, 4, 5, 6]}])

    def test_a_table_only_figure_has_no_canvas_and_its_table_stays_open(self) -> None:
        self.login(self.erin)
        response = self.client.get(TEAM, MARCH_QUERY)
        body = response.content.decode()
        waits = body[
            body.index('id="figure-waits"') : body.index(
                "</figure>", body.index('id="figure-waits"')
            )
        ]
        self.assertNotIn("<canvas", waits)
        self.assertIn('<details class="numbers" data-keep-open open>', waits)
        self.assertIn('<th scope="row">First response</th><td>95.25</td>', waits)
        self.assertIn('<th scope="row">Resolution</th><td>—</td>', waits)
        self.assertIn("not counted yet", waits)

    def test_an_empty_figure_says_so_and_draws_nothing(self) -> None:
        self.login(self.erin)
        response = self.client.get(TEAM, MARCH_QUERY)
        body = response.content.decode()
        empty = body[body.index('id="figure-empty"') :]
        self.assertIn("Nothing to count in this period.", empty[: empty.index("</figure>")])
        self.assertNotIn('data-figure="figure-data-empty"', body)

    def test_people_s_text_stays_text_in_the_table_and_the_chart_data(self) -> None:
        self.login(self.erin)
        response = self.client.get(TEAM, MARCH_QUERY)
        body = response.content.decode()
        self.assertNotIn("<script>alert(1)</script>", body)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", body)
        self.assertIn("Every request &lt;asked&gt; in the period", body)
        data = json.loads(self._script(body, "figure-data-ranked"))
        self.assertEqual(data["labels"][1], "<script>alert(1)</script>")  # decoded, never run
        self.assertIn("\\u003Cscript\\u003E", self._script(body, "figure-data-ranked"))

    def test_horizontal_charts_grow_with_their_categories(self) -> None:
        self.login(self.erin)
        response = self.client.get(TEAM, MARCH_QUERY)
        self.assertContains(response, '<div class="chart-box" style="height: 260px">')
        data = json.loads(self._script(response.content.decode(), "figure-data-ranked"))
        self.assertEqual(data["chart"], "horizontal")
        self.assertEqual(data["unit"], "percent")

    @staticmethod
    def _script(body: str, element_id: str) -> str:
        start = body.index(f'<script id="{element_id}" type="application/json">')
        start = body.index(">", start) + 1
        return body[start : body.index("</script>", start)]


class ComparisonTests(RenderingTestCase):
    def test_each_stat_shows_value_previous_change_in_words_and_its_target(self) -> None:
        self.login(self.erin)
        response = self.client.get(TEAM, MARCH_QUERY)
        self.assertContains(response, "Compared with the previous period")
        self.assertContains(
            response,
            "From 1 Mar 2026 to 7 Mar 2026 (7 days), compared with the 7 days before "
            "(22 Feb 2026 to 28 Feb 2026).",
        )
        body = response.content.decode()
        requests = self._stat(body, "daily", 0)
        self.assertIn('<p class="stat-figure small muted">Requests a day</p>', requests)
        self.assertIn('<p class="stat-value">12</p>', requests)
        self.assertIn('<span aria-hidden="true">▲</span> up 4 (better)', requests)
        self.assertIn("Previous period: 8 · Target: 10", requests)
        self.assertIn('<span class="badge badge-ok">met</span>', requests)
        met = self._stat(body, "ranked", 0)
        self.assertIn('<p class="stat-value">82.5%</p>', met)
        self.assertIn("▼</span> down 7.5 points (worse)", met)
        self.assertIn('<span class="badge badge-warn">missed</span>', met)
        wait = self._stat(body, "waits", 0)
        self.assertIn('<p class="stat-value">1 h 35 min</p>', wait)
        self.assertIn("down 1 h 45 min (better)", wait)  # lower is better
        longest = self._stat(body, "waits", 1)
        self.assertIn('<p class="stat-value">—</p>', longest)
        self.assertIn("no data in this period", longest)
        score = self._stat(body, "empty", 0)
        self.assertIn("no data in either period", score)
        self.assertNotIn("Previous period", score)

    def test_the_page_is_as_of_its_oldest_figure(self) -> None:
        self.login(self.erin)
        response = self.client.get(TEAM, MARCH_QUERY)
        self.assertContains(response, "Figures as of 2 Mar 2026, 06:00.")  # erin's Berlin

    @staticmethod
    def _stat(body: str, key: str, n: int) -> str:
        start = body.index(f'data-figure="{key}" data-stat="{n}"')
        return body[start : body.index("</div>", start)]


class PeriodFormTests(RenderingTestCase):
    def test_the_default_period_is_the_last_30_days_and_presets_offer_others(self) -> None:
        self.login(self.erin)
        with override_settings(INSIGHTS_TIME_ZONE="UTC"):
            response = self.client.get(TEAM)
        self.assertEqual(response.status_code, 200)
        period = response.context["period"]
        self.assertEqual(period.days, 30)
        self.assertContains(response, f'value="{period.end.isoformat()}"')
        presets = response.context["presets"]
        self.assertEqual(
            [p["label"] for p in presets],
            ["Last 7 days", "Last 30 days", "Last 90 days", "This quarter"],
        )
        self.assertEqual([p["current"] for p in presets], [False, True, False, False])
        url = presets[0]["url"].replace("&", "&amp;")
        self.assertContains(response, f'<a href="{url}" hx-get="{url}" hx-target="#dashboard"')

    def test_wrong_dates_are_named_on_the_page_with_a_422_and_no_figures(self) -> None:
        self.login(self.erin)
        for params, field, message in (
            ({"from": "2026-13-01"}, "from", "Enter a valid date."),
            ({"from": "2026-03-09", "to": "2026-03-01"}, "to", "The period ends before it starts."),
            (
                {"from": "2023-01-01", "to": "2025-12-31"},
                "from",
                "Choose a period of at most two years.",
            ),
            ({"to": "2999-01-01"}, "to", "Choose a day up to today"),
            ({"from": "1999-12-31", "to": "2000-01-31"}, "from", "Choose a day from"),
        ):
            with self.subTest(params=params):
                response = self.client.get(TEAM, params)
                self.assertEqual(response.status_code, 422)
                self.assertContains(response, message, status_code=422)
                self.assertContains(response, f'id="id_{field}_error"', status_code=422)
                self.assertContains(response, 'aria-invalid="true"', status_code=422)
                self.assertNotContains(response, "<figure", status_code=422)

    def test_two_years_exactly_are_accepted(self) -> None:
        self.login(self.erin)
        response = self.client.get(TEAM, {"from": "2024-01-01", "to": "2025-12-31"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["period"].days, 731)

    def test_htmx_gets_the_figures_alone_with_the_dates_out_of_band(self) -> None:
        self.login(self.erin)
        response = self.client.get(TEAM, MARCH_QUERY, headers=HTMX)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "<html")
        self.assertNotContains(response, "<form")
        self.assertContains(response, '<figure class="card insight" id="figure-daily"')
        self.assertContains(
            response, '<div class="period-fields" id="period-fields" hx-swap-oob="true">'
        )
        self.assertContains(response, 'name="from" value="2026-03-01"')

    def test_htmx_gets_a_422_with_the_problem_and_nothing_else(self) -> None:
        self.login(self.erin)
        response = self.client.get(TEAM, {"from": "2026-03-09", "to": "2026-03-01"}, headers=HTMX)
        self.assertEqual(response.status_code, 422)
        self.assertContains(
            response,
            '<div class="form-errors" role="alert"><p>To: The period ends before it starts.</p></div>',
            status_code=422,
            html=True,
        )
        self.assertNotContains(response, "<figure", status_code=422)
        self.assertNotContains(response, "<html", status_code=422)

    def test_back_after_htmx_lost_its_cache_gets_the_whole_page(self) -> None:
        self.login(self.erin)
        headers = {**HTMX, "HX-History-Restore-Request": "true"}
        response = self.client.get(TEAM, MARCH_QUERY, headers=headers)
        self.assertContains(response, "<html")
        self.assertContains(response, "chart-4.6.1.umd.min.js")


class AgentNamesTests(RenderingTestCase):
    def test_a_figure_naming_agents_is_for_the_team_s_leads_not_its_members(self) -> None:
        for person, shown in ((self.erin, True), (self.carol, False), (self.root, True)):
            with self.subTest(person=person.username):
                self.login(person)
                response = self.client.get(TEAM, MARCH_QUERY)
                self.assertEqual(response.status_code, 200)
                self.assertEqual('id="figure-per_agent"' in response.content.decode(), shown)
                self.assertEqual("Carol Agent</th>" in response.content.decode(), shown)

    def test_in_the_organisation_only_administrators_see_agents_named(self) -> None:
        for person, shown in ((self.root, True), (self.erin, False)):
            with self.subTest(person=person.username):
                self.login(person)
                response = self.client.get("/insights/", MARCH_QUERY)
                self.assertEqual(response.status_code, 200)
                self.assertEqual('id="figure-per_agent"' in response.content.decode(), shown)

    def test_an_agent_sees_their_own_figures_naming_them(self) -> None:
        self.login(self.carol)
        response = self.client.get("/insights/me/", MARCH_QUERY)
        self.assertContains(response, 'id="figure-per_agent"')
        self.assertContains(response, "Your own work in IT Service Desk.")


class FigureViewTests(SimpleTestCase):
    def test_a_chart_of_nothing_but_gaps_is_left_to_its_table(self) -> None:
        figure = Figure(
            key="gaps",
            title="Reopened",
            description="Share reopened.",
            chart=ChartKind.LINE,
            unit=Unit.PERCENT,
            labels=["2026-03-01", "2026-03-02"],
            series=[Series("Share", [None, None])],
            columns=["Day", "Share"],
            rows=[["2026-03-01", None], ["2026-03-02", None]],
        )
        self.assertFalse(FigureView.of(figure, "/x.csv").has_chart)
        drawn = replace(figure, series=[Series("Share", [None, 0.0])])
        self.assertTrue(FigureView.of(drawn, "/x.csv").has_chart)

    def test_minutes_read_as_hours_and_minutes(self) -> None:
        for minutes, text in (
            (0, "0 min"),
            (45.4, "45 min"),
            (60, "1 h"),
            (95, "1 h 35 min"),
            (600, "10 h"),
            (750, "12.5 h"),
        ):
            with self.subTest(minutes=minutes):
                self.assertEqual(value_text(minutes, Unit.MINUTES), text)
