"""The organisation as the history simulation sees it: read once from the database, by id.

Both the demo's history and `seed_scale` read the directory and catalog that are in the database
(the demo's, or whatever a lead has changed since), so requests always point at real teams,
services, members and forms.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from inservice.catalog.choices import Audience
from inservice.catalog.models import FormField, Service
from inservice.demo.data import SERVICES
from inservice.demo.data.org import SIGN_INS
from inservice.demo.spec import ServiceSpec
from inservice.lib.timezones import zone_or_utc
from inservice.org.choices import EmploymentType, Role
from inservice.org.models import Membership, Person, Team


@dataclass(frozen=True, slots=True)
class Who:
    id: int
    name: str
    first: str
    zone: ZoneInfo
    team_id: int | None
    department_id: int | None
    manager_id: int | None
    employee: bool


@dataclass
class Desk:
    """A team that owns services: who serves in it and in which time zone it mostly works."""

    team_id: int
    name: str
    zone: ZoneInfo
    agents: list[Who]
    lead: Who


@dataclass
class Offer:
    """A service people ask for, with its form and (for the demo's own services) its spec."""

    service_id: int
    team_id: int
    name: str
    priority: int
    confidential: bool
    response: int
    resolution: int
    fields: list[FormField]
    spec: ServiceSpec | None
    askers: list[Who]
    weight: float
    hand_to: list[Offer] = field(default_factory=list)


@dataclass
class World:
    people: dict[int, Who]
    desks: dict[int, Desk]
    offers: list[Offer]
    sign_ins: dict[str, Who]
    teams: dict[int, Team]

    @property
    def weights(self) -> list[float]:
        return [o.weight for o in self.offers]


def load_world() -> World:
    """Reads people, teams, memberships and active services: a handful of queries."""
    teams = Team.objects.in_bulk()
    people: dict[int, Who] = {}
    usernames: dict[str, int] = {}
    rows = Person.objects.active().values_list(
        "id", "name", "username", "time_zone", "team_id", "manager_id", "employment_type"
    )
    for pk, name, username, tz, team_id, manager_id, employment in rows:
        team = teams.get(team_id) if team_id else None
        people[pk] = Who(
            id=pk,
            name=name or username,
            first=(name or username).split(" ")[0],
            zone=zone_or_utc(tz),
            team_id=team_id,
            department_id=team.parent_id if team else None,
            manager_id=manager_id,
            employee=employment == EmploymentType.EMPLOYEE,
        )
        usernames[username] = pk
    agents: dict[int, list[Who]] = defaultdict(list)
    leads: dict[int, Who] = {}
    for team_id, person_id, role in Membership.objects.values_list("team_id", "person_id", "role"):
        who = people.get(person_id)
        if who is None:
            continue
        agents[team_id].append(who)
        if role == Role.LEAD:
            leads.setdefault(team_id, who)
    specs = {(s.team, s.name): s for s in SERVICES}
    offers: list[Offer] = []
    services = (
        Service.objects.active()
        .select_related("team")
        .prefetch_related("fields", "audience_teams")
        .order_by("id")
    )
    desks: dict[int, Desk] = {}
    for service in services:
        if not agents.get(service.team_id):
            continue  # nobody would answer
        spec = specs.get((service.team.key_prefix, service.name))
        offers.append(
            Offer(
                service_id=service.pk,
                team_id=service.team_id,
                name=service.name,
                priority=service.default_priority,
                confidential=service.is_confidential,
                response=service.response_target_minutes or 8 * 60,
                resolution=service.resolution_target_minutes or 3 * 8 * 60,
                fields=list(service.fields.all()),
                spec=spec,
                askers=_askers(service, people),
                weight=spec.weight if spec else 1.0,
            )
        )
        if service.team_id not in desks:
            team_agents = agents[service.team_id]
            lead = leads.get(service.team_id, team_agents[0])
            desks[service.team_id] = Desk(
                service.team_id, service.team.name, lead.zone, team_agents, lead
            )
    _link_handoffs(offers, teams)
    sign_ins = {
        s.username: people[usernames[s.username]] for s in SIGN_INS if s.username in usernames
    }
    return World(people, desks, [o for o in offers if o.askers], sign_ins, teams)


def _askers(service: Service, people: dict[int, Who]) -> list[Who]:
    """Who may ask for the service: the audience rule of catalog.ServiceQuerySet.offered_to."""
    if service.audience == Audience.EVERYONE:
        return list(people.values())
    if service.audience == Audience.EMPLOYEES:
        return [p for p in people.values() if p.employee]
    units = {t.pk for t in service.audience_teams.all()}
    return [p for p in people.values() if p.team_id in units or p.department_id in units]


def _link_handoffs(offers: list[Offer], teams: dict[int, Team]) -> None:
    by_name = {(teams[o.team_id].key_prefix, o.name): o for o in offers}
    for offer in offers:
        if offer.spec is None:
            continue
        for target in offer.spec.hand_to:
            prefix, _, name = target.partition(":")
            found = by_name.get((prefix, name))
            if found is not None and not found.confidential:
                offer.hand_to.append(found)
