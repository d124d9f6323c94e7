"""The team queue: views and counts, filters, search, sorting, pages, bulk assignment."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.catalog import services as catalog
from inservice.test import BaseTestCase
from inservice.tickets import services
from inservice.tickets.choices import Priority
from inservice.tickets.models import SavedView, Ticket
from inservice.tickets.views.queue import PAGE_SIZE


class QueueTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.carol)
        self.url = reverse("tickets:queue", args=[self.it.slug])

    def keys(self, response: object) -> list[str]:
        tickets = response.context["tickets"]  # type: ignore[attr-defined]
        return [t.key for t in tickets]

    def test_it_shows_open_requests_by_priority_then_age(self) -> None:
        low = self.ask(subject="low", priority=Priority.LOW)
        old_normal = self.ask(subject="normal old")
        urgent = self.ask(subject="urgent", priority=Priority.URGENT)
        new_normal = self.ask(subject="normal new")
        done = services.transition(self.carol, self.ask(subject="done"), "resolve")
        self.ask(service=self.payslip)  # another team's request
        response = self.client.get(self.url, {"sort": "priority"})  # the default: due soonest
        self.assertEqual(self.keys(response), [urgent.key, old_normal.key, new_normal.key, low.key])
        self.assertNotContains(response, done.key + "<")

    def test_it_counts_every_view_in_one_go(self) -> None:
        mine = services.assign(self.carol, self.ask(), self.carol)
        self.ask()
        services.transition(self.carol, self.ask(), "wait")
        services.transition(self.carol, self.ask(), "resolve")
        response = self.client.get(self.url)
        counts = {v.slug: n for v, n in response.context["views"]}
        self.assertEqual(
            counts,
            {
                "open": 3,
                "mine": 1,
                "unassigned": 2,
                "at_risk": 0,
                "breached": 0,
                "waiting": 1,
                "resolved": 1,
            },
        )
        self.assertEqual(self.keys(self.client.get(self.url + "?view=mine")), [mine.key])

    def test_it_filters_by_status_priority_assignee_and_service(self) -> None:
        other_service = catalog.create_service(
            self.it, name="VPN access", summary="VPN.", accountable=self.erin
        )
        a = services.assign(self.carol, self.ask(priority=Priority.HIGH), self.erin)
        b = self.ask(service=other_service, answers={})
        waiting = services.transition(self.carol, self.ask(), "wait")
        self.assertEqual(self.keys(self.client.get(self.url, {"status": "waiting"})), [waiting.key])
        self.assertEqual(self.keys(self.client.get(self.url, {"priority": Priority.HIGH})), [a.key])
        self.assertEqual(self.keys(self.client.get(self.url, {"assignee": self.erin.pk})), [a.key])
        self.assertEqual(
            self.keys(self.client.get(self.url, {"service": other_service.pk})), [b.key]
        )
        self.assertEqual(
            self.keys(
                self.client.get(self.url, {"service": str(self.laptop.pk), "assignee": "none"})
            ),
            [waiting.key],
        )

    def test_it_searches_by_key_or_text(self) -> None:
        wanted = self.ask(subject="Screen flickers")
        self.ask(subject="Keyboard")
        self.assertEqual(
            self.keys(self.client.get(self.url, {"q": wanted.key.lower()})), [wanted.key]
        )
        self.assertEqual(self.keys(self.client.get(self.url, {"q": "flicker"})), [wanted.key])

    def test_it_names_a_bad_filter_and_shows_nothing_else(self) -> None:
        self.ask()
        response = self.client.get(
            self.url, {"status": "lost", "priority": "9", "assignee": "everyone"}
        )
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Status: Select a valid choice.", status_code=422)
        self.assertContains(
            response, "Assignee: Choose me, unassigned or a person.", status_code=422
        )
        self.assertEqual(self.keys(response), [])

    def test_it_sorts_newest_first_when_asked(self) -> None:
        first, second = self.ask(), self.ask()
        self.assertEqual(
            self.keys(self.client.get(self.url, {"sort": "newest"})), [second.key, first.key]
        )

    def test_it_pages_through_the_queue(self) -> None:
        for _ in range(PAGE_SIZE + 3):
            self.ask()
        first = self.client.get(self.url)
        second = self.client.get(self.url, {"view": "open", "page": "2"})
        self.assertEqual(len(self.keys(first)), PAGE_SIZE)
        self.assertEqual(len(self.keys(second)), 3)
        self.assertFalse(set(self.keys(first)) & set(self.keys(second)))

    def test_it_answers_htmx_with_the_table_only(self) -> None:
        self.ask()
        response = self.client.get(self.url, {"status": "open"}, HTTP_HX_REQUEST="true")
        self.assertNotContains(response, "<html")
        self.assertContains(response, "IT-1")

    def test_it_is_only_for_the_team(self) -> None:
        for outsider in (self.alice, self.dave, self.root):
            self.login(outsider)
            self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_bulk_assigns_the_selected_requests(self) -> None:
        a, b, c = self.ask(), self.ask(), self.ask()
        response = self.client.post(
            reverse("tickets:bulk_assign", args=[self.it.slug]),
            {"keys": [a.key, b.key], "assignee": self.erin.pk, "query": "status=open"},
        )
        self.assertRedirects(
            response, self.url + "?status=open", status_code=303, fetch_redirect_response=False
        )
        assignees = dict(Ticket.objects.values_list("key", "assignee__username"))
        self.assertEqual(assignees, {a.key: "erin", b.key: "erin", c.key: None})

    def test_it_refuses_a_bulk_assignment_to_an_outsider(self) -> None:
        a = self.ask()
        response = self.client.post(
            reverse("tickets:bulk_assign", args=[self.it.slug]),
            {"keys": [a.key], "assignee": self.dave.pk},
            follow=True,
        )
        self.assertContains(response, "Choose a member of IT Service Desk.")
        a.refresh_from_db()
        self.assertIsNone(a.assignee)

    def test_it_saves_a_personal_view_and_leads_share_one(self) -> None:
        self.ask(priority=Priority.URGENT)
        self.client.post(
            reverse("tickets:save_view", args=[self.it.slug]),
            {"name": "Urgent", "query": "status=open&priority=1"},
        )
        view = SavedView.objects.get()
        self.assertEqual((view.owner, view.team), (self.carol, self.it))
        response = self.client.get(self.url, {"view": f"saved-{view.pk}"})
        self.assertEqual(len(self.keys(response)), 1)
        self.client.post(
            reverse("tickets:save_view", args=[self.it.slug]),
            {"name": "Shared", "query": "status=open", "shared": "on"},
        )
        self.assertEqual(SavedView.objects.count(), 1)  # only a lead shares
        self.login(self.erin)
        self.client.post(
            reverse("tickets:save_view", args=[self.it.slug]),
            {"name": "Shared", "query": "status=open", "shared": "on"},
        )
        self.assertTrue(SavedView.objects.filter(name="Shared", owner__isnull=True).exists())
        erin_views = [v.name for v, _ in self.client.get(self.url).context["views"]]
        self.assertIn("Shared", erin_views)
        self.assertNotIn("Urgent", erin_views)  # carol's personal view

    def test_it_reads_the_queue_with_a_bounded_number_of_queries(self) -> None:
        def count(params: dict[str, str]) -> int:
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(self.url, params).status_code, 200)
            return len(queries)

        services.assign(self.carol, self.ask(), self.carol)  # every filter below matches a row
        params: list[dict[str, str]] = [
            {},
            {"service": str(self.laptop.pk), "assignee": str(self.carol.pk)},
            {"q": "laptop"},
        ]
        before = [count(p) for p in params]
        for n in range(30):
            ticket = self.ask(asker=self.bob if n % 2 else self.alice)
            services.assign(self.carol, ticket, self.carol if n % 3 else self.erin)
        self.assertEqual([count(p) for p in params], before)


class MyRequestsTests(BaseTestCase):
    def test_it_lists_what_i_asked_and_what_was_asked_for_me(self) -> None:
        mine = self.ask(self.alice)
        for_me = self.ask(self.bob, requester=self.alice)
        self.ask(self.bob)
        self.login(self.alice)
        response = self.client.get(reverse("tickets:mine"))
        self.assertEqual([t.key for t in response.context["tickets"]], [for_me.key, mine.key])

    def test_it_splits_open_and_done(self) -> None:
        open_one = self.ask()
        done = services.transition(self.carol, self.ask(), "resolve")
        self.login(self.alice)
        self.assertEqual(
            [t.key for t in self.client.get(reverse("tickets:mine")).context["tickets"]],
            [open_one.key],
        )
        self.assertEqual(
            [
                t.key
                for t in self.client.get(reverse("tickets:mine"), {"state": "done"}).context[
                    "tickets"
                ]
            ],
            [done.key],
        )

    def test_it_reads_my_requests_with_a_bounded_number_of_queries(self) -> None:
        self.ask()
        self.login(self.alice)
        with CaptureQueriesContext(connection) as first:
            self.client.get(reverse("tickets:mine"), {"state": "all"})
        for n in range(25):
            ticket = self.ask(service=self.payslip if n % 2 else self.laptop)
            services.assign(
                self.carol if ticket.team == self.it else self.dave,
                ticket,
                self.carol if ticket.team == self.it else self.dave,
            )
        with CaptureQueriesContext(connection) as second:
            response = self.client.get(reverse("tickets:mine"), {"state": "all"})
        self.assertEqual(len(response.context["tickets"]), 25)
        self.assertEqual(len(second), len(first))


class QueueFilterFormTests(BaseTestCase):
    def test_it_reads_the_any_option_of_the_filter_form_as_no_filter(self) -> None:
        urgent = self.ask(priority=Priority.URGENT)
        self.login(self.carol)
        response = self.client.get(
            reverse("tickets:queue", args=[self.it.slug]),
            {
                "q": "",
                "status": "open",
                "priority": "",
                "assignee": "",
                "service": "",
                "sort": "priority",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual([t.key for t in response.context["tickets"]], [urgent.key])


class CappedCountTests(BaseTestCase):
    def test_it_counts_views_and_pages_exactly_up_to_the_cap_and_says_so_beyond(self) -> None:
        from unittest import mock

        for _ in range(4):
            self.ask()
        self.login(self.carol)
        url = reverse("tickets:queue", args=[self.it.slug])
        with (
            mock.patch("inservice.tickets.queue.COUNT_CAP", 3),
            mock.patch("inservice.lib.paging.ROW_CAP", 3),
        ):
            response = self.client.get(url)
        self.assertContains(response, '<span class="n">3+</span>', html=False)
        self.assertContains(response, "3+ requests")
        response = self.client.get(url)
        self.assertContains(response, '<span class="n">4</span>', html=False)
        self.assertContains(response, "· 4 requests")
