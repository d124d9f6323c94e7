"""The data a benchmark runs against: the seeded database, the demo's sign-ins, API tokens and
one request with exactly 30 timeline entries (made through the services when missing)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from inservice.catalog.models import Service
from inservice.demo.answers import Fill, answers_for
from inservice.demo.data import SERVICES
from inservice.demo.world import Who, load_world
from inservice.org import services as org
from inservice.org.choices import TokenScope
from inservice.org.models import Person, Team
from inservice.tickets import services as tickets
from inservice.tickets.choices import OPEN_STATUSES
from inservice.tickets.models import Ticket, TimelineEntry

DETAIL_SUBJECT = "Benchmark: a request with 30 timeline entries"
DETAIL_ENTRIES = 30
QUEUE_TEAM = "IT"  # the demo's busiest team: the agent and the lead sign-ins serve in it
FILTER_SERVICE = "Something is broken"
API_CLIENT = "bench-client"


@dataclass
class Fixtures:
    requester: Person
    agent: Person
    team: Team
    service: Service  # for the queue filtered by service and assignee
    detail_key: str
    requests: int
    entries: int
    client: Person  # asks through the API in the throughput run, so measured pages stay put
    tokens: dict[str, str]  # "requester" / "agent" / "write" (the client's) -> secret
    token_ids: list[tuple[Person, int]]

    def revoke_tokens(self) -> None:
        for person, token_id in self.token_ids:
            org.revoke_api_token(person, token_id)


def ensure_seeded(wanted: int, wanted_open: int) -> int:
    """Loads the demo into an empty database, then seeds requests up to `wanted`, of which
    `wanted_open` are open (as far as the requests seeded now can make up for it)."""
    call_command("migrate", verbosity=0)
    if not Team.objects.exists():
        call_command("load_demo")
    have = Ticket.objects.count()
    if have < wanted:
        have_open = Ticket.objects.filter(status__in=OPEN_STATUSES).count()
        adding = wanted - have
        call_command(
            "seed_scale", requests=adding, open=min(adding, max(0, wanted_open - have_open))
        )
        have = Ticket.objects.count()
    settle()
    return have


def settle() -> None:
    """PostgreSQL: VACUUM ANALYZE, the state autovacuum keeps a production database in (fresh
    statistics, the visibility map that index-only scans need). Quick once it has run."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")


def load_fixtures(requests: int) -> Fixtures:
    people = {p.username: p for p in Person.objects.filter(username__in=("requester", "agent"))}
    if len(people) < 2:
        raise SystemExit(
            "The bench database has no demo sign-ins (requester, agent): point "
            "BENCH_DATABASE_URL at an empty database and the benchmark loads the demo itself."
        )
    team = Team.objects.get(key_prefix=QUEUE_TEAM)
    service = Service.objects.get(team=team, name=FILTER_SERVICE)
    client = _api_client(people["requester"])
    issued = {
        "requester": org.create_api_token(people["requester"], "benchmark", TokenScope.READ),
        "agent": org.create_api_token(people["agent"], "benchmark", TokenScope.READ),
        "write": org.create_api_token(client, "benchmark", TokenScope.WRITE),
    }
    return Fixtures(
        requester=people["requester"],
        agent=people["agent"],
        team=team,
        service=service,
        detail_key=_detail_request(people["requester"], people["agent"], service),
        requests=requests,
        entries=estimate_rows(TimelineEntry._meta.db_table),
        client=client,
        tokens={name: found.secret for name, found in issued.items()},
        token_ids=[(found.token.person, found.token.pk) for found in issued.values()],
    )


def _api_client(requester: Person) -> Person:
    """A colleague of the requester sign-in who asks through the API during the throughput run."""
    found = Person.objects.filter(username=API_CLIENT).first()
    if found is not None:
        return found
    return org.create_person(
        username=API_CLIENT,
        name="Benchmark Client",
        email=f"{API_CLIENT}@brightwater.example",
        team=requester.team,
        location=requester.location,
        time_zone=requester.time_zone,
    )


def _detail_request(requester: Person, agent: Person, service: Service) -> str:
    """A request whose timeline has exactly 30 entries: replies both ways and internal notes."""
    existing = Ticket.objects.filter(subject=DETAIL_SUBJECT, team=service.team).order_by("-id")
    for ticket in existing[:3]:
        if ticket.entries.count() == DETAIL_ENTRIES:
            return ticket.key
    ticket = tickets.open_ticket(
        requester,
        tickets.NewRequest(
            service=service,
            subject=DETAIL_SUBJECT,
            description="Made by `python -m bench.run` to time the request page.",
            answers=api_answers(service, random.Random(1), colleagues(), as_stored=True),
        ),
    )
    agent.forget_memberships()
    for n in range(DETAIL_ENTRIES - 1):
        if n % 3 == 0:
            tickets.reply(agent, ticket, f"Update {n}: still looking into it.")
        elif n % 3 == 1:
            tickets.reply(requester, ticket, f"Thanks! Answer {n}: it happens every morning.")
        else:
            tickets.reply(agent, ticket, f"Note {n}: checked the logs.", internal=True)
    assert ticket.entries.count() == DETAIL_ENTRIES
    return ticket.key


def colleagues() -> list[Who]:
    """People a person field may name."""
    return list(load_world().people.values())


def api_answers(
    service: Service, rng: random.Random, people: list[Who], *, as_stored: bool = False
) -> dict[str, Any]:
    """Valid answers to the service's form: as the API takes them, or as a request stores them."""
    spec = next((s for s in SERVICES if s.name == service.name), None)
    stored = answers_for(
        list(service.fields.all()),
        spec.samples if spec else {},
        timezone.now().date(),
        people,
        rng,
        Fill(rng, people),
    )
    if as_stored:
        return stored
    return {k: v["id"] if isinstance(v, dict) else v for k, v in stored.items()}


def estimate_rows(table: str) -> int:
    """Rows in a big table: PostgreSQL's statistics (a count would read millions of rows)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
            row = cursor.fetchone()
            if row and row[0] > 0:
                return int(row[0])
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 — a model's table
        row = cursor.fetchone()
        return int(row[0]) if row else 0
