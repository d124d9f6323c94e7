"""Who may do what to one request over the API, for a normal and a confidential service.

Columns: requester, another employee, agent of the owning team, agent of another team, lead of
the owning team, administrator. Invisible is 404; visible but not allowed is 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from inservice.org.models import Person
from inservice.org.tests.api_support import ApiTestCase
from inservice.tickets.models import Ticket

Body = Callable[[Ticket], dict[str, Any]]


@dataclass
class Route:
    name: str
    method: str
    path: str
    normal: tuple[int, ...]
    confidential: tuple[int, ...]
    body: Body | None = None


def _elsewhere(ticket: Ticket) -> dict[str, Any]:
    team = "payroll" if ticket.team.slug != "payroll" else "it-service-desk"
    return {"team": team, "reason": "wrong_team", "note": "Over to you."}


ROUTES = [
    Route("detail", "get", "", (200, 404, 200, 404, 200, 200), (200, 404, 200, 404, 200, 404)),
    Route(
        "reply",
        "post",
        "/replies",
        (201, 404, 201, 404, 201, 201),
        (201, 404, 201, 404, 201, 404),
        lambda t: {"body": "Hello"},
    ),
    Route(
        "note",
        "post",
        "/notes",
        (403, 404, 201, 404, 201, 403),
        (403, 404, 201, 404, 201, 404),
        lambda t: {"body": "Between us"},
    ),
    Route(
        "transition",
        "post",
        "/transition",
        (200, 404, 200, 404, 200, 403),
        (200, 404, 200, 404, 200, 404),
        lambda t: {"action": "cancel"},
    ),
    Route(
        "transfer",
        "post",
        "/transfer",
        (403, 404, 200, 404, 200, 403),
        (403, 404, 200, 404, 200, 404),
        _elsewhere,
    ),
]


class ApiPermissionMatrixTests(ApiTestCase):
    def people(self, confidential: bool) -> tuple[Person, ...]:
        if confidential:
            # Frank is both agent and lead of Employee Relations; Carol serves another team.
            return (self.alice, self.bob, self.frank, self.carol, self.frank, self.root)
        return (self.alice, self.bob, self.carol, self.dave, self.erin, self.root)

    def test_it_answers_each_person_as_the_matrix_says(self) -> None:
        for confidential in (False, True):
            service = self.er_case if confidential else self.laptop
            for route in ROUTES:
                expected = route.confidential if confidential else route.normal
                for person, status in zip(self.people(confidential), expected, strict=True):
                    with self.subTest(route.name, person=person.username, conf=confidential):
                        ticket = self.ask(self.alice, service)
                        path = f"/requests/{ticket.key}{route.path}"
                        if route.body is None:
                            response = self.get(path, person)
                        else:
                            response = self.post(path, person, route.body(ticket))
                        self.assertEqual(response.status_code, status, response.content)
