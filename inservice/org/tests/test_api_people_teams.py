"""The directory over the API: people and teams, read only, paged by cursor."""

from __future__ import annotations

from typing import Any

from inservice.lib.cursor import encode
from inservice.org import services as org
from inservice.org.choices import Role
from inservice.org.tests.api_support import ApiTestCase, make_person, make_team


class PeopleTests(ApiTestCase):
    def test_it_lists_active_people_by_name(self) -> None:
        gone = make_person(name="Aaron Gone")
        gone.is_active = False
        gone.save(update_fields=["is_active"])
        response = self.get("/people", self.alice)
        self.assertEqual(response.status_code, 200)
        names = [p["name"] for p in response.json()["items"]]
        self.assertEqual(names, sorted(names))
        self.assertIn("Carol Agent", names)
        self.assertNotIn("Aaron Gone", names)

    def test_it_searches_people(self) -> None:
        response = self.get("/people", self.alice, q="carol@example")
        [carol] = response.json()["items"]
        self.assertEqual(carol["id"], self.carol.pk)
        self.assertEqual(carol["team"], {"slug": "it-service-desk", "name": "IT Service Desk"})
        self.assertEqual(carol["manager"], {"id": self.erin.pk, "name": "Erin Lead"})
        self.assertEqual(carol["location"], {"name": "Berlin HQ", "time_zone": "Europe/Berlin"})

    def test_it_walks_every_person_once_by_cursor(self) -> None:
        for _ in range(7):
            make_person()
        seen: list[int] = []
        cursor = None
        while True:
            params: dict[str, Any] = {"limit": 3, **({"cursor": cursor} if cursor else {})}
            page = self.get("/people", self.alice, **params).json()
            seen.extend(p["id"] for p in page["items"])
            cursor = page["next_cursor"]
            if cursor is None:
                break
        self.assertEqual(len(seen), len(set(seen)))
        self.assertEqual(len(seen), 15)  # the cast of 8 and 7 more

    def test_it_names_a_bad_cursor(self) -> None:
        forged = encode(["Alice", "not an id"])  # the right shape, a value of the wrong type
        for cursor in ("not-a-cursor", "WzFd", "eyJkdCI6IDF9", forged):
            with self.subTest(cursor=cursor):
                response = self.get("/people", self.alice, cursor=cursor)
                self.assertProblem(response, ["query", "cursor"], "cursor")

    def test_it_names_a_limit_out_of_range(self) -> None:
        self.assertProblem(self.get("/people", self.alice, limit=0), ["query", "limit"])

    def test_it_shows_one_person_with_teams_and_topics(self) -> None:
        org.set_key_contact(self.it, self.carol, "Laptops, phones")
        response = self.get(f"/people/{self.carol.pk}", self.bob)
        self.assertEqual(response.status_code, 200)
        person = response.json()
        self.assertEqual(
            person["memberships"],
            [{"team": {"slug": "it-service-desk", "name": "IT Service Desk"}, "role": "member"}],
        )
        self.assertEqual(person["key_contact_for"][0]["topics"], "Laptops, phones")

    def test_it_answers_404_for_someone_unknown_or_gone(self) -> None:
        gone = make_person()
        gone.is_active = False
        gone.save(update_fields=["is_active"])
        for person_id in (gone.pk, 999_999):
            with self.subTest(person_id=person_id):
                self.assertEqual(self.get(f"/people/{person_id}", self.alice).status_code, 404)

    def test_it_lists_people_in_constant_queries(self) -> None:
        team = make_team()
        boss = make_person(team=team)
        for _ in range(3):
            make_person(team=team, manager=boss)
        before = self.count_queries("/people", self.alice)
        for _ in range(6):
            make_person(team=team, manager=boss, location=org.location_named("Lisbon"))
        self.assertQueriesFlat(before, self.count_queries("/people", self.alice))


class TeamTests(ApiTestCase):
    def test_it_lists_teams_and_departments(self) -> None:
        response = self.get("/teams", self.alice)
        teams = {t["slug"]: t for t in response.json()["items"]}
        self.assertEqual(teams["sales-west"]["parent"], {"slug": "sales", "name": "Sales"})
        self.assertEqual(teams["sales"]["kind"], "department")
        only_departments = self.get("/teams", self.alice, kind="department").json()["items"]
        self.assertEqual([t["slug"] for t in only_departments], ["sales"])

    def test_it_shows_a_team_with_members_roles_and_key_contacts(self) -> None:
        org.set_key_contact(self.it, self.carol, "Laptops")
        response = self.get("/teams/it-service-desk", self.alice)
        self.assertEqual(response.status_code, 200)
        team = response.json()
        self.assertEqual(
            [(m["person"]["name"], m["role"]) for m in team["members"]],
            [("Erin Lead", Role.LEAD), ("Carol Agent", Role.MEMBER)],
        )
        self.assertEqual(
            team["key_contacts"],
            [{"person": {"id": self.carol.pk, "name": "Carol Agent"}, "topics": "Laptops"}],
        )
        self.assertEqual(team["key_prefix"], "IT")

    def test_it_answers_404_for_an_unknown_team(self) -> None:
        self.assertEqual(self.get("/teams/nowhere", self.alice).status_code, 404)

    def test_it_lists_teams_in_constant_queries(self) -> None:
        department = make_team(kind="department")
        for _ in range(2):
            make_team(parent=department)
        before = self.count_queries("/teams", self.alice)
        for _ in range(5):
            make_team(parent=department)
        self.assertQueriesFlat(before, self.count_queries("/teams", self.alice))
