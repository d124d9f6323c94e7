"""The handoff report page under /manage/: the leads' figures, who may see it, and its cost."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.org import services as org
from inservice.org.models import Person
from inservice.sla import services as sla
from inservice.sla.calendar import Interval
from inservice.tickets.tests.handoff_data import NOW, HandoffHistory

URL = reverse("tickets_manage:handoff_report")
HTMX = {"HX-Request": "true"}


def cells(html: str) -> dict[str, dict[str, str]]:
    """Each row of the table by its pair ("it-service-desk/payroll"), its cells by column."""
    rows = {}
    for pair, body in re.findall(r'<tr data-pair="([^"]+)">(.*?)</tr>', html, re.S):
        rows[pair] = {
            name: unescape(re.sub(r"<[^>]+>", " ", value)).strip()
            for name, value in re.findall(r'data-col="(\w+)">(.*?)</td>', body, re.S)
        }
    return rows


class HandoffReportPageTests(HandoffHistory):
    def get(self, viewer: Person, **params: str) -> Any:
        self.login(viewer)
        with time_machine.travel(NOW, tick=False):
            return self.client.get(URL, params)

    def test_it_shows_a_lead_the_figures_of_each_pair_of_their_teams(self) -> None:
        self.build_history()
        response = self.get(self.erin)
        self.assertEqual(response.status_code, 200)
        rows = cells(response.content.decode())
        self.assertEqual(
            rows["it-service-desk/payroll"],
            {
                "transfers": "3",
                "acted": "2",
                "median": "1 business hour",  # 90 minutes, rounded down
                "p90": "1 business hour",  # 114 minutes
                "bounces": "1",
                "reasons": "Sent to the wrong team: 2 Needs another team's expertise: 1",
            },
        )
        self.assertEqual(rows["payroll/it-service-desk"]["median"], "30 business minutes")
        self.assertEqual(rows["it-service-desk/employee-relations"]["p90"], "10 business minutes")
        self.assertContains(response, "28 Aug 2026 to 25 Nov 2026")  # the last 90 days

    def test_it_shows_only_the_pairs_of_the_teams_the_viewer_leads(self) -> None:
        self.build_history()
        for viewer, pairs in (
            (self.grace, {"it-service-desk/payroll", "payroll/it-service-desk"}),
            (self.frank, {"it-service-desk/employee-relations"}),
            (
                self.root,
                {
                    "it-service-desk/payroll",
                    "payroll/it-service-desk",
                    "it-service-desk/employee-relations",
                },
            ),
        ):
            with self.subTest(viewer=viewer.username):
                self.assertEqual(set(cells(self.get(viewer).content.decode())), pairs)

    def test_it_answers_404_to_anyone_who_leads_no_team(self) -> None:
        self.build_history()
        for viewer in (self.carol, self.dave, self.alice):
            with self.subTest(viewer=viewer.username):
                self.assertEqual(self.get(viewer).status_code, 404)

    def test_it_narrows_to_one_team_and_another_period(self) -> None:
        self.build_history()
        rows = cells(self.get(self.root, team="employee-relations").content.decode())
        self.assertEqual(set(rows), {"it-service-desk/employee-relations"})
        rows = cells(self.get(self.erin, start="2026-08-01", end="2026-11-25").content.decode())
        self.assertEqual(rows["it-service-desk/payroll"]["transfers"], "4")
        # A team the lead does not lead is not a choice: named, never shown.
        response = self.get(self.grace, team="employee-relations")
        self.assertContains(response, "Select a valid choice", status_code=422)
        self.assertNotContains(response, 'data-pair="', status_code=422)

    def test_it_answers_htmx_with_the_report_alone_and_422_for_a_wrong_period(self) -> None:
        self.build_history()
        self.login(self.erin)
        with time_machine.travel(NOW, tick=False):
            fragment = self.client.get(URL, {"start": "2026-11-01"}, headers=HTMX)
            wrong = self.client.get(URL, {"start": "2026-11-30", "end": "2026-11-01"}, headers=HTMX)
        self.assertContains(fragment, 'data-pair="it-service-desk/payroll"')
        self.assertNotContains(fragment, "<h1>")
        self.assertContains(wrong, "The end comes before the start.", status_code=422)
        self.assertNotContains(wrong, "<h1>", status_code=422)

    def test_it_is_linked_from_the_leads_team_page(self) -> None:
        self.login(self.erin)
        page = self.client.get(reverse("manage_org:team", args=[self.it.slug]))
        self.assertContains(page, f"{URL}?team={self.it.slug}")

    def test_it_reads_the_report_in_the_same_queries_however_many_transfers(self) -> None:
        # A calendar of its own for one receiving team: read with the stints, not once per row.
        hours = [Interval(day, 8 * 60, 18 * 60) for day in range(5)]
        berlin = sla.save_calendar(None, name="Berlin", time_zone="Europe/Berlin", intervals=hours)
        org.set_calendar(self.payroll, berlin)
        self.login(self.erin)

        def count() -> tuple[int, str]:
            with time_machine.travel(NOW, tick=False):
                self.client.get(URL)  # warms the session and the calendars: not counted
                with CaptureQueriesContext(connection) as queries:
                    response = self.client.get(URL)
            self.assertEqual(response.status_code, 200)
            return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)

        self.handed(1)
        few, _ = count()
        self.handed(8)
        many, sql = count()
        self.assertEqual(many, few, sql)
        self.assertEqual(len(cells(self.client.get(URL).content.decode())), 4)  # both ways
