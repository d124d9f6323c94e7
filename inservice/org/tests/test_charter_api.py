"""The vision and the charters over the API: everyone with a token reads them (404 when there is
none), a team's leads and administrators PUT its charter with a read and write token; refusals
are 422s naming the field."""

from __future__ import annotations

from typing import Any

from inservice.org.choices import TokenScope
from inservice.org.models import Person
from inservice.org.models_charter import Charter
from inservice.org.services_charter import VisionDraft, save_charter, save_vision
from inservice.org.tests.api_support import API, ApiTestCase, make_service
from inservice.org.tests.charter_support import agreement, draft


def body(**values: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "mission": "Keep every colleague working.",
        "hours": "On call at night.",
        "reach": "Email [us](mailto:it@example.org).",
        "commitments": "- Locked accounts within the hour.",
    }
    data.update(values)
    return data


class CharterApiTests(ApiTestCase):
    path = "/teams/it-service-desk/charter"

    def put(self, person: Person, data: dict[str, Any], scope: str = TokenScope.WRITE) -> Any:
        return self.client.put(
            API + self.path, data, content_type="application/json", headers=self.auth(person, scope)
        )

    def test_it_reads_the_charter_with_what_is_live_beside_it(self) -> None:
        save_charter(self.erin, self.it, draft())
        agreement(self.erin, self.it, self.sales, "IT and Sales West")
        response = self.get(self.path, self.alice, TokenScope.READ)
        self.assertEqual(response.status_code, 200, response.content)
        charter = response.json()
        self.assertEqual(charter["team"], {"slug": "it-service-desk", "name": "IT Service Desk"})
        self.assertEqual(charter["mission"], "Keep every colleague working.")
        self.assertEqual(charter["services"], [{"slug": self.laptop.slug, "name": "New laptop"}])
        self.assertEqual(
            charter["working_week"],
            {
                "calendar": "",
                "time_zone": "UTC",
                "hours": [{"days": "Monday to Friday", "spans": "09:00-17:00"}],
                "public_holidays": "",
            },
        )
        self.assertIn('<a href="mailto:it@example.org"', charter["reach_html"])
        self.assertEqual(
            [
                (a["title"], a["provider"]["slug"], a["receiver"]["slug"])
                for a in charter["agreements"]
            ],
            [("IT and Sales West", "it-service-desk", "sales-west")],
        )
        self.assertTrue(charter["agreements"][0]["url"].startswith("/workflows/agreements/"))
        self.assertEqual((charter["version"], charter["updated_by"]["name"]), (1, "Erin Lead"))

    def test_no_charter_or_no_team_is_a_404(self) -> None:
        self.assertEqual(self.get(self.path, self.alice).status_code, 404)
        self.assertEqual(self.get("/teams/nope/charter", self.alice).status_code, 404)

    def test_a_lead_puts_the_first_charter_201_then_changes_it_200(self) -> None:
        created = self.put(self.erin, body(version=0))
        self.assertEqual(created.status_code, 201, created.content)
        self.assertEqual(created.json()["version"], 1)
        changed = self.put(self.erin, body(mission="Shorter.", version=1))
        self.assertEqual(changed.status_code, 200, changed.content)
        self.assertEqual((changed.json()["mission"], changed.json()["version"]), ("Shorter.", 2))
        self.assertEqual(Charter.objects.get().mission, "Shorter.")

    def test_refusals_are_422s_naming_the_field_and_nothing_is_stored(self) -> None:
        cases: list[tuple[dict[str, Any], list[str | int], str]] = [
            (body(mission=""), ["body", "mission"], "Say in a sentence what the team is for."),
            (body(mission="m" * 301), ["body", "mission"], "at most 300 characters"),
            (body(reach="<b>hi</b>"), ["body", "reach"], "HTML is not allowed in a charter"),
            (
                body(commitments="[x](javascript:alert(1))"),
                ["body", "commitments"],
                "found javascript:",
            ),
            (body(hours=5), ["body", "hours"], "Expected a string."),
            (body(colour="blue"), ["body", "colour"], "not accepted"),
            ({"hours": "x"}, ["body", "mission"], "required"),
            (body(version=4), ["body", "version"], "Someone else changed the charter"),
        ]
        for data, loc, text in cases:
            with self.subTest(loc=loc, text=text):
                self.assertProblem(self.put(self.erin, data), loc, text)
        self.assertFalse(Charter.objects.exists())

    def test_others_may_not_put_and_read_only_tokens_may_not_either(self) -> None:
        for person in (self.carol, self.grace):
            with self.subTest(person=person.username):
                response = self.put(person, body())
                self.assertEqual(response.status_code, 403, response.content)
                self.assertIn("leads and administrators", response.json()["detail"])
        self.assertEqual(self.put(self.erin, body(), TokenScope.READ).status_code, 403)
        self.assertEqual(self.put(self.root, body()).status_code, 201)  # administrators may
        self.assertEqual(Charter.objects.get().updated_by, self.root)

    def test_reading_a_charter_takes_a_fixed_number_of_queries(self) -> None:
        save_charter(self.erin, self.it, draft())
        before = self.count_queries(self.path, self.alice)
        for _ in range(4):
            make_service(self.it, self.erin)
            agreement(self.erin, self.it, self.payroll)
        after = self.count_queries(self.path, self.alice)
        self.assertQueriesFlat(before, after)
        self.assertEqual(len(self.get(self.path, self.alice).json()["agreements"]), 4)


class VisionApiTests(ApiTestCase):
    def test_it_reads_the_vision_and_404s_when_there_is_none(self) -> None:
        self.assertEqual(self.get("/vision", self.alice).status_code, 404)
        save_vision(self.root, VisionDraft("Help, the first time.", "**Ask once.**"))
        response = self.get("/vision", self.alice, TokenScope.READ)
        self.assertEqual(response.status_code, 200, response.content)
        vision = response.json()
        self.assertEqual(
            (vision["statement"], vision["text"], vision["version"], vision["updated_by"]["name"]),
            ("Help, the first time.", "**Ask once.**", 1, "Root Admin"),
        )
        self.assertEqual(vision["text_html"], "<p><strong>Ask once.</strong></p>")
