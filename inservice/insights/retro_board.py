"""What a retrospective's board shows a participant (decision 0039): each column's cards with
their votes, the action items with their outcomes, and who may own an action. A fixed number of
queries whatever the rows: one for the cards, two for the actions, one for the people.

An action's outcome comes from its request's status: done (resolved or closed), cancelled, or
open, and overdue when still open after its due date (a day of the reporting time zone).
Every participant sees the outcome; the request itself (its key, status and link) only those
who may see that request (tickets' own rule).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from inservice.insights.models_retros import RetroAction, RetroCard, RetroColumn, RetroVote
from inservice.insights.permissions_retros import Retro
from inservice.org.models import Person
from inservice.tickets.choices import Status
from inservice.tickets.models import Ticket


class Outcome(models.TextChoices):
    DONE = "done", _("Done")
    OPEN = "open", _("Open")
    OVERDUE = "overdue", _("Overdue")
    CANCELLED = "cancelled", _("Cancelled")

    @property
    def badge(self) -> str:
        return {"done": "ok", "open": "info", "overdue": "danger", "cancelled": "muted"}[self.value]


def outcome_of(status: str, due_on: date, today: date) -> Outcome:
    if status in (Status.RESOLVED, Status.CLOSED):
        return Outcome.DONE
    if status == Status.CANCELLED:
        return Outcome.CANCELLED
    return Outcome.OVERDUE if due_on < today else Outcome.OPEN


@dataclass(frozen=True)
class CardView:
    card: RetroCard
    votes: int
    voted: bool  # the viewer voted for it
    mine: bool  # the viewer wrote it

    @property
    def pk(self) -> int:
        return self.card.pk


@dataclass(frozen=True)
class ColumnView:
    column: RetroColumn
    cards: list[CardView]

    @property
    def key(self) -> str:
        return self.column.value

    @property
    def label(self) -> str:
        return str(self.column.label)


def cards(
    retro: Retro, viewer: Person, *, column: str | None = None, card_id: int | None = None
) -> list[CardView]:
    """The board's cards (of one column, or one card), in the order written: one query."""
    rows = (
        RetroCard.objects.filter(retro_id=retro.pk)
        .select_related("author")
        .annotate(
            vote_count=Count("votes"),
            voted=Exists(RetroVote.objects.filter(card=OuterRef("pk"), person=viewer)),
        )
        .order_by("created_at", "id")
    )
    if column is not None:
        rows = rows.filter(column=column)
    if card_id is not None:
        rows = rows.filter(pk=card_id)
    return [
        CardView(
            card=row,
            votes=row.vote_count,
            voted=row.voted,
            mine=row.author_id == viewer.pk,
        )
        for row in rows
    ]


def columns(retro: Retro, viewer: Person) -> list[ColumnView]:
    """The three columns, each with its cards: one query."""
    found = cards(retro, viewer)
    return [
        ColumnView(column, [c for c in found if c.card.column == column.value])
        for column in RetroColumn
    ]


def column_of(retro: Retro, viewer: Person, column: str) -> ColumnView:
    return ColumnView(RetroColumn(column), cards(retro, viewer, column=column))


@dataclass(frozen=True)
class ActionLine:
    action: RetroAction
    outcome: Outcome
    request: Ticket | None  # None: the viewer may not see the request

    @property
    def pk(self) -> int:
        return self.action.pk


def action_lines(retro_id: int, viewer: Person, today: date) -> list[ActionLine]:
    """A retrospective's action items, oldest first, with their outcomes: two queries."""
    actions = list(
        RetroAction.objects.filter(retro_id=retro_id)
        .select_related("owner", "ticket")
        .order_by("created_at", "id")
    )
    visible = visible_tickets(viewer, [a.ticket_id for a in actions])
    return [
        ActionLine(
            action=a,
            outcome=outcome_of(a.ticket.status, a.due_on, today),
            request=a.ticket if a.ticket_id in visible else None,
        )
        for a in actions
    ]


def visible_tickets(viewer: Person, ids: list[int]) -> set[int]:
    """Which of these requests the viewer may see: one query (none for no requests)."""
    if not ids:
        return set()
    return set(Ticket.objects.visible_to(viewer).filter(pk__in=ids).values_list("pk", flat=True))


def owners(retro: Retro) -> QuerySet[Person]:
    """Who may own an action: the active members and leads of the retrospective's teams."""
    return (
        Person.objects.filter(is_active=True, memberships__team_id__in=sorted(retro.team_ids))
        .distinct()
        .order_by("name", "id")
    )


def card_choices(retro: Retro) -> QuerySet[RetroCard]:
    """The cards an action may come from."""
    return RetroCard.objects.filter(retro_id=retro.pk).order_by("created_at", "id")
