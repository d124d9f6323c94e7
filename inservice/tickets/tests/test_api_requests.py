"""Asking and following requests over the API: what is created, who sees what, paging and cost."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from inservice.notifications.choices import Kind
from inservice.notifications.models import Delivery, Notification
from inservice.org.tests.api_support import ApiTestCase
from inservice.tickets import services
from inservice.tickets.choices import Channel
from inservice.tickets.lifecycle import Action
from inservice.tickets.models import Ticket


class CreateRequestTests(ApiTestCase):
    def laptop_body(self, **body: Any) -> dict[str, Any]:
        return {
            "service": self.laptop.slug,
            "subject": "Laptop for the pitch",
            "description": "By **Friday** please.",
            "answers": {"model": "Standard"},
            **body,
        }

    def test_it_opens_a_request_the_portal_shows_and_announces(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            response = self.post("/requests", self.alice, self.laptop_body())
        self.assertEqual(response.status_code, 201, response.content)
        created = response.json()
        self.assertTrue(created["key"].startswith("IT-"))
        self.assertEqual((created["status"], created["channel"]), ("new", "api"))
        self.assertEqual(created["answers"], {"model": "Standard"})
        detail = self.get(f"/requests/{created['key']}", self.alice).json()
        self.assertEqual(detail["timeline"][0]["kind"], "created")
        ticket = Ticket.objects.get(key=created["key"])
        self.assertEqual((ticket.requester, ticket.channel), (self.alice, Channel.API))

        self.login(self.alice)
        page = self.client.get(reverse("tickets:detail", args=[ticket.key]))
        self.assertContains(page, "Laptop for the pitch")
        self.assertContains(self.client.get(reverse("tickets:mine")), ticket.key)

        notice = Notification.objects.get(recipient=self.alice, ticket=ticket)
        self.assertEqual(notice.kind, Kind.RECEIVED)
        self.assertTrue(Delivery.objects.filter(recipient=self.alice, ticket=ticket).exists())

    def test_it_asks_on_behalf_of_someone_with_watchers(self) -> None:
        body = self.laptop_body(on_behalf_of=self.bob.pk, watchers=["erin@example.org", "carol"])
        response = self.post("/requests", self.alice, body)
        self.assertEqual(response.status_code, 201, response.content)
        created = response.json()
        self.assertEqual(created["requester"], {"id": self.bob.pk, "name": "Bob Bystander"})
        self.assertEqual(created["submitted_by"]["id"], self.alice.pk)
        detail = self.get(f"/requests/{created['key']}", self.alice).json()
        self.assertEqual({w["name"] for w in detail["watchers"]}, {"Erin Lead", "Carol Agent"})
        # Bob finds it among his requests though Alice asked.
        keys = [t["key"] for t in self.get("/requests", self.bob).json()["items"]]
        self.assertEqual(keys, [created["key"]])


class MyRequestsTests(ApiTestCase):
    def test_it_lists_what_i_asked_or_was_asked_for_me(self) -> None:
        mine = self.ask(self.alice)
        for_me = self.ask(self.bob, requester=self.alice)
        self.ask(self.bob)
        response = self.get("/requests", self.alice)
        self.assertEqual(response.status_code, 200)
        keys = [t["key"] for t in response.json()["items"]]
        self.assertEqual(keys, [for_me.key, mine.key])  # newest first

    def test_it_filters_by_state(self) -> None:
        done = self.ask(self.alice)
        services.transition(self.alice, done, Action.CANCEL)
        still_open = self.ask(self.alice)
        self.assertEqual(
            [t["key"] for t in self.get("/requests", self.alice).json()["items"]], [still_open.key]
        )
        self.assertEqual(
            [t["key"] for t in self.get("/requests", self.alice, state="done").json()["items"]],
            [done.key],
        )
        self.assertEqual(len(self.get("/requests", self.alice, state="all").json()["items"]), 2)
        self.assertProblem(self.get("/requests", self.alice, state="later"), ["query", "state"])

    def test_it_lists_my_requests_in_constant_queries(self) -> None:
        for _ in range(2):
            self.ask(self.alice)
        before = self.count_queries("/requests", self.alice)
        for service in (self.laptop, self.payslip, self.er_case, self.payslip):
            self.ask(self.alice, service)
        services.assign(self.carol, self.ask(self.alice), self.carol)
        self.assertQueriesFlat(before, self.count_queries("/requests", self.alice))


class RequestVisibilityTests(ApiTestCase):
    def test_it_shows_the_requester_their_request(self) -> None:
        ticket = self.ask(self.alice)
        response = self.get(f"/requests/{ticket.key}", self.alice)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["key"], ticket.key)
        self.assertEqual([m["action"] for m in response.json()["transitions"]], ["cancel"])

    def test_it_answers_404_for_someone_elses_request(self) -> None:
        ticket = self.ask(self.alice)
        self.assertEqual(self.get(f"/requests/{ticket.key}", self.bob).status_code, 404)
        self.assertEqual(self.get(f"/requests/{ticket.key}", self.dave).status_code, 404)

    def test_it_answers_404_for_a_confidential_request_to_another_team(self) -> None:
        ticket = self.ask(self.alice, self.er_case, subject="A concern")
        for outsider in (self.carol, self.erin, self.root, self.bob):
            with self.subTest(outsider=outsider.username):
                self.assertEqual(self.get(f"/requests/{ticket.key}", outsider).status_code, 404)
        self.assertEqual(self.get(f"/requests/{ticket.key}", self.frank).status_code, 200)

    def test_it_answers_404_for_an_unknown_key(self) -> None:
        response = self.get("/requests/IT-999", self.carol)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json(), {"detail": "Not found."})

    def test_it_never_shows_internal_notes_to_the_requester(self) -> None:
        ticket = self.ask(self.alice)
        services.reply(self.carol, ticket, "Public: on its way", internal=False)
        services.reply(self.carol, ticket, "Secret: check the budget", internal=True)
        services.transfer(
            self.carol, ticket, self.payroll, "Handoff: budget question", reason="wrong_team"
        )
        for person, sees in ((self.alice, False), (self.carol, True), (self.dave, True)):
            with self.subTest(person=person.username):
                response = self.get(f"/requests/{ticket.key}", person)
                self.assertEqual(response.status_code, 200)
                text = response.content.decode()
                self.assertIn("Public: on its way", text)
                self.assertEqual("Secret: check the budget" in text, sees)
                self.assertEqual("Handoff: budget question" in text, sees)
                internal = [e for e in response.json()["timeline"] if e["is_internal"]]
                self.assertEqual(bool(internal), sees)


class QueueTests(ApiTestCase):
    def keys(self, person: Any = None, **params: Any) -> list[str]:
        response = self.get("/teams/it-service-desk/queue", person or self.carol, **params)
        self.assertEqual(response.status_code, 200, response.content)
        return [t["key"] for t in response.json()["items"]]

    def test_it_is_only_for_members_of_the_team(self) -> None:
        self.ask(self.alice)
        for outsider in (self.alice, self.dave, self.root):
            with self.subTest(outsider=outsider.username):
                response = self.get("/teams/it-service-desk/queue", outsider)
                self.assertEqual(response.status_code, 404)
        self.assertEqual(self.get("/teams/nowhere/queue", self.carol).status_code, 404)

    def test_it_filters_like_the_queue_page(self) -> None:
        urgent = self.ask(self.alice, priority=1)
        mine = self.ask(self.bob)
        services.assign(self.carol, mine, self.carol)
        resolved = self.ask(self.alice, subject="Broken charger")
        services.transition(self.carol, resolved, Action.RESOLVE)
        self.assertEqual(self.keys(), [urgent.key, mine.key])
        self.assertEqual(self.keys(assignee="me"), [mine.key])
        self.assertEqual(self.keys(assignee="none"), [urgent.key])
        self.assertEqual(self.keys(priority=1), [urgent.key])
        self.assertEqual(self.keys(status="resolved"), [resolved.key])
        self.assertEqual(self.keys(status=["open", "resolved"], q="charger"), [resolved.key])
        self.assertEqual(self.keys(q=mine.key.lower()), [mine.key])
        self.assertEqual(self.keys(sort="newest"), [mine.key, urgent.key])
        self.assertEqual(self.keys(service=self.laptop.slug), [urgent.key, mine.key])
        self.assertEqual(self.keys(service=str(self.laptop.pk)), [urgent.key, mine.key])

    def test_it_names_a_bad_filter(self) -> None:
        path = "/teams/it-service-desk/queue"
        self.assertProblem(self.get(path, self.carol, status="sleeping"), ["query", "status"])
        self.assertProblem(self.get(path, self.carol, assignee="bob"), ["query", "assignee"])
        self.assertProblem(self.get(path, self.carol, priority=9), ["query", "priority"])
        self.assertProblem(self.get(path, self.carol, sort="random"), ["query", "sort"])
        self.assertProblem(self.get(path, self.carol, service="payslip"), ["query", "service"])
        self.assertProblem(self.get(path, self.carol, cursor="bogus"), ["query", "cursor"])

    def test_it_never_shows_another_teams_confidential_request(self) -> None:
        concern = self.ask(self.alice, self.er_case)
        self.assertNotIn(concern.key, self.keys(status=["open", "closed"]))

    def test_it_walks_every_row_once_by_cursor(self) -> None:
        tickets = [self.ask(self.alice, priority=1 + i % 4) for i in range(8)]
        for sort in ("priority", "oldest", "newest", "updated"):
            with self.subTest(sort=sort):
                seen: list[str] = []
                cursor = None
                while True:
                    params: dict[str, Any] = {"limit": 3, "sort": sort}
                    if cursor:
                        params["cursor"] = cursor
                    page = self.get("/teams/it-service-desk/queue", self.carol, **params).json()
                    seen.extend(t["key"] for t in page["items"])
                    cursor = page["next_cursor"]
                    if cursor is None:
                        break
                self.assertEqual(len(seen), len(set(seen)))
                self.assertEqual(set(seen), {t.key for t in tickets})
                self.assertEqual(seen, self.keys(sort=sort))

    def test_it_lists_the_queue_in_constant_queries(self) -> None:
        for _ in range(2):
            self.ask(self.alice)
        before = self.count_queries("/teams/it-service-desk/queue", self.carol)
        for requester in (self.bob, self.alice, self.grace, self.bob):
            ticket = self.ask(requester)
            services.assign(self.carol, ticket, self.erin)
        path = "/teams/it-service-desk/queue"
        self.assertQueriesFlat(before, self.count_queries(path, self.carol))
        # A later page costs what the first does (the cursor is checked without a query).
        cursor = self.get(path, self.carol, limit=2).json()["next_cursor"]
        self.assertQueriesFlat(before, self.count_queries(path, self.carol, cursor=cursor))
