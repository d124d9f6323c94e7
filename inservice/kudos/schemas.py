"""What the kudos API reads and says."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from inservice.kudos.models import MAX_MESSAGE, MAX_PEOPLE, MAX_TEAMS
from inservice.kudos.services.giving import MAX_REASON
from inservice.org.schemas import PersonRef, TeamRef
from inservice.tickets.schemas import StrictIn


class KudosIn(StrictIn):
    people: list[int] = Field(
        default_factory=list, max_length=MAX_PEOPLE, description="The ids of the people thanked."
    )
    teams: list[str] = Field(
        default_factory=list, max_length=MAX_TEAMS, description="The slugs of the teams thanked."
    )
    values: list[str] = Field(
        default_factory=list,
        description="The slugs of the organisation's values they showed (GET /kudos/values).",
    )
    message: str = Field(max_length=MAX_MESSAGE, description="What they did. Plain text.")
    request: str | None = Field(
        None, description="The key of a request you may see that the help was given on."
    )


class HideIn(StrictIn):
    reason: str = Field(max_length=MAX_REASON, description="Why it is hidden; its giver reads it.")


class ValueOut(Schema):
    slug: str
    name: str
    description: str


class ValueRef(Schema):
    slug: str
    name: str


class RecipientOut(Schema):
    person: PersonRef | None
    team: TeamRef | None
    cross_team: bool


class RequestRef(Schema):
    key: str
    subject: str


class KudosOut(Schema):
    id: int
    giver: PersonRef
    recipients: list[RecipientOut]
    values: list[ValueRef]
    message: str = Field(description="Empty for a kudos hidden by a lead.")
    request: RequestRef | None = Field(
        description="Only when you may see the request; null otherwise."
    )
    for_a_request: bool = Field(description="Whether it is tied to a request (seen or not).")
    cross_team: bool
    created_at: datetime
    hidden: bool
    hidden_reason: str | None
    deletable_until: datetime | None = Field(
        description="Yours, within its delete window: until when you may delete it."
    )


class KudosPage(Schema):
    items: list[KudosOut]
    next_cursor: str | None
