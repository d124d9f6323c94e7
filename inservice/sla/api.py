"""Promises over the API: acknowledge a request with a promised time, renegotiate it.

The same rules as the request page (sla.services): a request the caller may not see is a 404; a
time in the past, a missing reason or a move the caller may not make is a 422 naming the field.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from inservice.lib.api import service_call
from inservice.org.api_auth import caller
from inservice.org.schemas import PersonRef, TeamRef
from inservice.sla import services
from inservice.sla.models import Promise
from inservice.sla.services.promises import MAX_MESSAGE, MAX_REASON
from inservice.tickets.permissions import get_ticket_for_user
from inservice.tickets.schemas import StrictIn

router = Router(tags=["promises"])


def _moment(value: Any) -> datetime:
    """An ISO 8601 date and time with its offset; the input schemas are strict, so a string is
    parsed here, with messages that say what to send."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError(
                "datetime_parsing",
                str(_("Expected a date and time like 2026-11-24T14:00:00+01:00.")),
            ) from None
    else:
        raise PydanticCustomError("datetime_type", str(_("Expected a date and time as a string.")))
    if parsed.tzinfo is None:
        raise PydanticCustomError(
            "timezone_aware", str(_("Give the time with its offset, e.g. +01:00 or Z."))
        )
    return parsed


Moment = Annotated[datetime, BeforeValidator(_moment)]


class AcknowledgeIn(StrictIn):
    promised_for: Moment = Field(description="When you will get back to the requester (ISO 8601).")
    step: Literal["update", "resolution"] = Field(
        "update", description="What you promise by then: a public update, or the resolution."
    )
    message: str = Field("", max_length=MAX_MESSAGE, description="Markdown, sent with it.")
    version: int | None = Field(
        None, description="The version you read: refused if someone changed the request since."
    )


class RenegotiateIn(StrictIn):
    promised_for: Moment = Field(description="The new time (ISO 8601).")
    reason: str = Field(
        min_length=1,
        max_length=MAX_REASON,
        description="Why the time changes: the requester reads it.",
    )


class PromiseOut(Schema):
    id: int
    step: str
    promised_for: datetime
    state: str
    message: str
    reason: str
    made_at: datetime
    made_by: PersonRef
    team: TeamRef
    replaces: int | None = Field(None, alias="replaces_id")


@router.post(
    "/requests/{key}/acknowledge",
    response={201: PromiseOut},
    summary="Acknowledge a request with a promised time",
)
def acknowledge(request: HttpRequest, key: str, payload: AcknowledgeIn) -> Status[Promise]:
    """A new request moves to acknowledged; the requester is told the promised time at once.
    On a request already being worked on with no promise standing, promises its next step."""
    person = caller(request)
    ticket = get_ticket_for_user(person, key)
    with service_call(illegal=("body",)):
        promise = services.acknowledge(
            person,
            ticket,
            payload.promised_for,
            payload.step,
            payload.message,
            version=payload.version,
        )
    return Status(201, promise)


@router.post(
    "/requests/{key}/promise",
    response={201: PromiseOut},
    summary="Renegotiate the promised time",
)
def renegotiate(request: HttpRequest, key: str, payload: RenegotiateIn) -> Status[Promise]:
    """A new time for the standing promise, with the reason; the requester is told. Before the
    old time it counts as renegotiated in time, after it the old promise counts as broken."""
    person = caller(request)
    ticket = get_ticket_for_user(person, key)
    with service_call(illegal=("body",)):
        promise = services.renegotiate(person, ticket, payload.promised_for, payload.reason)
    return Status(201, promise)
