"""Retrospectives over the API (decision 0039), for their participants as on the pages: the ones
you take part in (cursor pages), one with its packet, cards and action items, adding a card,
agreeing an action item. A retrospective you do not take part in is a 404; bad input a 422
naming the field; a closed one refuses every change with a 422."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from inservice.insights import retro_board, retro_packet, services_retros
from inservice.insights.models_retros import RetroCard, Retrospective
from inservice.insights.periods import today as reporting_today
from inservice.insights.permissions_retros import Retro, get_retro_for_user
from inservice.insights.schemas_retros import (
    ActionIn,
    ActionOut,
    CardIn,
    CardOut,
    RetroDetailOut,
    RetroPage,
)
from inservice.lib.api import PageQuery, page_or_422, problem, service_call, unprocessable
from inservice.lib.queries import unique
from inservice.org.api_auth import caller
from inservice.org.fields import find_person
from inservice.org.models import Person, Team

router = Router(tags=["retrospectives"])

ORDERING = ["-created_at", "-id"]


def _retro(retro: Retrospective, teams: list[Team]) -> dict[str, Any]:
    return {
        "id": retro.pk,
        "title": retro.title,
        "teams": teams,
        "period_start": retro.period_start,
        "period_end": retro.period_end,
        "facilitator": retro.facilitator,
        "state": retro.state,
        "created_at": retro.created_at,
        "closed_at": retro.closed_at,
        "previous_id": retro.previous_id,
        "url": reverse("insights:retro", args=[retro.pk]),
    }


@router.get("/retros", response=RetroPage, summary="The retrospectives you take part in")
def list_retros(request: HttpRequest, paging: Query[PageQuery]) -> dict[str, Any]:
    """Newest first: those of the teams you serve in, and those you facilitate."""
    viewer = caller(request)
    retros = (
        Retrospective.objects.with_participant(viewer)
        .select_related("facilitator")
        .prefetch_related("teams")
    )
    page = page_or_422(retros, ORDERING, paging.cursor, paging.limit)
    return {
        "items": [
            _retro(r, sorted(r.teams.all(), key=lambda t: (t.name, t.pk))) for r in page.items
        ],
        "next_cursor": page.next_cursor,
    }


def _action(line: retro_board.ActionLine) -> dict[str, Any]:
    action, ticket = line.action, line.request
    return {
        "id": action.pk,
        "text": action.text,
        "owner": action.owner,
        "due_on": action.due_on,
        "outcome": line.outcome.value,
        "card_id": action.card_id,
        "request": (
            {
                "key": ticket.key,
                "status": ticket.status,
                "url": reverse("tickets:detail", args=[ticket.key]),
            }
            if ticket is not None
            else None
        ),
        "created_at": action.created_at,
    }


def _card(view: retro_board.CardView) -> dict[str, Any]:
    card = view.card
    return {
        "id": card.pk,
        "column": card.column,
        "text": card.text,
        "author": card.author,
        "votes": view.votes,
        "voted": view.voted,
        "mine": view.mine,
        "created_at": card.created_at,
        "updated_at": card.updated_at,
    }


def _packet(packet: retro_packet.Packet) -> dict[str, Any]:
    previous = packet.previous
    return {
        "period_start": packet.period.start,
        "period_end": packet.period.end,
        "as_of": packet.as_of,
        "tables": [
            {
                "key": table.key,
                "title": str(table.title),
                "description": str(table.description),
                "columns": [str(column) for column in table.columns],
                "rows": table.rows,
                "note": str(table.note),
            }
            for table in packet.tables()
        ],
        "comments": [
            {
                "source": pair.source,
                "target": pair.target,
                "score": c.score,
                "text": c.text,
                "rated_on": c.rated_on,
            }
            for pair in packet.commented_pairs
            for c in pair.comments
        ],
        "named_suggestions": [
            {"title": s.title, "status": s.status.value, "team": s.team, "author": s.author}
            for s in packet.named_suggestions
        ],
        "previous": (
            {"id": previous.pk, "title": previous.title, "closed_at": previous.closed_at}
            if previous is not None
            else None
        ),
        "previous_actions": [_action(line) for line in packet.previous_actions],
    }


@router.get("/retros/{retro_id}", response=RetroDetailOut, summary="One retrospective")
def get_retro(request: HttpRequest, retro_id: int) -> dict[str, Any]:
    """With its data packet (the page's tables), its cards and its action items."""
    viewer = caller(request)
    retro = get_retro_for_user(viewer, retro_id)
    return _retro(retro.retro, retro.teams) | {
        "packet": _packet(retro_packet.build(retro, viewer)),
        "cards": [_card(view) for view in retro_board.cards(retro, viewer)],
        "actions": [
            _action(line) for line in retro_board.action_lines(retro.pk, viewer, reporting_today())
        ],
    }


@router.post("/retros/{retro_id}/cards", response={201: CardOut}, summary="Add a card")
def add_card(request: HttpRequest, retro_id: int, payload: CardIn) -> Status[dict[str, Any]]:
    """A card in one of the board's three columns, while the retrospective is open."""
    person = caller(request)
    retro = get_retro_for_user(person, retro_id)
    with service_call():
        card = services_retros.add_card(person, retro, payload.column, payload.text)
    return Status(201, _card(retro_board.cards(retro, person, card_id=card.pk)[0]))


def _owner(name: str) -> Person:
    found = find_person(name)
    if found is None:
        message = _("No one in the directory goes by this id, email or username.")
        raise unprocessable([problem(("body", "owner"), message, "unknown_person")])
    return found


def _from_card(retro: Retro, card_id: int | None) -> RetroCard | None:
    if card_id is None:
        return None
    card = unique(RetroCard.objects.filter(pk=card_id, retro_id=retro.pk))
    if card is None:
        message = _("Choose a card of this board.")
        raise unprocessable([problem(("body", "card"), message, "unknown_card")])
    return card


@router.post("/retros/{retro_id}/actions", response={201: ActionOut}, summary="Agree an action")
def add_action(request: HttpRequest, retro_id: int, payload: ActionIn) -> Status[dict[str, Any]]:
    """An action item with its owner (a member or lead of one of the teams) and due date: it
    becomes a request of the owner's team, assigned to them, asked for the facilitator."""
    person = caller(request)
    retro = get_retro_for_user(person, retro_id)
    draft = services_retros.ActionDraft(
        text=payload.text,
        owner=_owner(payload.owner),
        due_on=payload.due_on,
        card=_from_card(retro, payload.card),
    )
    with service_call():
        action = services_retros.add_action(person, retro, draft)
    lines = retro_board.action_lines(retro.pk, person, reporting_today())
    return Status(201, _action(next(line for line in lines if line.pk == action.pk)))
