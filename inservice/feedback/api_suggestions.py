"""The suggestion box over the API: the "you said, we did" board, making a suggestion, one
suggestion, and the team's answer. Every change goes through feedback.services.suggestions.

As on the pages: the board is everyone's and never names an anonymous submitter; one suggestion
is readable when it is on the board, the caller's own (named) or their team's; anything else is
a 404. An anonymous suggestion's private link is in the answer to POST /suggestions, once: it is
not stored, so it can never be read again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from inservice.feedback.forms_suggestions import ORGANISATION
from inservice.feedback.models.suggestions import (
    MAX_TEXT,
    MAX_TITLE,
    Side,
    Suggestion,
    SuggestionMessage,
)
from inservice.feedback.permissions_suggestions import (
    get_suggestion_for_user,
    get_suggestion_to_answer,
    visible_messages,
)
from inservice.feedback.services import suggestions as services
from inservice.lib.api import PageQuery, page_or_422, problem, service_call, unprocessable
from inservice.lib.queries import unique
from inservice.org.api_auth import caller
from inservice.org.models import Person, Team
from inservice.org.permissions import get_team
from inservice.org.schemas import PersonRef, TeamRef
from inservice.tickets.schemas import StrictIn

router = Router(tags=["suggestions"])

AnswerStatus = Literal["under_review", "planned", "done", "declined"]


class SuggestionIn(StrictIn):
    team: str | None = Field(
        None, description="The team's slug; null or left out for the whole organisation."
    )
    title: str = Field(max_length=MAX_TITLE)
    body: str = Field(max_length=MAX_TEXT)
    anonymous: bool = Field(
        True, description="Anonymous (the default): nothing links the suggestion to you."
    )


class AnswerIn(StrictIn):
    status: AnswerStatus | None = Field(
        None, description="The new status; the first answer must give one."
    )
    body: str = Field("", max_length=MAX_TEXT, description="The public answer.")
    reason: str = Field("", max_length=MAX_TEXT, description="Why it is declined (declined only).")


class MessageOut(Schema):
    side: Literal["team", "submitter"]
    author: PersonRef | None
    body: str
    reason: str
    new_status: str | None
    created_at: datetime


class SuggestionOut(Schema):
    id: int
    team: TeamRef | None
    title: str
    body: str
    status: str
    anonymous: bool
    author: PersonRef | None
    created_at: datetime
    answered_at: datetime | None
    decline_reason: str
    latest_answer: MessageOut | None


class SuggestionPage(Schema):
    items: list[SuggestionOut]
    next_cursor: str | None


class SuggestionDetail(SuggestionOut):
    due_at: datetime
    first_answered_at: datetime | None
    messages: list[MessageOut]


class SubmittedOut(Schema):
    suggestion: SuggestionDetail
    follow_url: str | None = Field(
        description="Anonymous suggestions: the private link, given this once and never again."
    )


def _message(message: SuggestionMessage | None) -> dict[str, Any] | None:
    if message is None:
        return None
    anonymous = message.side == Side.SUBMITTER and message.author is None
    return {
        "side": message.side,
        "author": None if anonymous else message.author,
        "body": message.body,
        "reason": message.reason,
        "new_status": message.new_status or None,
        "created_at": message.created_at,
    }


def _suggestion(suggestion: Suggestion) -> dict[str, Any]:
    return {
        "id": suggestion.pk,
        "team": suggestion.team,
        "title": suggestion.title,
        "body": suggestion.body,
        "status": suggestion.status,
        "anonymous": suggestion.anonymous,
        "author": None if suggestion.anonymous else suggestion.author,
        "created_at": suggestion.created_at,
        "answered_at": suggestion.last_answered_at,
        "decline_reason": suggestion.decline_reason,
        "latest_answer": _message(suggestion.latest_answer),
    }


def _detail(person: Person, suggestion: Suggestion) -> dict[str, Any]:
    messages = visible_messages(person, suggestion, timezone.now())
    return {
        **_suggestion(suggestion),
        "due_at": suggestion.due_at,
        "first_answered_at": suggestion.first_answered_at,
        "messages": [_message(m) for m in messages],
    }


def _fresh(suggestion_id: int) -> Suggestion:
    found = unique(
        Suggestion.objects.select_related("team", "author", "latest_answer__author").filter(
            pk=suggestion_id
        )
    )
    assert found is not None  # just written by the caller
    return found


@router.get("/suggestions", response=SuggestionPage, summary="You said, we did")
def list_suggestions(
    request: HttpRequest,
    paging: Query[PageQuery],
    team: str = "",
    status: AnswerStatus | None = None,
) -> dict[str, Any]:
    """Every answered suggestion, newest answer first, with what came of it; `team` (a slug, or
    "organisation" for those to the whole organisation) and `status` narrow it."""
    caller(request)
    suggestions = Suggestion.objects.for_board()
    if team == ORGANISATION:
        suggestions = suggestions.of_team(None)
    elif team:
        suggestions = suggestions.of_team(get_team(team))
    if status:
        suggestions = suggestions.filter(status=status)
    page = page_or_422(suggestions, ["-last_answered_at", "-id"], paging.cursor, paging.limit)
    return {"items": [_suggestion(s) for s in page.items], "next_cursor": page.next_cursor}


@router.post("/suggestions", response={201: SubmittedOut}, summary="Make a suggestion")
def create_suggestion(request: HttpRequest, payload: SuggestionIn) -> Status[dict[str, Any]]:
    """To a team (its slug) or the whole organisation (null). Anonymous by default: the answer
    carries the private link to follow it, once; nothing else links it to you."""
    person = caller(request)
    team: Team | None = None
    if payload.team is not None:
        team = unique(Team.objects.select_related("calendar").filter(slug=payload.team))
        if team is None:
            message = _("No team “%(slug)s”.") % {"slug": payload.team}
            raise unprocessable([problem(("body", "team"), message, "not_found")])
    new = services.NewSuggestion(
        team=team, title=payload.title, body=payload.body, anonymous=payload.anonymous
    )
    with service_call():
        submitted = services.submit_suggestion(person, new)
    suggestion = _fresh(submitted.suggestion.pk)
    follow = request.build_absolute_uri(submitted.follow_path) if submitted.secret else None
    return Status(201, {"suggestion": _detail(person, suggestion), "follow_url": follow})


@router.get("/suggestions/{suggestion_id}", response=SuggestionDetail, summary="One suggestion")
def get_suggestion(request: HttpRequest, suggestion_id: int) -> dict[str, Any]:
    """On the board, your own (named) or your team's; its thread as you may read it (the
    submitter's replies only for its team and its named author)."""
    person = caller(request)
    suggestion = get_suggestion_for_user(person, suggestion_id)
    return _detail(person, _fresh(suggestion.pk))


@router.post(
    "/suggestions/{suggestion_id}/answers",
    response={201: SuggestionDetail},
    summary="Answer a suggestion (its team)",
)
def answer_suggestion(
    request: HttpRequest, suggestion_id: int, payload: AnswerIn
) -> Status[dict[str, Any]]:
    """The team's public answer: a status (the first answer must give one; declined needs a
    `reason`) and/or a message. Only the team the suggestion was made to answers it."""
    person = caller(request)
    suggestion = get_suggestion_to_answer(person, suggestion_id)
    with service_call():
        services.answer_suggestion(
            person, suggestion, status=payload.status, body=payload.body, reason=payload.reason
        )
    return Status(201, _detail(person, _fresh(suggestion.pk)))
