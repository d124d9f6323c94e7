"""Builds the demo's directory and catalog through the apps' services (org, catalog)."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date

from inservice.catalog import services as catalog
from inservice.catalog.models import Service
from inservice.demo.data import SERVICES
from inservice.demo.data.names import FIRST_NAMES, LAST_NAMES, VENDOR_COMPANIES
from inservice.demo.data.org import (
    DEPARTMENTS,
    EMAIL_DOMAIN,
    EXECUTIVE,
    LOCATIONS,
    PASSWORD,
    REQUESTER_TEAMS,
    SERVICE_TEAMS,
    SIGN_INS,
)
from inservice.demo.data.service_levels import CALENDARS, POLICIES, TEAM_CALENDARS
from inservice.demo.spec import DepartmentSpec, HoursSpec, PolicySpec, ServiceSpec, SignIn, TeamSpec
from inservice.org import services as org
from inservice.org.choices import EmploymentType, Role, TeamKind
from inservice.org.models import Location, Person, Team
from inservice.sla import services as sla
from inservice.sla.calendar import DAY_MINUTES, Interval
from inservice.sla.models import Calendar, Policy

Progress = Callable[[str], None]
TEAM_SPAN = 10  # a team lead manages at most this many people directly; bigger teams get team leads


class Directory:
    """Creates people with unique real-looking names; remembers teams, leads and members."""

    def __init__(self, rng: random.Random, progress: Progress) -> None:
        self.rng = rng
        self.progress = progress
        self.locations: dict[str, Location] = {}
        self.teams: dict[str, Team] = {}
        self.leads: dict[str, Person] = {}
        self.members: dict[str, list[Person]] = {}
        self.sign_ins: dict[str, Person] = {}
        self.count = 0
        names = [(f, last) for f in FIRST_NAMES for last in LAST_NAMES]
        rng.shuffle(names)
        reserved = {tuple(s.name.split(" ", 1)) for s in SIGN_INS}
        self._names = iter(n for n in names if n not in reserved)

    def person(
        self,
        team: Team,
        title: str,
        location: str,
        manager: Person | None,
        *,
        employment_type: str = EmploymentType.EMPLOYEE,
        sign_in: SignIn | None = None,
    ) -> Person:
        if sign_in is not None:
            name, username, password = sign_in.name, sign_in.username, PASSWORD
            domain = EMAIL_DOMAIN
            email = f"{_ascii(name).replace(' ', '.')}@{domain}"
        else:
            first, last = next(self._names)
            name, password = f"{first} {last}", None
            username = _ascii(f"{first}.{last}")
            domain = EMAIL_DOMAIN
            if employment_type == EmploymentType.VENDOR:
                company = self.rng.choice(VENDOR_COMPANIES)
                domain = f"{_ascii(company).replace(' ', '')}.example"
                title = f"{title} ({company})"
            email = f"{username}@{domain}"
        where = self.locations[location]
        person = org.create_person(
            username=username,
            name=name,
            email=email,
            password=password,
            team=team,
            manager=manager,
            location=where,
            time_zone=where.time_zone,
            employment_type=employment_type,
            title=title,
            is_superuser=bool(sign_in and sign_in.admin),
        )
        self.count += 1
        if self.count % 20 == 0:
            self.progress(f"people {self.count}")
        if sign_in is not None:
            self.sign_ins[sign_in.username] = person
        return person

    def place(self, spec: TeamSpec) -> str:
        names = [name for name, _ in spec.locations]
        return self.rng.choices(names, weights=[w for _, w in spec.locations])[0]

    def employment(self, spec: TeamSpec) -> str:
        draw = self.rng.random()
        if draw < spec.vendors:
            return EmploymentType.VENDOR
        if draw < spec.vendors + spec.contractors:
            return EmploymentType.CONTRACTOR
        return EmploymentType.EMPLOYEE


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum() or c in ". ")


def build_directory(rng: random.Random, progress: Progress) -> Directory:
    """Offices, departments, teams and about 400 people in a real reporting hierarchy."""
    d = Directory(rng, progress)
    for loc in LOCATIONS:
        d.locations[loc.name] = org.location_named(loc.name, loc.time_zone, loc.country)
    departments = {spec.prefix: _department(spec, d.teams) for spec in (EXECUTIVE, *DEPARTMENTS)}
    ceo = d.person(departments["EXEC"], EXECUTIVE.head_title, EXECUTIVE.location, None)
    d.person(departments["EXEC"], "Chief of Staff", "Berlin HQ", ceo)
    d.person(departments["EXEC"], "Executive Assistant", "Berlin HQ", ceo)
    heads = {
        spec.prefix: d.person(departments[spec.prefix], spec.head_title, spec.location, ceo)
        for spec in DEPARTMENTS
    }
    for sign_in in SIGN_INS:
        if sign_in.team in departments:
            d.person(
                departments[sign_in.team],
                sign_in.title,
                sign_in.location,
                heads[sign_in.team],
                sign_in=sign_in,
            )
    for spec in (*SERVICE_TEAMS, *REQUESTER_TEAMS):
        team = org.create_team(
            name=spec.name,
            key_prefix=spec.prefix,
            parent=departments[spec.department],
            description=spec.description,
            email=spec.email,
        )
        d.teams[spec.prefix] = team
        _staff(d, spec, team, heads[spec.department])
    for spec in SERVICE_TEAMS:
        _key_contacts(d, spec)
    progress(f"people {d.count}")
    return d


def _department(spec: DepartmentSpec, teams: dict[str, Team]) -> Team:
    team = org.create_team(
        name=spec.name,
        key_prefix=spec.prefix,
        kind=TeamKind.DEPARTMENT,
        description=spec.description,
    )
    teams[spec.prefix] = team
    return team


def _staff(d: Directory, spec: TeamSpec, team: Team, head: Person) -> None:
    """The lead reports to the department head; big teams get team leads under the lead."""
    sign_ins = [s for s in SIGN_INS if s.team == spec.prefix]
    lead_sign_in = next((s for s in sign_ins if s.lead), None)
    location = lead_sign_in.location if lead_sign_in else d.place(spec)
    lead = d.person(team, spec.lead_title, location, head, sign_in=lead_sign_in)
    org.add_member(team, lead, Role.LEAD)
    d.leads[spec.prefix] = lead
    members: list[Person] = []
    others = spec.size - 1
    managers: list[Person] = []
    if others > TEAM_SPAN:
        for _ in range(others // TEAM_SPAN):
            managers.append(d.person(team, f"Team Lead, {spec.name}", d.place(spec), lead))
        others -= len(managers)
    member_sign_ins = iter(s for s in sign_ins if not s.lead)
    for i in range(others):
        sign_in = next(member_sign_ins, None)
        manager = managers[i % len(managers)] if managers else lead
        if sign_in is not None:
            members.append(
                d.person(team, sign_in.title, sign_in.location, manager, sign_in=sign_in)
            )
            continue
        title = spec.titles[i % len(spec.titles)]
        members.append(
            d.person(team, title, d.place(spec), manager, employment_type=d.employment(spec))
        )
    d.members[spec.prefix] = [lead, *managers, *members]


def _key_contacts(d: Directory, spec: TeamSpec) -> None:
    team = d.teams[spec.prefix]
    people = [p for p in d.members[spec.prefix] if p.employment_type == EmploymentType.EMPLOYEE]
    for person, topics in zip(people, spec.topics, strict=False):
        org.set_key_contact(team, person, topics)


def build_catalog(d: Directory, rng: random.Random, progress: Progress) -> list[Service]:
    """About 40 services with descriptions, audiences, targets, steps, RACI and intake forms."""
    built = []
    for n, spec in enumerate(SERVICES, start=1):
        built.append(_service(d, spec, rng))
        progress(f"services {n}/{len(SERVICES)}")
    return built


def _service(d: Directory, spec: ServiceSpec, rng: random.Random) -> Service:
    team = d.teams[spec.team]
    service = catalog.create_service(
        team,
        name=spec.name,
        summary=spec.summary,
        description=spec.description,
        keywords=spec.keywords,
        audience=spec.audience,
        audience_teams=_teams(d, spec.audience_teams),
        accountable=d.leads[spec.team],
        default_priority=spec.priority,
        is_confidential=spec.confidential,
        response_target_minutes=spec.response,
        resolution_target_minutes=spec.resolution,
    )
    catalog.set_operating_steps(service, spec.steps)
    for role, who, note in spec.raci:
        kind, _, prefix = who.partition(":")
        if kind == "team":
            catalog.add_raci(service, role, team=d.teams[prefix], note=note)
        elif kind == "lead":
            catalog.add_raci(service, role, person=d.leads[prefix], note=note)
        else:
            serving = d.members[spec.team][1:] or d.members[spec.team]
            catalog.add_raci(service, role, person=rng.choice(serving), note=note)
    catalog.set_form(service, list(spec.form))
    return service


def _teams(d: Directory, prefixes: Iterable[str]) -> list[Team]:
    return [d.teams[p] for p in prefixes]


def build_service_levels(
    d: Directory, services: list[Service], years: Iterable[int], progress: Progress
) -> None:
    """Office calendars (with closures in `years`) assigned to every team, and the policies."""
    calendars: dict[str, Calendar] = {}
    for spec in CALENDARS:
        calendars[spec.name] = _calendar(spec, years)
    for prefix, name in TEAM_CALENDARS.items():
        if prefix in d.teams:
            org.set_calendar(d.teams[prefix], calendars[name])
    progress(f"calendars {len(calendars)}")
    by_name = {(s.team.key_prefix, s.name): s for s in services}
    for policy in POLICIES:
        _save_policy(by_name[(policy.team, policy.service)], policy)
    progress(f"policies {len(POLICIES)}")


def _calendar(spec: HoursSpec, years: Iterable[int]) -> Calendar:
    intervals: list[Interval] = []
    for weekdays, start, end in spec.hours:
        first, last = _minutes(start), _minutes(end)
        if last <= first:
            last += DAY_MINUTES  # overnight: ends the next morning
        intervals.extend(Interval(day, first, last) for day in weekdays)
    calendar = sla.save_calendar(
        None,
        name=spec.name,
        time_zone=spec.time_zone,
        intervals=intervals,
        country=spec.country,
        subdivision=spec.subdivision,
    )
    for year in years:
        for month, day, reason in spec.closed:
            sla.add_closure(calendar, on_date=date(year, month, day), reason=reason)
    return calendar


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _save_policy(service: Service, spec: PolicySpec) -> Policy:
    return sla.save_policy(
        service,
        spec.priority,
        first_response_minutes=spec.first_response,
        resolution_minutes=spec.resolution,
        update_every_minutes=spec.update_every,
        at_risk_percent=spec.at_risk_percent,
        second_level_after_minutes=spec.second_level_after,
    )
