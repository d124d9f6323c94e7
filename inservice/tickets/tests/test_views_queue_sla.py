"""Service levels where people look: the queue's due column, sort and views, each agent's
availability, and the time left that requesters see on "My requests" and the portal."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from html import unescape
from typing import Any

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.org import services as org
from inservice.org.tests.api_support import ApiTestCase, make_person
from inservice.sla import services as sla
from inservice.sla.calendar import Interval
from inservice.test import BaseTestCase
from inservice.tickets import services
from inservice.tickets.choices import Priority
from inservice.tickets.models import Ticket

MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # IT: Mon-Fri 09:00-17:00 UTC


def cells(html: str, label: str) -> list[str]:
    """The text of every cell of one column (by its data-label), top to bottom."""
    found = re.findall(rf'<td[^>]*data-label="{label}"[^>]*>(.*?)</td>', html, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", unescape(c))).strip() for c in found]


def availability_bar(html: str) -> list[tuple[str, str, str]]:
    """Each agent of the bar above the queue: (name, badge colour, what the badge says)."""
    bar = re.search(r'<p[^>]*id="team-availability"[^>]*>(.*?)</p>', html, re.S)
    assert bar is not None, "no availability bar on the page"
    found = re.findall(
        r'<span>\s*([^<]*?)\s*<span class="badge badge-(\w+)">([^<]*)</span>\s*</span>',
        bar.group(1),
    )
    return [(unescape(name), badge, unescape(label)) for name, badge, label in found]


def queries_of(captured: CaptureQueriesContext) -> tuple[int, str]:
    """How many queries, and their SQL to print when a count assertion fails."""
    return len(captured), "\n".join(q["sql"] for q in captured.captured_queries)


class DueColumnTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("tickets:queue", args=[self.it.slug])
        self.login(self.carol)

    def ask_at(self, moment: datetime, **kwargs: Any) -> Ticket:
        with time_machine.travel(moment, tick=False):
            return self.ask(**kwargs)

    def get(self, moment: datetime, **params: Any) -> Any:
        with time_machine.travel(moment, tick=False):
            response = self.client.get(self.url, params)
        self.assertEqual(response.status_code, 200)
        return response

    def keys(self, response: Any) -> list[str]:
        return [t.key for t in response.context["tickets"]]

    def test_it_sorts_by_what_is_due_soonest_and_keeps_priority_order_on_offer(self) -> None:
        sla.save_policy(
            self.laptop,
            Priority.URGENT,
            first_response_minutes=30,
            resolution_minutes=480,
            update_every_minutes=None,
        )
        low = self.ask_at(MONDAY_10, priority=Priority.LOW)  # due 14:00
        waiting = self.ask_at(MONDAY_10)  # no due time while it waits: last
        with time_machine.travel(MONDAY_10, tick=False):
            services.transition(self.carol, waiting, "wait")
        normal = self.ask_at(MONDAY_10 + timedelta(minutes=5))  # due 14:05
        urgent = self.ask_at(MONDAY_10 + timedelta(minutes=5), priority=Priority.URGENT)  # 10:35
        response = self.get(MONDAY_10 + timedelta(minutes=15))
        self.assertEqual(self.keys(response), [urgent.key, low.key, normal.key, waiting.key])
        self.assertEqual(
            cells(response.content.decode(), "Due"),
            [
                "due in 20 business minutes 23 Nov, 11:35",  # Carol reads Berlin time
                "due in 3 business hours 23 Nov, 15:00",
                "due in 3 business hours 23 Nov, 15:05",
                "paused while waiting on the requester",
            ],
        )
        by_priority = self.get(MONDAY_10 + timedelta(minutes=15), sort="priority")
        self.assertEqual(self.keys(by_priority), [urgent.key, waiting.key, normal.key, low.key])
        self.assertContains(response, '<option value="due" selected>Due soonest</option>')
        self.assertContains(response, "Priority, then oldest")

    def test_it_shows_at_risk_and_breached_requests_with_badges_views_and_counts(self) -> None:
        breached = self.ask_at(MONDAY_10)  # at risk 13:00, due 14:00
        at_risk = self.ask_at(MONDAY_10 + timedelta(hours=1))  # at risk 14:00, due 15:00
        fine = self.ask_at(MONDAY_10 + timedelta(hours=3, minutes=30))
        moment = MONDAY_10 + timedelta(hours=4, minutes=10)
        with time_machine.travel(moment, tick=False), self.captureOnCommitCallbacks(execute=True):
            sla.sweep(moment)
        response = self.get(moment)
        counts = {v.slug: n for v, n in response.context["views"]}
        self.assertEqual((counts["at_risk"], counts["breached"]), (1, 1))
        self.assertEqual(
            cells(response.content.decode(), "Due"),
            [
                "Breached breached 10 min ago 23 Nov, 15:00",
                "At risk due in 50 business minutes 23 Nov, 16:00",
                "due in 3 business hours 24 Nov, 10:30",  # 13:30 UTC + 4 h: Tuesday morning
            ],
        )
        self.assertContains(response, '<span class="badge badge-danger">Breached</span>')
        self.assertContains(response, '<span class="badge badge-warn">At risk</span>')
        self.assertEqual(self.keys(self.get(moment, view="at_risk")), [at_risk.key])
        self.assertEqual(self.keys(self.get(moment, view="breached")), [breached.key])
        self.assertEqual(self.keys(self.get(moment, health="breached")), [breached.key])
        self.assertNotIn(fine.key, self.keys(self.get(moment, health=["at_risk", "breached"])))

    def test_it_names_an_unknown_service_level_filter(self) -> None:
        response = self.client.get(self.url, {"health": "doomed"})
        self.assertContains(response, "Service level:", status_code=422)

    def test_it_shows_each_agents_availability_and_flags_requests_of_someone_away(self) -> None:
        hana = make_person(name="Hana Helper", team=self.it)  # available: the default
        ivo = make_person(name="Ivo Intern", team=self.it)
        with time_machine.travel(MONDAY_10, tick=False):
            held = services.assign(self.carol, self.ask(subject="Held"), self.carol)
            busy = services.assign(self.erin, self.ask(subject="Busy"), self.erin)
            parked = services.assign(self.erin, self.ask(subject="Parked"), ivo)
            org.set_availability(self.carol, "out_of_office", until=date(2026, 12, 4))
            org.set_availability(self.erin, "busy")
            org.set_availability(ivo, "away")
        # Before the reassignment task runs (on commit), Carol's request waits on nobody.
        response = self.get(MONDAY_10)
        html = response.content.decode()

        self.assertEqual(
            availability_bar(html),
            [
                ("Carol Agent", "danger", "Out of office until 4 Dec"),
                ("Erin Lead", "warn", "Busy"),
                (hana.name, "ok", "Available"),
                (ivo.name, "muted", "Away"),
            ],
        )
        flag = "⚑ Nobody is on it while they are away"
        self.assertEqual(
            dict(zip(self.keys(response), cells(html, "Assignee"), strict=True)),
            {
                held.key: f"Carol Agent Out of office until 4 Dec {flag}",
                busy.key: "Erin Lead Busy",  # busy is not away: no flag
                parked.key: f"Ivo Intern Away {flag}",
            },
        )
        self.assertEqual(html.count('data-flag="absent"'), 2)
        self.assertContains(response, "Carol Agent (out of office until 4 Dec)</option>")
        self.assertContains(response, "Erin Lead (Busy)</option>")
        self.assertContains(response, "Hana Helper (Available)</option>")
        self.assertContains(response, "Ivo Intern (Away)</option>")


class BoundedQueueTests(BaseTestCase):
    def test_it_reads_the_queue_with_due_words_and_badges_in_a_fixed_number_of_queries(
        self,
    ) -> None:
        berlin = sla.save_calendar(
            None,
            name="IT hours",
            time_zone="Europe/Berlin",
            intervals=[Interval(day, 8 * 60, 18 * 60) for day in range(5)],
        )
        org.set_calendar(self.it, berlin)
        self.login(self.carol)
        url = reverse("tickets:queue", args=[self.it.slug])

        def rows(n: int) -> None:
            # Every kind of row: assigned to someone away, waiting (no due time), unassigned.
            for i in range(n):
                ticket = self.ask(priority=1 + i % 4)
                if i % 3 == 0:
                    services.assign(self.carol, ticket, self.erin)
                elif i % 3 == 1:
                    services.transition(self.carol, ticket, "wait")

        org.set_availability(self.erin, "away")

        def count(params: dict[str, str]) -> tuple[int, str]:
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(url, params).status_code, 200)
            return queries_of(queries)

        rows(3)
        params = [{}, {"view": "breached"}, {"sort": "due", "page": "1"}]
        before = [count(p)[0] for p in params]
        rows(20)
        for p, few in zip(params, before, strict=True):
            with self.subTest(params=p):
                many, sql = count(p)
                self.assertEqual(many, few, sql)

    def test_it_reads_the_queue_in_the_same_queries_however_many_team_members(self) -> None:
        self.login(self.carol)
        url = reverse("tickets:queue", args=[self.it.slug])
        with time_machine.travel(MONDAY_10, tick=False):
            services.assign(self.erin, self.ask(), self.carol)

        def count() -> tuple[int, str, str]:
            with (
                time_machine.travel(MONDAY_10, tick=False),
                CaptureQueriesContext(connection) as queries,
            ):
                response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            return *queries_of(queries), response.content.decode()

        few, _sql, _html = count()
        statuses = ["available", "busy", "away", "out_of_office"]
        with time_machine.travel(MONDAY_10, tick=False):
            for n in range(12):
                member = make_person(name=f"Member {n:02}", team=self.it)
                status = statuses[n % len(statuses)]
                until = date(2026, 12, 4) if status == "out_of_office" else None
                org.set_availability(member, status, until=until)

        many, sql, html = count()

        self.assertEqual(many, few, sql)
        bar = availability_bar(html)
        self.assertEqual(len(bar), 14)  # Carol, Erin and the twelve: the bar really grew
        self.assertIn(("Member 03", "danger", "Out of office until 4 Dec"), bar)
        self.assertIn(("Member 02", "muted", "Away"), bar)


class RequesterTimeLeftTests(BaseTestCase):
    def test_it_tells_the_requester_when_an_answer_is_due_on_my_requests_and_the_portal(
        self,
    ) -> None:
        with time_machine.travel(MONDAY_10, tick=False):
            running = self.ask()
        with time_machine.travel(MONDAY_10 + timedelta(minutes=1), tick=False):
            waiting = self.ask()
            services.transition(self.carol, waiting, "wait")
        self.login(self.alice)
        with time_machine.travel(MONDAY_10 + timedelta(hours=1), tick=False):
            mine = self.client.get(reverse("tickets:mine")).content.decode()
            portal = self.client.get(reverse("portal:home")).content.decode()
        for html in (mine, portal):
            with self.subTest(page="mine" if html is mine else "portal"):
                self.assertEqual(
                    cells(html, "Time left"),
                    ["paused while waiting on you", "answer due in 3 business hours"],
                )
        self.assertIn(running.key, portal)

    def test_it_marks_a_late_answer(self) -> None:
        with time_machine.travel(MONDAY_10, tick=False):
            self.ask()
        self.login(self.alice)
        with time_machine.travel(MONDAY_10 + timedelta(hours=6), tick=False):
            html = self.client.get(reverse("tickets:mine")).content.decode()
        self.assertEqual(cells(html, "Time left"), ["Late answer was due 2 h ago"])

    def test_it_reads_my_requests_with_time_left_in_a_fixed_number_of_queries(self) -> None:
        berlin = sla.save_calendar(
            None,
            name="Payroll hours",
            time_zone="Europe/Berlin",
            intervals=[Interval(day, 8 * 60, 16 * 60) for day in range(5)],
        )
        org.set_calendar(self.payroll, berlin)
        self.login(self.alice)

        pages = {"mine": reverse("tickets:mine"), "portal": reverse("portal:home")}

        def count(url: str) -> tuple[int, str, str]:
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            return *queries_of(queries), response.content.decode()

        self.ask()
        self.ask(service=self.payslip)
        before = {page: count(url)[0] for page, url in pages.items()}
        for n in range(20):
            self.ask(service=self.payslip if n % 2 else self.laptop)
        rows = {"mine": 22, "portal": 5}  # the portal shows the five latest
        for page, url in pages.items():
            with self.subTest(page=page):
                many, sql, html = count(url)
                self.assertEqual(many, before[page], sql)
                self.assertEqual(len(cells(html, "Time left")), rows[page])


class ApiDueSortTests(ApiTestCase):
    def test_it_walks_the_queue_due_soonest_by_cursor_with_paused_requests_last(self) -> None:
        made = []
        for i in range(8):
            with time_machine.travel(MONDAY_10 + timedelta(minutes=i), tick=False):
                ticket = self.ask(self.alice)
                if i % 3 == 0:
                    services.transition(self.carol, ticket, "wait")  # no due time
            made.append(ticket)

        def walk(**params: Any) -> list[str]:
            seen: list[str] = []
            cursor = None
            while True:
                query = {"limit": 3, **params, **({"cursor": cursor} if cursor else {})}
                page = self.get("/teams/it-service-desk/queue", self.carol, **query).json()
                seen.extend(t["key"] for t in page["items"])
                cursor = page["next_cursor"]
                if cursor is None:
                    return seen

        running = [t.key for i, t in enumerate(made) if i % 3]
        paused = [t.key for i, t in enumerate(made) if not i % 3]
        self.assertEqual(walk(), running + paused)  # due soonest is the default
        self.assertEqual(walk(sort="due"), running + paused)
        self.assertEqual(walk(sort="priority"), [t.key for t in made])
