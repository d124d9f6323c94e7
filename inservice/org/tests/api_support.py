"""Calling the JSON API in tests the way a script does: a personal token in the Authorization header."""

from __future__ import annotations

import itertools
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from inservice.catalog import services as catalog
from inservice.catalog.models import Service
from inservice.org import services as org
from inservice.org.choices import TokenScope
from inservice.org.models import Person, Team
from inservice.test import BaseTestCase

API = "/api/v1"
_numbers = itertools.count(1)


def make_person(**values: Any) -> Person:
    """One more colleague, built through org.services (rows for paging and query-count tests)."""
    n = next(_numbers)
    values.setdefault("name", f"Person {n}")
    return org.create_person(username=f"person{n}", email=f"person{n}@example.org", **values)


def make_team(**values: Any) -> Team:
    n = next(_numbers)
    prefix = "T" + "".join(chr(65 + int(d)) for d in str(n))
    return org.create_team(name=f"Team {n}", key_prefix=prefix, **values)


def make_service(team: Team, accountable: Person) -> Service:
    n = next(_numbers)
    return catalog.create_service(
        team, name=f"Service {n}", summary="A service for tests.", accountable=accountable
    )


class ApiTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self._secrets: dict[tuple[int, str], str] = {}

    def secret(self, person: Person, scope: str = TokenScope.WRITE) -> str:
        """The person's token of this scope, issued once per test through org.services."""
        key = (person.pk, scope)
        if key not in self._secrets:
            self._secrets[key] = org.create_api_token(person, f"test {scope}", scope).secret
        return self._secrets[key]

    def auth(self, person: Person, scope: str = TokenScope.WRITE) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret(person, scope)}"}

    def get(self, path: str, person: Person, scope: str = TokenScope.WRITE, **params: Any) -> Any:
        return self.client.get(API + path, params, headers=self.auth(person, scope))

    def post(self, path: str, person: Person, body: Any, scope: str = TokenScope.WRITE) -> Any:
        return self.client.post(
            API + path, body, content_type="application/json", headers=self.auth(person, scope)
        )

    def assertProblem(self, response: Any, loc: list[str | int], text: str = "") -> None:
        """A 422 naming `loc` (with a message containing `text`)."""
        self.assertEqual(response.status_code, 422, response.content)
        found = [p for p in response.json()["detail"] if p["loc"] == loc]
        self.assertTrue(found, f"no problem at {loc}: {response.json()}")
        if text:
            self.assertIn(text, " ".join(p["msg"] for p in found))

    def count_queries(self, path: str, person: Person, **params: Any) -> int:
        """Queries one API GET makes, the SQL printed when a test fails on it."""
        self.get(path, person, **params)  # first use of the token records it: not counted
        with CaptureQueriesContext(connection) as queries:
            response = self.get(path, person, **params)
        self.assertEqual(response.status_code, 200, response.content)
        self._last_sql = "\n".join(q["sql"] for q in queries.captured_queries)
        return len(queries)

    def assertQueriesFlat(self, before: int, after: int) -> None:
        self.assertEqual(before, after, f"query count grew with rows:\n{self._last_sql}")
