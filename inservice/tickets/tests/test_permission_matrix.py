"""Who may reach every request route, for a normal and a confidential service.

Six people look at a request: its requester, another employee, an agent of the owning team, an
agent of another team, the owning team's lead and an administrator in no team. What they may not
see answers 404, never 403. Actions are posted as htmx does, so success reads 204 and a refusal
reads 422 with its message (the page form of each is tested elsewhere).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from inservice.factories import PASSWORD
from inservice.org import services as org
from inservice.org.models import Person
from inservice.sla import services as sla
from inservice.test import BaseTestCase
from inservice.tickets import services
from inservice.tickets.models import Ticket
from inservice.tickets.tests.support import streamed

ROLES = ("requester", "other_employee", "owning_agent", "other_agent", "owning_lead", "admin")


@dataclass
class Route:
    name: str
    method: str
    normal: tuple[int, ...]  # expected status per role, in ROLES order
    confidential: tuple[int, ...]
    data: Callable[[BaseTestCase, Ticket], dict[str, object]] | None = None
    args: Callable[[BaseTestCase, Ticket], list[object]] | None = None


def _key(case: BaseTestCase, ticket: Ticket) -> list[object]:
    return [ticket.key]


def _file(case: BaseTestCase, ticket: Ticket) -> list[object]:
    return [ticket.key, ticket.attachments.get(is_internal=False).token]


def _note_file(case: BaseTestCase, ticket: Ticket) -> list[object]:
    return [ticket.key, ticket.attachments.get(is_internal=True).token]


def _other_team(case: BaseTestCase, ticket: Ticket) -> dict[str, object]:
    target = case.payroll if ticket.team_id != case.payroll.pk else case.it
    return {"team": target.pk, "reason": "wrong_team", "note": "Over to you"}


def _sibling(prefix: str) -> Callable[[BaseTestCase, Ticket], dict[str, object]]:
    def data(case: BaseTestCase, ticket: Ticket) -> dict[str, object]:
        sibling = case.ask(case.alice, service=ticket.service)
        return {f"{prefix}-key": sibling.key}

    return data


def _watcher_args(case: BaseTestCase, ticket: Ticket) -> list[object]:
    return [ticket.key, case.grace.pk]


def _promise_time(prefix: str) -> Callable[[BaseTestCase, Ticket], dict[str, object]]:
    def data(case: BaseTestCase, ticket: Ticket) -> dict[str, object]:
        when = (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
        return {f"{prefix}-promised_for": when, f"{prefix}-step": "update", f"{prefix}-reason": "x"}

    return data


def _promised(case: BaseTestCase, ticket: Ticket) -> dict[str, object]:
    """A promise stands (made by an agent of the holding team): the new time renegotiates it."""
    agent = case.carol if ticket.team_id == case.it.pk else Person.objects.get(username="ivy")
    sla.acknowledge(agent, ticket, timezone.now() + timedelta(days=1), "update")
    return _promise_time("promise")(case, ticket)


OK, NOPE, REFUSED, DONE = 200, 404, 422, 204
# requester, other employee, owning agent, other agent, owning lead, admin
SEE = (OK, NOPE, OK, NOPE, OK, OK)
SEE_CONF = (OK, NOPE, OK, NOPE, OK, NOPE)
SEE_INTERNAL = (NOPE, NOPE, OK, NOPE, OK, OK)
SEE_INTERNAL_CONF = (NOPE, NOPE, OK, NOPE, OK, NOPE)
SERVE = (REFUSED, NOPE, DONE, NOPE, DONE, REFUSED)
SERVE_CONF = (REFUSED, NOPE, DONE, NOPE, DONE, NOPE)

ROUTES = [
    Route("tickets:detail", "get", SEE, SEE_CONF),
    Route("tickets:timeline", "get", SEE, SEE_CONF),
    Route("tickets:attachment", "get", SEE, SEE_CONF, args=_file),
    Route("tickets:attachment", "get", SEE_INTERNAL, SEE_INTERNAL_CONF, args=_note_file),
    Route(
        "tickets:reply",
        "post",
        (OK, NOPE, OK, NOPE, OK, OK),
        (OK, NOPE, OK, NOPE, OK, NOPE),
        data=lambda c, t: {"body": "Hello"},
    ),
    Route(
        "tickets:reply",
        "post",
        (REFUSED, NOPE, OK, NOPE, OK, REFUSED),
        (REFUSED, NOPE, OK, NOPE, OK, NOPE),
        data=lambda c, t: {"body": "Note", "internal": "on"},
    ),
    Route(
        "tickets:transition", "post", SERVE, SERVE_CONF, data=lambda c, t: {"action": "acknowledge"}
    ),
    Route(
        "tickets:transition",
        "post",
        (DONE, NOPE, DONE, NOPE, DONE, REFUSED),
        (DONE, NOPE, DONE, NOPE, DONE, NOPE),
        data=lambda c, t: {"action": "cancel"},
    ),
    Route("tickets:acknowledge", "post", SERVE, SERVE_CONF, data=_promise_time("ack")),
    Route("tickets:renegotiate", "post", SERVE, SERVE_CONF, data=_promised),
    Route("tickets:assign", "post", SERVE, SERVE_CONF, data=lambda c, t: {"take": "1"}),
    Route("tickets:priority", "post", SERVE, SERVE_CONF, data=lambda c, t: {"priority": 1}),
    Route("tickets:transfer", "post", SERVE, SERVE_CONF, data=_other_team),
    Route("tickets:link", "post", SERVE, SERVE_CONF, data=_sibling("link")),
    Route("tickets:duplicate", "post", SERVE, SERVE_CONF, data=_sibling("duplicate")),
    Route(
        "tickets:add_watcher",
        "post",
        (DONE, NOPE, DONE, NOPE, DONE, REFUSED),
        SERVE_CONF,
        data=lambda c, t: {"person": "grace"},
    ),
    Route(
        "tickets:remove_watcher",
        "post",
        (DONE, NOPE, DONE, NOPE, DONE, REFUSED),
        SERVE_CONF,
        args=_watcher_args,
    ),
    # Agents' tools on the reply box: the tone hint answers anyone who sees the request (with no
    # hint for non-agents); the team's reply templates are for the team holding it.
    Route("tickets:tone", "post", SEE, SEE_CONF, data=lambda c, t: {"body": "hello"}),
    Route(
        "tickets:fill_reply_template",
        "post",
        (NOPE, NOPE, OK, NOPE, OK, NOPE),
        (NOPE, NOPE, OK, NOPE, OK, NOPE),
        data=lambda c, t: {"body": "draft"},
    ),
]
# Routes that are not about one request, covered by their own tests.
ELSEWHERE = {
    "tickets:reply_templates",
    "tickets:edit_reply_template",
    "tickets:remove_reply_template",
    "tickets:ask",
    "tickets:mine",
    "tickets:queue",
    "tickets:bulk_assign",
    "tickets:save_view",
    "tickets:delete_view",
    "tickets:team_promises",  # tickets/tests/test_views_promises.py
    "tickets:person_promises",
}


class PermissionMatrixTests(BaseTestCase):
    ivy: Person  # a second Employee Relations member: the confidential team's agent

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.ivy = org.create_person(
            username="ivy",
            name="Ivy Relations",
            email="ivy@example.org",
            password=PASSWORD,
            team=cls.er,
        )

    def people(self, confidential: bool) -> dict[str, Person]:
        if confidential:
            cast = (self.alice, self.bob, self.ivy, self.carol, self.frank, self.root)
        else:
            cast = (self.alice, self.bob, self.carol, self.dave, self.erin, self.root)
        return dict(zip(ROLES, cast, strict=True))

    def fresh_ticket(self, confidential: bool) -> Ticket:
        service = self.er_case if confidential else self.laptop
        ticket = self.ask(
            self.alice, service=service, files=[SimpleUploadedFile("public.txt", b"p")]
        )
        agent = self.ivy if confidential else self.carol
        services.reply(
            agent, ticket, "internal", internal=True, uploads=[SimpleUploadedFile("note.txt", b"n")]
        )
        if not confidential:
            services.add_watcher(self.carol, ticket, self.grace)
        else:
            services.add_watcher(self.ivy, ticket, self.grace)
        return Ticket.objects.get(pk=ticket.pk)

    def test_it_covers_every_request_route(self) -> None:
        patterns = get_resolver().namespace_dict["tickets"][1].url_patterns
        named = {f"tickets:{p.name}" for p in patterns if isinstance(p, URLPattern) and p.name}
        covered = {r.name for r in ROUTES} | ELSEWHERE
        self.assertEqual(named - covered, set())

    def test_it_answers_each_role_as_the_matrix_says(self) -> None:
        for confidential in (False, True):
            people = self.people(confidential)
            for route in ROUTES:
                expected = route.confidential if confidential else route.normal
                for role, status in zip(ROLES, expected, strict=True):
                    ticket = self.fresh_ticket(confidential)
                    args = route.args(self, ticket) if route.args else _key(self, ticket)
                    data = route.data(self, ticket) if route.data else {}
                    self.client.force_login(people[role])
                    url = reverse(route.name, args=args)
                    with self.subTest(
                        route=route.name, data=data, role=role, confidential=confidential
                    ):
                        if route.method == "get":
                            response = self.client.get(url)
                        else:
                            response = self.client.post(url, data, HTTP_HX_REQUEST="true")
                        body = streamed(response) if response.streaming else response.content
                        self.assertEqual(response.status_code, status, body[:300])
