"""What the API says about the vision and a team's charter, and what a charter's PUT takes.

The input is strict (tickets.schemas.StrictIn): unknown fields and loose types are a 422 naming
the field; lengths are checked here and again by org.services_charter, which also refuses
Markdown the page would drop."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from inservice.catalog.schemas import ServiceRef
from inservice.org.models_charter import MAX_MISSION, MAX_TEXT
from inservice.org.schemas import PersonRef, TeamRef
from inservice.tickets.schemas import StrictIn

MARKDOWN = "Markdown; raw HTML, pictures and links other than http(s) and mailto are refused."


class VisionOut(Schema):
    statement: str
    text: str = Field(description="Markdown, as written.")
    text_html: str = Field(description="The text as the page shows it: rendered and sanitised.")
    updated_at: datetime
    updated_by: PersonRef | None
    version: int


class HoursLineOut(Schema):
    days: str = Field(description="E.g. “Monday to Friday”.")
    spans: str = Field(description="E.g. “08:30-12:30, 13:30-17:30”.")


class WorkingWeekOut(Schema):
    calendar: str = Field(description="The calendar's name; empty: the default office hours.")
    time_zone: str
    hours: list[HoursLineOut]
    public_holidays: str = Field(description="Country (and region) whose holidays it closes on.")


class AgreementRef(Schema):
    id: int
    title: str
    provider: TeamRef
    receiver: TeamRef
    url: str


class CharterOut(Schema):
    team: TeamRef
    mission: str
    hours: str = Field(description="In words, as the team wrote them.")
    working_week: WorkingWeekOut = Field(description="The team's working calendar, live.")
    reach: str = Field(description="How to reach the team: Markdown, as written.")
    reach_html: str
    commitments: str = Field(description="Markdown, as written.")
    commitments_html: str
    services: list[ServiceRef] = Field(description="The team's services offered to you, live.")
    agreements: list[AgreementRef] = Field(
        description="The service agreements the team is part of, live (at most 20)."
    )
    updated_at: datetime
    updated_by: PersonRef | None
    version: int = Field(description="Send it back with a PUT to refuse overwriting a newer save.")


class CharterIn(StrictIn):
    mission: str = Field(max_length=MAX_MISSION, description="What the team is for; required.")
    hours: str = Field("", max_length=MAX_TEXT, description="Hours in words.")
    reach: str = Field("", max_length=MAX_TEXT, description=f"How to reach the team. {MARKDOWN}")
    commitments: str = Field("", max_length=MAX_TEXT, description=f"A list. {MARKDOWN}")
    version: int | None = Field(
        None,
        ge=0,
        description=(
            "The version you read (0: the team had no charter). When someone saved since, the "
            "PUT is refused with a 422 naming `version`. Left out: your text replaces theirs."
        ),
    )
