"""Kudos over the API: the wall (team, value, period; cursor pages), giving one, one kudos,
taking one back within its window, a lead hiding one, a person's kudos, the organisation's
values. Every change goes through kudos.services; who sees what is kudos.permissions.

As on the pages: everyone reads the wall; a hidden kudos is listed (as hidden, without its
message) only to its giver, the leads who could have hidden it and administrators; a request is
named only to those who may see it; anything else is a 404.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from inservice.kudos import services
from inservice.kudos.choices import Direction, Period
from inservice.kudos.models import Kudos, KudosQuerySet, Value
from inservice.kudos.permissions import (
    can_delete,
    get_kudos_for_user,
    get_kudos_to_delete,
    get_kudos_to_hide,
    may_see_request,
)
from inservice.kudos.schemas import HideIn, KudosIn, KudosOut, KudosPage, ValueOut
from inservice.kudos.wall import ORDERING, WallFilter, value_named
from inservice.lib.api import PageQuery, page_or_422, problem, service_call, unprocessable
from inservice.lib.queries import unique
from inservice.org.api_auth import caller
from inservice.org.models import Person, Team
from inservice.org.permissions import get_person, get_team
from inservice.tickets.models import Ticket

router = Router(tags=["kudos"])

PeriodName = Literal["7d", "30d", "90d", "365d", "all"]
DirectionName = Literal["received", "given"]


def _out(viewer: Person, kudos: Kudos) -> dict[str, Any]:
    """A kudos read with KudosQuerySet.for_cards, as the viewer may see it."""
    hidden = kudos.hidden_at is not None
    ticket = kudos.ticket if may_see_request(viewer, kudos) else None
    return {
        "id": kudos.pk,
        "giver": kudos.giver,
        "recipients": [
            {"person": r.person, "team": r.team, "cross_team": r.cross_team}
            for r in kudos.recipients.all()
        ],
        "values": list(kudos.values.all()),
        "message": "" if hidden else kudos.message,
        "request": {"key": ticket.key, "subject": ticket.subject} if ticket else None,
        "for_a_request": kudos.ticket_id is not None,
        "cross_team": kudos.cross_team,
        "created_at": kudos.created_at,
        "hidden": hidden,
        "hidden_reason": kudos.hidden_reason if hidden else None,
        "deletable_until": kudos.deletable_until() if can_delete(viewer, kudos) else None,
    }


def _page(viewer: Person, kudos: KudosQuerySet, paging: PageQuery) -> dict[str, Any]:
    page = page_or_422(kudos.for_cards(viewer), ORDERING, paging.cursor, paging.limit)
    return {"items": [_out(viewer, k) for k in page.items], "next_cursor": page.next_cursor}


@router.get("/kudos/values", response=list[ValueOut], summary="The organisation's values")
def list_values(request: HttpRequest) -> list[Value]:
    """The values a kudos may name (by slug), in their order."""
    caller(request)
    return list(Value.objects.active().in_order())


@router.get("/kudos", response=KudosPage, summary="The kudos wall")
def list_kudos(
    request: HttpRequest,
    paging: Query[PageQuery],
    team: str = "",
    value: str = "",
    period: PeriodName = "all",
) -> dict[str, Any]:
    """Kudos newest first: `team` (a slug; a department covers its teams) narrows to kudos to
    the team or its people, `value` (a slug) to those naming it, `period` to the last 7, 30,
    90 or 365 days."""
    viewer = caller(request)
    chosen_value = value_named(value.strip())
    if value and chosen_value is None:
        message = _("No value “%(slug)s”.") % {"slug": value}
        raise unprocessable([problem(("query", "value"), message, "not_found")])
    chosen = WallFilter(
        team=get_team(team) if team else None, value=chosen_value, period=Period(period)
    )
    kudos = chosen.apply(Kudos.objects.visible_to(viewer), timezone.now())
    return _page(viewer, kudos, paging)


@router.post("/kudos", response={201: KudosOut}, summary="Give kudos")
def give_kudos(request: HttpRequest, payload: KudosIn) -> Status[dict[str, Any]]:
    """Thanks to people (ids) and/or teams (slugs), naming at least one of the organisation's
    values, optionally for a request you may see. Refused with a 422 naming the field: to
    yourself, beyond your daily limit, an empty or oversized message."""
    giver = caller(request)
    new = services.NewKudos(
        message=payload.message,
        values=_values(payload.values),
        people=_people(payload.people),
        teams=_teams(payload.teams),
        ticket=_ticket(payload.request),
    )
    with service_call():
        kudos = services.give_kudos(giver, new)
    return Status(201, _out(giver, get_kudos_for_user(giver, kudos.pk)))


@router.get("/kudos/{kudos_id}", response=KudosOut, summary="One kudos")
def get_kudos(request: HttpRequest, kudos_id: int) -> dict[str, Any]:
    viewer = caller(request)
    return _out(viewer, get_kudos_for_user(viewer, kudos_id))


@router.delete("/kudos/{kudos_id}", response={204: None}, summary="Delete your kudos")
def delete_kudos(request: HttpRequest, kudos_id: int) -> Status[None]:
    """Your own, within its first minutes (before anyone is told); later a 422 says so."""
    person = caller(request)
    kudos = get_kudos_to_delete(person, kudos_id)
    with service_call():
        services.delete_kudos(person, kudos)
    return Status(204, None)


@router.post("/kudos/{kudos_id}/hide", response=KudosOut, summary="Hide a kudos (a lead)")
def hide_kudos(request: HttpRequest, kudos_id: int, payload: HideIn) -> dict[str, Any]:
    """Leads of the giver's or a recipient's team, and administrators, with a reason."""
    person = caller(request)
    kudos = get_kudos_to_hide(person, kudos_id)
    with service_call():
        services.hide_kudos(person, kudos, payload.reason)
    return _out(person, get_kudos_for_user(person, kudos_id))


@router.get("/people/{person_id}/kudos", response=KudosPage, summary="A person's kudos")
def person_kudos(
    request: HttpRequest,
    person_id: int,
    paging: Query[PageQuery],
    direction: DirectionName = "received",
) -> dict[str, Any]:
    """The kudos a colleague received (or, with `direction=given`, gave), newest first."""
    viewer = caller(request)
    person = get_person(person_id)
    mine = Kudos.objects.visible_to(viewer)
    given = direction == Direction.GIVEN.value
    return _page(viewer, mine.given_by(person) if given else mine.received_by(person), paging)


# -- reading the payload's names ----------------------------------------------------------------


def _missing(field: str, names: list[str]) -> None:
    message = _("Nothing known by: %(names)s.") % {"names": ", ".join(names)}
    raise unprocessable([problem(("body", field), message, "not_found")])


def _people(ids: list[int]) -> list[Person]:
    found = {p.pk: p for p in Person.objects.filter(pk__in=ids)}
    if unknown := [str(pk) for pk in ids if pk not in found]:
        _missing("people", unknown)
    return [found[pk] for pk in ids]


def _teams(slugs: list[str]) -> list[Team]:
    found = {t.slug: t for t in Team.objects.filter(slug__in=slugs)}
    if unknown := [slug for slug in slugs if slug not in found]:
        _missing("teams", unknown)
    return [found[slug] for slug in slugs]


def _values(slugs: list[str]) -> list[Value]:
    found = {v.slug: v for v in Value.objects.filter(slug__in=slugs)}
    if unknown := [slug for slug in slugs if slug not in found]:
        _missing("values", unknown)
    return [found[slug] for slug in slugs]


def _ticket(key: str | None) -> Ticket | None:
    if not key:
        return None
    ticket = unique(Ticket.objects.filter(key=key.strip().upper()))
    if ticket is None:
        message = _("No request you can see has this key.")
        raise unprocessable([problem(("body", "request"), message, "not_found")])
    return ticket
