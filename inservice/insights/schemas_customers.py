"""What the customer map's API says, and what a key customer's PUT takes (decision 0037).

The input is strict (tickets.schemas.StrictIn): unknown fields and loose types are a 422 naming
the field; lengths are checked here and again by insights.services_customers, which also refuses
empty needs, a team as its own customer and a contact not in the directory."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from inservice.insights.models_customers import MAX_TEXT
from inservice.org.schemas import PersonRef, TeamRef
from inservice.tickets.schemas import StrictIn


class MapQuery(Schema):
    start: str = Field(
        "",
        alias="from",
        description="The first day (YYYY-MM-DD, the reporting time zone); by default 30 days "
        "up to `to`.",
    )
    end: str = Field(
        "", alias="to", description="The last day, included (YYYY-MM-DD); by default today."
    )
    focus: str = Field(
        "",
        description="A team's slug: that team with its customers and its suppliers. Without "
        "it the whole map, for those who see the organisation's dashboard; a team's members "
        "get their first team's.",
    )


class FlowCountsOut(Schema):
    requests: int = Field(description="Requests the customer team's people asked.")
    ratings: int
    csat: float | None = Field(description="The average rating, 1-5; null without ratings.")
    resolution_met: int
    resolution_breached: int
    sla_percent: float | None = Field(
        description="Resolution targets met on time of those decided; null when none was."
    )


class NodeOut(Schema):
    key: str = Field(description="The node's key: the team's slug, prefixed by its role.")
    team: TeamRef | None = Field(description="Null: people in no team.")
    kind: str = Field(description="team or department; empty for people in no team.")
    department: str
    role: str = Field(description="focus, customer or supplier on a team's map; else empty.")
    asked: int = Field(description="Requests its people asked (of the focused team, on its map).")
    received: int = Field(description="Requests it was asked (by the focused team, on its map).")


class EdgeOut(FlowCountsOut):
    source: str = Field(description="The requesting node's key.")
    target: str = Field(description="The serving node's key.")
    source_team: TeamRef | None = Field(description="Null: people in no team.")
    target_team: TeamRef


class FoldedOut(FlowCountsOut):
    side: str = Field(description="all (the whole map), customer or supplier.")
    flows: int = Field(description="How many flows were added up.")
    teams: int = Field(description="Between how many teams (the focused one included).")


class PeriodOut(Schema):
    start: date
    end: date


class MapOut(Schema):
    period: PeriodOut
    focus: TeamRef | None
    nodes: list[NodeOut]
    edges: list[EdgeOut] = Field(description="The flows drawn, busiest first.")
    folded: list[FoldedOut] = Field(
        description="Flows too small to draw when there are too many, added up."
    )
    internal: int = Field(description="Requests teams asked of themselves: not on the map.")
    as_of: datetime | None = Field(description="When the daily rollups it reads were refreshed.")
    note: str


class KeyCustomerOut(Schema):
    team: TeamRef
    customer: TeamRef
    customer_kind: str = Field(description="team or department.")
    needs_from_us: str
    we_need: str
    contact: PersonRef | None
    notes: str
    updated_at: datetime
    updated_by: PersonRef | None


class KeyCustomerIn(StrictIn):
    needs_from_us: str = Field(
        max_length=MAX_TEXT, description="What the customer needs from the team; required."
    )
    we_need: str = Field("", max_length=MAX_TEXT, description="What the team needs from them.")
    contact: str | None = Field(
        None,
        max_length=254,
        description="Who to talk to on their side: an email or username in the directory.",
    )
    notes: str = Field("", max_length=MAX_TEXT)
