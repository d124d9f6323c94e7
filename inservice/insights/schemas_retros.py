"""What the API says about retrospectives, and what adding a card or an action item takes. The
input is strict (tickets.schemas.StrictIn): unknown fields and loose types are a 422 naming the
field; what is wrong with the values is insights.services_retros's to say, as on the pages."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from inservice.lib.api_dates import Day
from inservice.org.schemas import PersonRef, TeamRef
from inservice.tickets.schemas import PersonName, StrictIn

Cell = str | int | float | None


class RetroOut(Schema):
    id: int
    title: str
    teams: list[TeamRef]
    period_start: date
    period_end: date
    facilitator: PersonRef
    state: str = Field(description="open or closed.")
    created_at: datetime
    closed_at: datetime | None
    previous_id: int | None = Field(
        description="The last closed retrospective between the same teams when this one was made."
    )
    url: str


class RetroPage(Schema):
    items: list[RetroOut]
    next_cursor: str | None


class TableOut(Schema):
    key: str
    title: str
    description: str
    columns: list[str]
    rows: list[list[Cell]]
    note: str


class CommentOut(Schema):
    source: TeamRef = Field(description="The requesting team.")
    target: TeamRef = Field(description="The team that served and was rated.")
    score: int
    text: str
    rated_on: date


class NamedSuggestionOut(Schema):
    title: str
    status: str
    team: TeamRef
    author: str


class RequestRef(Schema):
    key: str
    status: str
    url: str


class ActionOut(Schema):
    id: int
    text: str
    owner: PersonRef
    due_on: date
    outcome: str = Field(description="done, open, overdue or cancelled.")
    card_id: int | None
    request: RequestRef | None = Field(description="Only when you may see the request.")
    created_at: datetime


class PreviousOut(Schema):
    id: int
    title: str
    closed_at: datetime | None


class PacketOut(Schema):
    period_start: date
    period_end: date
    as_of: datetime | None = Field(description="When the rollups it reads were last refreshed.")
    tables: list[TableOut] = Field(description="The tables the page shows (and their CSVs).")
    comments: list[CommentOut] = Field(description="Rating comments you may read, newest first.")
    named_suggestions: list[NamedSuggestionOut]
    previous: PreviousOut | None
    previous_actions: list[ActionOut]


class CardOut(Schema):
    id: int
    column: str = Field(description="well, improve or ideas.")
    text: str
    author: PersonRef | None
    votes: int
    voted: bool = Field(description="You voted for it.")
    mine: bool
    created_at: datetime
    updated_at: datetime


class RetroDetailOut(RetroOut):
    packet: PacketOut
    cards: list[CardOut]
    actions: list[ActionOut]


class CardIn(StrictIn):
    column: str = Field(description="well (went well), improve (to improve) or ideas.")
    text: str = Field(description="At most 500 characters.")


class ActionIn(StrictIn):
    text: str = Field("", description="What will be done; empty with a card: the card's text.")
    owner: PersonName = Field(
        description="A member or lead of one of the teams: their id, email or username."
    )
    due_on: Day = Field(description="YYYY-MM-DD, today or later, within a year.")
    card: int | None = Field(None, description="The card it comes from.")
