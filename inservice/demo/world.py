"""The organisation as the history simulation sees it: read once from the database, by id.

Both the demo's history and `seed_scale` read the directory and catalog that are in the database
(the demo's, or whatever a lead has changed since), so requests always point at real teams,
services, members and forms.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from inservice.catalog.choices import Audience
from inservice.catalog.models import FormField, Service
from inservice.demo.data import SERVICES
from inservice.demo.data.org import SIGN_INS
from inservice.demo.spec import ServiceSpec
from inservice.lib.timezones import zone_or_utc
from inservice.org.choices import EmploymentType, Role
from inservice.org.models import Membership, Person, Team
from inservice.sla import business, policies
from inservice.sla.calendar import BusinessTime


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
    """A team that owns services: who serves in it, and when (its business calendar)."""

    team_id: int
    name: str
    hours: BusinessTime  # the team's calendar: its people work inside it
    agents: list[Who]
    lead: Who
    managers: list[Who] = field(default_factory=list)  # the leads' managers (second level)
    agent_ids: frozenset[int] = field(init=False)

    def __post_init__(self) -> None:
        self.agent_ids = frozenset(a.id for a in self.agents)


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
    services: dict[int, Service] = field(default_factory=dict)
    _policies: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)

    @property
    def weights(self) -> list[float]:
        return [o.weight for o in self.offers]

    def policy(self, service_id: int, priority: int) -> dict[str, Any]:
        """The targets a request of this service and priority starts with (sla.policies)."""
        key = (service_id, priority)
        found = self._policies.get(key)
        if found is None:
            found = self._policies[key] = dict(
                policies.snapshot(self.services[service_id], priority)
            )
        return found


def load_world() -> World:
    """Reads people, teams, memberships and active services: a handful of queries."""
    teams = Team.objects.select_related("calendar").in_bulk()
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
    managers: dict[int, list[Who]] = defaultdict(list)
    for team_id, person_id, role in Membership.objects.values_list("team_id", "person_id", "role"):
        who = people.get(person_id)
        if who is None:
            continue
        agents[team_id].append(who)
        if role == Role.LEAD:
            leads.setdefault(team_id, who)
            manager = people.get(who.manager_id) if who.manager_id else None
            if manager is not None and manager not in managers[team_id]:
                managers[team_id].append(manager)
    specs = {(s.team, s.name): s for s in SERVICES}
    offers: list[Offer] = []
    services = (
        Service.objects.active()
        .select_related("team")
        .prefetch_related("fields", "audience_teams")
        .order_by("id")
    )
    desks: dict[int, Desk] = {}
    by_id: dict[int, Service] = {}
    for service in services:
        by_id[service.pk] = service
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
                service.team_id,
                service.team.name,
                business.for_team(teams[service.team_id]),
                team_agents,
                lead,
                managers[service.team_id],
            )
    _link_handoffs(offers, teams)
    sign_ins = {
        s.username: people[usernames[s.username]] for s in SIGN_INS if s.username in usernames
    }
    return World(people, desks, [o for o in offers if o.askers], sign_ins, teams, by_id)


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
