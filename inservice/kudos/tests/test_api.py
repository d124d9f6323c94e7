"""Kudos over the API: the wall with its filters and cursor pages, giving (refusals are 422s
naming the field, nothing stored), taking back within the window, a lead hiding one, a person's
kudos; what the caller may not see is a 404 or left out."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import time_machine
from django.test import override_settings

from inservice.kudos.models import Kudos
from inservice.kudos.tests.support import MONDAY, KudosTestCase
from inservice.org.choices import TokenScope
from inservice.org.tests.api_support import API, ApiTestCase, make_person, make_team

LATER = MONDAY + timedelta(hours=1)


class KudosApiTests(KudosTestCase, ApiTestCase):
    def delete(self, path: str, person: Any) -> Any:
        return self.client.delete(API + path, headers=self.auth(person))

    def test_the_wall_lists_kudos_newest_first_with_filters(self) -> None:
        self.give(self.alice, [self.carol], message="To IT", values=[self.caring])
        self.give(self.bob, [self.dave], message="To Payroll", values=[self.integrity], at=LATER)
        self.give(self.bob, [self.alice], message="Old", at=MONDAY - timedelta(days=40))
        with time_machine.travel(LATER, tick=False):
            items = self.get("/kudos", self.grace).json()["items"]
            self.assertEqual([i["message"] for i in items], ["To Payroll", "To IT", "Old"])
            first = items[1]
            self.assertEqual(first["giver"], {"id": self.alice.pk, "name": "Alice Asker"})
            self.assertEqual(
                first["recipients"],
                [
                    {
                        "person": {"id": self.carol.pk, "name": "Carol Agent"},
                        "team": None,
                        "cross_team": True,
                    }
                ],
            )
            self.assertEqual(first["values"], [{"slug": "caring", "name": "Caring"}])
            self.assertIsNone(first["request"])
            self.assertFalse(first["hidden"])
            self.assertIsNone(first["deletable_until"])
            for params, expected in (
                ({"team": self.it.slug}, ["To IT"]),
                ({"value": "integrity"}, ["To Payroll"]),
                ({"period": "30d"}, ["To Payroll", "To IT"]),
            ):
                with self.subTest(params=params):
                    found = self.get("/kudos", self.grace, **params).json()["items"]
                    self.assertEqual([i["message"] for i in found], expected)
            self.assertEqual(self.get("/kudos", self.grace, team="nobody").status_code, 404)
            self.assertProblem(self.get("/kudos", self.grace, value="x"), ["query", "value"])
            self.assertProblem(self.get("/kudos", self.grace, period="2d"), ["query", "period"])

    @override_settings(KUDOS_DAILY_LIMIT=50)
    def test_it_pages_by_cursor_and_keeps_its_query_count(self) -> None:
        self.give(message="First")
        few = self.count_queries("/kudos", self.erin, limit=2)
        for n in range(6):
            team = make_team()
            ticket = self.resolved(subject=f"Request {n}")
            self.give(make_person(team=team), [self.carol], [team], message=f"Team {n}")
            self.give(self.alice, [self.carol, self.erin], message=f"For {n}", ticket=ticket)
        self.assertQueriesFlat(few, self.count_queries("/kudos", self.erin, limit=2))
        seen, cursor = [], None
        while True:
            params: dict[str, Any] = {"limit": 5, **({"cursor": cursor} if cursor else {})}
            page = self.get("/kudos", self.erin, **params).json()
            seen += [i["id"] for i in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        self.assertEqual(len(seen), 13)
        self.assertEqual(len(set(seen)), 13)
        self.assertProblem(self.get("/kudos", self.erin, cursor="nonsense"), ["query", "cursor"])

    def test_giving_answers_the_kudos_with_its_delete_window(self) -> None:
        ticket = self.resolved()
        body = {
            "people": [self.carol.pk],
            "teams": [self.it.slug],
            "values": ["caring", "follow-through"],
            "message": "Ready before my pitch!",
            "request": ticket.key.lower(),
        }
        with time_machine.travel(MONDAY, tick=False):
            response = self.post("/kudos", self.alice, body)
        self.assertEqual(response.status_code, 201, response.content)
        made = response.json()
        self.assertEqual(made["request"], {"key": ticket.key, "subject": ticket.subject})
        self.assertEqual(made["deletable_until"], "2026-11-23T10:10:00Z")
        self.assertEqual([v["slug"] for v in made["values"]], ["caring", "follow-through"])
        self.assertEqual(len(made["recipients"]), 2)
        kudos = Kudos.objects.get()
        self.assertEqual(kudos.ticket, ticket)
        # Bob may not see alice's request: the kudos is "for a request", unnamed.
        seen_by_bob = self.get(f"/kudos/{kudos.pk}", self.bob).json()
        self.assertIsNone(seen_by_bob["request"])
        self.assertTrue(seen_by_bob["for_a_request"])

    def test_bad_input_is_a_422_naming_the_field_and_nothing_is_stored(self) -> None:
        ok: dict[str, Any] = {"people": [self.alice.pk], "values": ["caring"], "message": "Hi"}
        cases: list[tuple[dict[str, Any], list[str | int], str]] = [
            ({**ok, "people": [self.carol.pk]}, ["body", "people"], "yourself"),
            ({**ok, "message": ""}, ["body", "message"], "needs a message"),
            ({**ok, "message": "x" * 1001}, ["body", "message"], "at most 1000 characters"),
            ({**ok, "values": []}, ["body", "values"], "at least one of our values"),
            ({**ok, "values": ["kindness"]}, ["body", "values"], "kindness"),
            ({**ok, "people": [99999]}, ["body", "people"], "99999"),
            ({**ok, "people": [], "teams": ["nobody"]}, ["body", "teams"], "nobody"),
            ({**ok, "people": []}, ["body", "people"], "Choose who"),
            ({**ok, "request": "SW-404"}, ["body", "request"], "No request you can see"),
            ({**ok, "people": ["alice"]}, ["body", "people", 0], "whole number"),
            ({**ok, "mood": "happy"}, ["body", "mood"], "not accepted"),
        ]
        for body, loc, text in cases:
            with self.subTest(loc=loc, text=text):
                self.assertProblem(self.post("/kudos", self.carol, body), loc, text)
        self.assertFalse(Kudos.objects.exists())

    @override_settings(KUDOS_DAILY_LIMIT=1)
    def test_beyond_the_daily_limit_is_a_422(self) -> None:
        body = {"people": [self.alice.pk], "values": ["caring"], "message": "Hi"}
        self.assertEqual(self.post("/kudos", self.carol, body).status_code, 201)
        self.assertProblem(self.post("/kudos", self.carol, body), ["body"], "for today")
        self.assertEqual(Kudos.objects.count(), 1)

    def test_its_giver_deletes_it_within_the_window_only(self) -> None:
        kudos = self.give()
        with time_machine.travel(MONDAY + timedelta(minutes=3), tick=False):
            self.assertEqual(self.delete(f"/kudos/{kudos.pk}", self.carol).status_code, 404)
            read_only = self.client.delete(
                API + f"/kudos/{kudos.pk}", headers=self.auth(self.alice, TokenScope.READ)
            )
            self.assertEqual(read_only.status_code, 403)
        late = self.give(message="Later one")
        with time_machine.travel(MONDAY + timedelta(minutes=12), tick=False):
            self.assertProblem(self.delete(f"/kudos/{late.pk}", self.alice), ["body"], "10 minutes")
        with time_machine.travel(MONDAY + timedelta(minutes=3), tick=False):
            self.assertEqual(self.delete(f"/kudos/{kudos.pk}", self.alice).status_code, 204)
        self.assertEqual(list(Kudos.objects.all()), [late])

    def test_a_lead_hides_one_and_others_then_see_it_no_more(self) -> None:
        kudos = self.give()
        path = f"/kudos/{kudos.pk}/hide"
        self.assertEqual(self.post(path, self.grace, {"reason": "No."}).status_code, 404)
        self.assertProblem(self.post(path, self.erin, {"reason": " "}), ["body", "reason"])
        hidden = self.post(path, self.erin, {"reason": "Private matter."})
        self.assertEqual(hidden.status_code, 200, hidden.content)
        self.assertEqual(hidden.json()["message"], "")
        self.assertEqual(hidden.json()["hidden_reason"], "Private matter.")
        self.assertEqual(self.get(f"/kudos/{kudos.pk}", self.bob).status_code, 404)
        self.assertEqual(self.get("/kudos", self.bob).json()["items"], [])
        self.assertEqual(len(self.get("/kudos", self.alice).json()["items"]), 1)

    def test_a_person_s_kudos_received_or_given(self) -> None:
        self.give(self.alice, [self.carol], message="To Carol")
        self.give(self.carol, [self.dave], message="From Carol")
        path = f"/people/{self.carol.pk}/kudos"
        received = self.get(path, self.bob).json()["items"]
        given = self.get(path, self.bob, direction="given").json()["items"]
        self.assertEqual([i["message"] for i in received], ["To Carol"])
        self.assertEqual([i["message"] for i in given], ["From Carol"])
        self.assertEqual(self.get("/people/99999/kudos", self.bob).status_code, 404)
        few = self.count_queries(path, self.bob)
        for n in range(4):
            self.give(make_person(team=make_team()), [self.carol], message=f"More {n}")
        self.assertQueriesFlat(few, self.count_queries(path, self.bob))

    def test_the_organisation_s_values(self) -> None:
        values = self.get("/kudos/values", self.bob).json()
        self.assertEqual(
            [v["slug"] for v in values], ["caring", "competence", "integrity", "follow-through"]
        )
        self.assertEqual(values[0]["description"], "Treats your problem as theirs.")
