"""What the health checks' API says (decision 0038): the archive's rows and one check whole."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from inservice.org.schemas import PersonRef, TeamRef


class HealthLightsOut(Schema):
    green: int = Field(description="Measures on track: meeting their target.")
    amber: int = Field(description="Measures to watch: just short of target, or slipping.")
    red: int = Field(description="Measures needing action: clearly short of target.")
    grey: int = Field(description="Measures with no data this quarter.")


class HealthCheckRowOut(Schema):
    quarter: str = Field(description="The quarter, as in URLs: 2026-Q1.")
    start: date
    end: date
    published: bool = Field(description="False: a draft, listed only for the team's leads.")
    published_at: datetime | None
    generated_at: datetime
    summary: HealthLightsOut
    url: str = Field(description="The check's page.")


class HealthChecksOut(Schema):
    team: TeamRef
    items: list[HealthCheckRowOut] = Field(description="Newest quarter first.")


class HealthLineOut(Schema):
    key: str
    label: str
    unit: str = Field(description="count, percent (0-100), minutes (business) or score.")
    value: float | None = Field(description="This quarter; null where there is no data.")
    previous: float | None = Field(description="The quarter before.")
    target: float | None
    higher_is_better: bool
    light: str = Field(description="green, amber, red or grey.")


class HealthCommitmentOut(Schema):
    text: str
    due: date | None


class HealthCheckOut(HealthCheckRowOut):
    team: TeamRef
    previous_start: date
    previous_end: date
    as_of: datetime | None = Field(description="When the rollups it was made from were refreshed.")
    generated_by: PersonRef | None = Field(description="Null: the quarterly task made it.")
    lines: list[HealthLineOut]
    summary_text: str
    feedback: dict[str, object] = Field(
        description="positive and critical: a few rating comments (score, text, service, on); "
        "anonymous: count, minimum and titles (only from the minimum group up)."
    )
    kudos: dict[str, object] = Field(description="messages: a few (giver, text, on).")
    suggestions: dict[str, object] = Field(
        description="received, answered_in_time, came_due, open_overdue, by_status, "
        "you_said_we_did (title, status, answer)."
    )
    training: dict[str, object] = Field(description="assigned, completed, overdue, percent.")
    commentary: str = Field(description="The lead's commentary, Markdown.")
    commentary_html: str
    commitments: list[HealthCommitmentOut]
    version: int
