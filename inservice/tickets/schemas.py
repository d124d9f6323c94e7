"""What the API takes and says about requests.

Input schemas are strict: unknown fields and loose types ("3" for 3) are refused with a 422, so a
typo in a client never passes silently.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import BeforeValidator, ConfigDict

from inservice.catalog.schemas import ServiceRef
from inservice.org.schemas import PersonRef, TeamRef
from inservice.tickets.choices import TransferReason, WaitReason
from inservice.tickets.models import Ticket
from inservice.tickets.services import MAX_BODY


def _id_as_text(value: Any) -> Any:
    # A person may be named by id (a JSON number) as well as by email or username.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


PersonName = Annotated[str, BeforeValidator(_id_as_text)]


class StrictIn(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)


class RequestIn(StrictIn):
    service: str = Field(description="The service's slug.")
    subject: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=MAX_BODY, description="Markdown.")
    answers: dict[str, Any] = Field(
        default_factory=dict,
        description=(
            "The intake form's answers by field key (see GET /services/{slug}). Text, long text, "
            "date (YYYY-MM-DD) and single choice: a string; number: a number; multiple choice: a "
            "list of strings; person: an id, email or username; attachment: an object with "
            "filename and content_base64."
        ),
    )
    on_behalf_of: PersonName | None = Field(
        None, description="Asking for someone else: their id, email or username."
    )
    watchers: list[PersonName] = Field(
        default_factory=list, max_length=20, description="Ids, emails or usernames."
    )


class TransitionIn(StrictIn):
    action: str = Field(
        description="acknowledge, start, wait, resume, resolve, close, reopen or cancel."
    )
    message: str = Field("", max_length=MAX_BODY, description="A public reply sent with the move.")
    reason: str = Field(
        "",
        description="With wait only: why the request waits on the requester, "
        + " or ".join(WaitReason.values)
        + " (the default).",
    )
    version: int | None = Field(
        None, description="The version you read: refused if someone changed the request since."
    )


class MessageIn(StrictIn):
    body: str = Field(min_length=1, max_length=MAX_BODY, description="Markdown.")
    version: int | None = None


class TransferIn(StrictIn):
    team: str = Field(description="The receiving team's slug.")
    reason: str = Field(
        description="Why it goes to another team: " + ", ".join(TransferReason.values) + "."
    )
    note: str = Field(min_length=1, max_length=MAX_BODY, description="The handoff note.")
    service: str | None = Field(None, description="A service of the receiving team (slug).")
    version: int | None = None


class RequestFields(Schema):
    """A request's own columns; RequestDetail is filled from a dict, so no resolvers here."""

    key: str
    subject: str
    status: str
    status_label: str
    priority: int
    priority_label: str
    channel: str
    is_confidential: bool
    service: ServiceRef
    team: TeamRef
    requester: PersonRef
    assignee: PersonRef | None
    created_at: datetime
    updated_at: datetime
    due_at: datetime | None = Field(
        description="When the nearest running service-level target falls due; null when none runs."
    )
    health: str = Field(
        description="How the request stands against its targets: ok, at_risk, breached, paused, "
        "or empty when no target applies."
    )


class RequestOut(RequestFields):
    @staticmethod
    def resolve_status_label(obj: Ticket) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_priority_label(obj: Ticket) -> str:
        return str(obj.get_priority_display())


class RequestCreated(RequestOut):
    """What POST /requests answers: the new request as stored; its timeline is at GET /requests/{key}."""

    answers: dict[str, Any]
    submitted_by: PersonRef


class RequestPage(Schema):
    items: list[RequestOut]
    next_cursor: str | None


class AttachmentOut(Schema):
    filename: str
    content_type: str
    size: int
    field_key: str
    url: str


class EntryOut(Schema):
    id: int
    kind: str
    actor: PersonRef | None
    created_at: datetime
    body: str
    is_internal: bool
    data: dict[str, Any]
    attachments: list[AttachmentOut]


class MoveOut(Schema):
    action: str
    label: str
    target: str


class ClockOut(Schema):
    """One service-level target of a request (the update target runs in cycles)."""

    target: str = Field(description="first_response, resolution or update.")
    cycle: int
    state: str = Field(description="running, paused, met or stopped.")
    due_at: datetime | None
    breached_at: datetime | None
    met_at: datetime | None
    paused_seconds: int = Field(
        description="Wall-clock time the target has spent paused (waiting on the requester, by "
        "default), the pause under way included."
    )
    paused_since: datetime | None = Field(description="When the pause under way began.")


class RequestDetail(RequestFields):
    description: str
    answers: dict[str, Any]
    submitted_by: PersonRef
    resolved_at: datetime | None
    closed_at: datetime | None
    reopen_until: datetime | None
    duplicate_of: str | None
    version: int
    watchers: list[PersonRef]
    attachments: list[AttachmentOut]
    transitions: list[MoveOut]
    clocks: list[ClockOut]
    timeline: list[EntryOut]


class QueueQuery(Schema):
    """The queue page's filters, validated by the very same form (tickets.forms.QueueFilterForm)."""

    status: list[str] = Field(
        default_factory=list,
        description="open (the default), new, acknowledged, in_progress, waiting, resolved, "
        "closed or cancelled; repeat to combine.",
    )
    priority: list[int] = Field(
        default_factory=list, description="1 urgent, 2 high, 3 normal, 4 low; repeat to combine."
    )
    assignee: str = Field("", description="me, none or a person's id.")
    service: str = Field("", description="A service's slug or id.")
    q: str = Field("", description="A request key (e.g. IT-1042) or text in subject or details.")
    sort: str = Field(
        "", description="due (the default: due soonest), priority, oldest, newest or updated."
    )
