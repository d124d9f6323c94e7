"""The suggestion box over the API: the board, making a suggestion (the private link given once),
one suggestion, the team's answer; refusals are 422s naming the field, the unseen 404s."""

from __future__ import annotations

import time_machine

from inservice.feedback.models.suggestions import Suggestion, SuggestionMessage
from inservice.feedback.tests.test_suggestions_support import (
    MONDAY,
    TUESDAY,
    SuggestionTestCase,
)
from inservice.org.tests.api_support import ApiTestCase, make_team


class SuggestionApiTests(SuggestionTestCase, ApiTestCase):
    def test_the_board_lists_answered_suggestions_without_anonymous_names(self) -> None:
        anonymous = self.suggest(self.alice, title="Longer hours").suggestion
        self.answer(anonymous, "planned", "From January.")
        named = self.suggest(self.bob, self.payroll, anonymous=False, title="Payslips").suggestion
        self.answer(named, "done", "Done.", person=self.grace, at=TUESDAY.replace(hour=11))
        self.suggest(title="Not answered")
        response = self.get("/suggestions", self.dave)
        self.assertEqual(response.status_code, 200, response.content)
        items = response.json()["items"]
        self.assertEqual([i["title"] for i in items], ["Payslips", "Longer hours"])
        self.assertEqual(items[0]["author"], {"id": self.bob.pk, "name": "Bob Bystander"})
        self.assertIsNone(items[1]["author"])
        self.assertTrue(items[1]["anonymous"])
        self.assertEqual(items[1]["team"], {"slug": self.it.slug, "name": "IT Service Desk"})
        self.assertEqual(items[1]["latest_answer"]["body"], "From January.")
        self.assertEqual(items[1]["latest_answer"]["new_status"], "planned")
        self.assertEqual(items[1]["created_at"], "2026-11-23T00:00:00Z")  # to the day
        only_done = self.get("/suggestions", self.dave, status="done").json()["items"]
        self.assertEqual([i["title"] for i in only_done], ["Payslips"])
        it = self.get("/suggestions", self.dave, team=self.it.slug).json()["items"]
        self.assertEqual([i["title"] for i in it], ["Longer hours"])
        self.assertEqual(self.get("/suggestions", self.dave, team="nobody").status_code, 404)
        self.assertProblem(self.get("/suggestions", self.dave, status="new"), ["query", "status"])

    def test_the_board_keeps_its_query_count(self) -> None:
        self.answer(self.suggest().suggestion, "planned")
        few = self.count_queries("/suggestions", self.dave)
        for n in range(5):
            team = make_team()
            s = self.suggest(self.bob, team, anonymous=n % 2 == 0, title=f"Idea {n}").suggestion
            self.answer(s, "done", person=self.root)
        self.assertQueriesFlat(few, self.count_queries("/suggestions", self.dave))

    @time_machine.travel(MONDAY, tick=False)
    def test_an_anonymous_suggestion_answers_with_its_private_link_once(self) -> None:
        response = self.post(
            "/suggestions", self.alice, {"team": self.it.slug, "title": "Kiosk", "body": "Please."}
        )
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertTrue(
            body["follow_url"].startswith("http://testserver/feedback/suggestions/follow/")
        )
        self.assertIsNone(body["suggestion"]["author"])
        self.assertEqual(body["suggestion"]["status"], "new")
        suggestion = Suggestion.objects.get()
        self.assertIsNone(suggestion.author)
        self.client.logout()
        self.assertContains(self.client.get(body["follow_url"]), "Kiosk")
        # Alice cannot read it back by its id: nothing says it is hers.
        self.assertEqual(self.get(f"/suggestions/{suggestion.pk}", self.alice).status_code, 404)

    @time_machine.travel(MONDAY, tick=False)
    def test_a_named_suggestion_to_the_whole_organisation(self) -> None:
        response = self.post(
            "/suggestions",
            self.bob,
            {"team": None, "title": "Free fruit", "body": "On Mondays.", "anonymous": False},
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertIsNone(response.json()["follow_url"])
        self.assertEqual(response.json()["suggestion"]["author"]["name"], "Bob Bystander")
        pk = response.json()["suggestion"]["id"]
        self.assertEqual(self.get(f"/suggestions/{pk}", self.bob).status_code, 200)

    def test_bad_input_is_a_422_naming_the_field_and_nothing_is_stored(self) -> None:
        cases: list[tuple[dict[str, object], list[str | int], str]] = [
            ({"team": self.it.slug, "title": " ", "body": "x"}, ["body", "title"], "short title"),
            (
                {"team": self.it.slug, "title": "x", "body": ""},
                ["body", "body"],
                "empty suggestion",
            ),
            ({"team": "nobody", "title": "x", "body": "y"}, ["body", "team"], "No team “nobody”."),
            ({"title": "x", "body": "y", "mood": "happy"}, ["body", "mood"], "not accepted"),
            (
                {"title": "x", "body": "y", "anonymous": "yes"},
                ["body", "anonymous"],
                "true or false",
            ),
            ({"title": "x" * 201, "body": "y"}, ["body", "title"], "at most 200 characters"),
            ({"body": "y"}, ["body", "title"], "required"),
        ]
        for body, loc, text in cases:
            with self.subTest(loc=loc, body=body):
                self.assertProblem(self.post("/suggestions", self.alice, body), loc, text)
        self.assertFalse(Suggestion.objects.exists())

    def test_one_suggestion_for_the_board_its_author_and_its_team_only(self) -> None:
        named = self.suggest(self.bob, anonymous=False).suggestion
        anonymous = self.suggest(self.alice, title="Quiet room").suggestion
        with time_machine.travel(TUESDAY, tick=False):
            self.assertEqual(self.get(f"/suggestions/{named.pk}", self.dave).status_code, 404)
            self.assertEqual(self.get(f"/suggestions/{named.pk}", self.bob).status_code, 200)
            team_view = self.get(f"/suggestions/{anonymous.pk}", self.carol)
            self.assertEqual(team_view.status_code, 200)
            self.assertEqual(team_view.json()["due_at"], "2026-12-07T17:00:00Z")
            self.assertEqual(self.get("/suggestions/12345", self.carol).status_code, 404)

    def test_the_team_answers_and_others_get_a_404(self) -> None:
        suggestion = self.suggest(self.bob, anonymous=False).suggestion
        path = f"/suggestions/{suggestion.pk}/answers"
        with time_machine.travel(TUESDAY, tick=False):
            self.assertEqual(self.post(path, self.dave, {"status": "done"}).status_code, 404)
            self.assertProblem(
                self.post(path, self.carol, {"status": "declined", "body": "No"}),
                ["body", "reason"],
                "Say why it is declined",
            )
            self.assertProblem(self.post(path, self.carol, {"body": "Hi"}), ["body", "status"])
            self.assertProblem(
                self.post(path, self.carol, {"status": "new"}),
                ["body", "status"],
                "Expected one of",
            )
            self.assertFalse(SuggestionMessage.objects.exists())
            response = self.post(path, self.carol, {"status": "planned", "body": "Next month."})
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(body["status"], "planned")
        self.assertEqual(body["first_answered_at"], "2026-11-24T09:30:00Z")
        self.assertEqual(
            [(m["side"], m["author"]["name"], m["body"]) for m in body["messages"]],
            [("team", "Carol Agent", "Next month.")],
        )
