"""Query counts that do not grow with the rows: the list page and the API's list, a
retrospective's page (packet, board, actions), its partials and the API's detail, whatever the
number of retrospectives, cards, votes, actions and requests between the teams."""

from __future__ import annotations

from datetime import date, timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inservice.insights import retro_packet
from inservice.insights import services_retros as retros
from inservice.insights.models_retros import Retrospective
from inservice.insights.tests.retros_support import NOW, WEEK, WeekTestCase, at
from inservice.insights.tests.rollup_support import ask, move, rate
from inservice.insights.tests.rollup_support import refresh as refresh_rollups
from inservice.org.models import Person
from inservice.org.tests.api_support import ApiTestCase

HTMX = {"HX-Request": "true"}


class RetroQueryTests(ApiTestCase, WeekTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.made = self.make()

    def page_queries(self, person: Person, path: str, **headers: str) -> tuple[int, str]:
        self.login(person)
        self.assertEqual(self.client.get(path, headers=headers).status_code, 200)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(path, headers=headers)
        self.assertEqual(response.status_code, 200)
        return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)

    def packet_queries(self, retro: Retrospective) -> int:
        view = self.retro(self.carol, retro)
        with CaptureQueriesContext(connection) as queries, time_machine.travel(NOW, tick=False):
            retro_packet.build(view, self.carol)
        return len(queries)

    def more_of_everything(self) -> None:
        """More retrospectives; cards, votes and actions on this one and a closed previous one;
        more requests, ratings and handoffs between the teams, rolled up again."""
        for n in range(3):
            self.make(title=f"More {n}")
        for n in range(4):
            for person in (self.carol, self.dave, self.grace):
                view = self.retro(person, self.made)
                card = retros.add_card(person, view, ("well", "improve", "ideas")[n % 3], f"{n}")
                retros.toggle_vote(self.erin, self.retro(self.erin, self.made), card)
            with time_machine.travel(NOW, tick=False):
                retros.add_action(
                    self.erin,
                    self.retro(self.erin, self.made),
                    retros.ActionDraft(
                        f"Action {n}", (self.carol, self.dave)[n % 2], date(2026, 12, 9)
                    ),
                )
        for day in (23, 24, 26):
            for person in (self.dave, self.grace):
                ticket = ask(at(day, 9), person, self.laptop)
                move(at(day, 10), self.carol, ticket, "resolve")
                rate(at(day, 11), ticket, person, 3, comment=f"Fine on the {day}th.")
        refresh_rollups(WEEK.start, WEEK.end)

    def test_the_list_page_and_the_api_list_do_not_grow(self) -> None:
        page, sql = self.page_queries(self.carol, "/insights/retros/")
        api = self.count_queries("/retros", self.carol)
        self.more_of_everything()
        self.assertEqual(self.page_queries(self.carol, "/insights/retros/")[0], page, sql)
        self.assertEqual(self.count_queries("/retros", self.carol), api)

    def test_the_page_its_partials_and_the_api_s_detail_do_not_grow(self) -> None:
        # A previous retrospective with an action, so that part of the page is read too.
        before = NOW - timedelta(days=1)
        previous = self.make(now=before)
        with time_machine.travel(before, tick=False):
            retros.add_action(
                self.erin,
                self.retro(self.erin, previous),
                retros.ActionDraft("Old action", self.carol, date(2026, 12, 9)),
            )
        retros.close_retrospective(self.erin, self.retro(self.erin, previous))
        self.made = self.make()
        self.assertEqual(self.made.previous_id, previous.pk)
        path = f"/insights/retros/{self.made.pk}/"
        card = retros.add_card(self.carol, self.retro(self.carol, self.made), "well", "First")
        with time_machine.travel(NOW, tick=False):
            retros.add_action(
                self.erin,
                self.retro(self.erin, self.made),
                retros.ActionDraft("First action", self.carol, date(2026, 12, 9)),
            )

        def counts() -> dict[str, tuple[int, str]]:
            return {
                "page": self.page_queries(self.dave, path),
                "column": self.count_post(f"{path}cards/", {"column": "well", "text": "Hi"}),
                "vote": self.count_post(f"{path}cards/{card.pk}/vote/", {}),
                "api": (self.count_queries(f"/retros/{self.made.pk}", self.dave), ""),
                "packet": (self.packet_queries(self.made), ""),
            }

        found = counts()
        self.more_of_everything()
        for key, (count, sql) in counts().items():
            with self.subTest(key=key):
                self.assertEqual(count, found[key][0], sql)

    def count_post(self, path: str, data: dict[str, str]) -> tuple[int, str]:
        self.login(self.dave)
        self.client.post(path, data, headers=HTMX)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.post(path, data, headers=HTMX)
        self.assertEqual(response.status_code, 200, response.content[:300])
        return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)
