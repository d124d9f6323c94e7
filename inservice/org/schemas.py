"""What the API says about people and teams.

The detail schemas extend the list schemas and are filled from dicts, so the list schemas have no
resolvers (ninja would run them on the dict).
"""

from __future__ import annotations

from ninja import Schema


class PersonRef(Schema):
    id: int
    name: str


class TeamRef(Schema):
    slug: str
    name: str


class LocationOut(Schema):
    name: str
    time_zone: str


class PersonOut(Schema):
    id: int
    username: str
    name: str
    email: str
    title: str
    time_zone: str
    employment_type: str
    team: TeamRef | None
    manager: PersonRef | None
    location: LocationOut | None


class MembershipOut(Schema):
    team: TeamRef
    role: str


class ContactForOut(Schema):
    team: TeamRef
    topics: str


class PersonDetail(PersonOut):
    memberships: list[MembershipOut]
    key_contact_for: list[ContactForOut]


class PersonPage(Schema):
    items: list[PersonOut]
    next_cursor: str | None


class TeamOut(Schema):
    slug: str
    name: str
    kind: str
    key_prefix: str
    description: str
    email: str
    parent: TeamRef | None


class MemberOut(Schema):
    person: PersonRef
    role: str


class KeyContactOut(Schema):
    person: PersonRef
    topics: str


class TeamDetail(TeamOut):
    members: list[MemberOut]
    key_contacts: list[KeyContactOut]
    children: list[TeamRef]


class TeamPage(Schema):
    items: list[TeamOut]
    next_cursor: str | None
