"""The directory over the API (read only): people and teams, open to every token holder."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router

from inservice.lib.api import PageQuery, page_or_422
from inservice.org.models import Membership, Person, Team
from inservice.org.permissions import get_person, get_team
from inservice.org.schemas import PersonDetail, PersonOut, PersonPage, TeamDetail, TeamOut, TeamPage

router = Router(tags=["people and teams"])


@router.get("/people", response=PersonPage, summary="People in the directory")
def list_people(request: HttpRequest, paging: Query[PageQuery], q: str = "") -> dict[str, Any]:
    """Active people by name; `q` searches name, email and username."""
    people = Person.objects.active().with_card()
    if q.strip():
        people = people.search(q.strip()[:100])
    page = page_or_422(people, ["name", "id"], paging.cursor, paging.limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/people/{person_id}", response=PersonDetail, summary="One person")
def get_one_person(request: HttpRequest, person_id: int) -> dict[str, Any]:
    person = get_person(person_id)
    return {
        **PersonOut.from_orm(person).dict(),
        "memberships": list(
            Membership.objects.filter(person=person).select_related("team").order_by("team__name")
        ),
        "key_contact_for": list(person.key_contact_for.select_related("team")),
    }


@router.get("/teams", response=TeamPage, summary="Teams and departments")
def list_teams(
    request: HttpRequest,
    paging: Query[PageQuery],
    q: str = "",
    kind: Literal["department", "team"] | None = None,
) -> dict[str, Any]:
    """Teams and departments by name; `q` searches name and description."""
    teams = Team.objects.select_related("parent")
    if q.strip():
        teams = teams.search(q.strip()[:100])
    if kind:
        teams = teams.filter(kind=kind)
    page = page_or_422(teams, ["name", "id"], paging.cursor, paging.limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/teams/{slug}", response=TeamDetail, summary="One team, its members and key contacts")
def get_one_team(request: HttpRequest, slug: str) -> dict[str, Any]:
    team = get_team(slug)
    members = (
        Membership.objects.filter(team=team, person__is_active=True)
        .select_related("person")
        .order_by("role", "person__name")  # leads first
    )
    return {
        **TeamOut.from_orm(team).dict(),
        "members": list(members),
        "key_contacts": list(team.key_contacts.select_related("person")),
        "children": list(team.children.order_by("name")),
    }
