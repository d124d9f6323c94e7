"""The suggestion box's and concerns' emails, written when they go out from what the event key
names (services.suggestions writes the keys):

- `suggestion:<id>:new`, `suggestion:<id>:reply:<message>` (Kind.SUGGESTION), `suggestion:<id>:late`
  (SUGGESTION_LATE): to the people who answer for the team, while they still do (and, for the
  late one, while it is still unanswered);
- `suggestion:<id>:answer:<message>` (SUGGESTION_ANSWER): to a named submitter;
- `concern:<id>:new` / `concern:<id>:escalated` (CONCERN): to whoever it was raised with, while
  it is unanswered; `concern:<id>:answer` (CONCERN_ANSWER): to its raiser.
A concern's email carries no word of the concern or its answer (it is confidential: email passes
through other hands), only where to read it. None when there is nothing (left) to send.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from inservice.feedback.models.suggestions import Concern, Side, Suggestion, SuggestionMessage
from inservice.feedback.permissions_suggestions import can_answer, can_answer_concern, is_author
from inservice.lib.queries import unique
from inservice.notifications.choices import Kind
from inservice.notifications.models import Delivery
from inservice.notifications.rendering import render_message

TEMPLATES = "notifications/email/"


def render(delivery: Delivery) -> EmailMultiAlternatives | None:
    parts = delivery.event_key.split(":")
    if len(parts) < 3 or not parts[1].isdigit():
        return None
    kind, what, pk, event = Kind(delivery.kind), parts[0], int(parts[1]), parts[2]
    message_id = int(parts[3]) if len(parts) > 3 and parts[3].isdigit() else None
    if what == "suggestion":
        return _suggestion_email(delivery, kind, pk, event, message_id)
    if what == "concern":
        return _concern_email(delivery, kind, pk, event)
    return None


def _context(delivery: Delivery, path: str, **values: Any) -> dict[str, Any]:
    return {
        "person": delivery.recipient,
        "url": settings.SITE_URL + path,
        "site_name": settings.SITE_NAME,
        "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
        **values,
    }


def _suggestion_email(
    delivery: Delivery, kind: Kind, pk: int, event: str, message_id: int | None
) -> EmailMultiAlternatives | None:
    suggestion = unique(Suggestion.objects.select_related("team", "author").filter(pk=pk))
    if suggestion is None:
        return None
    person = delivery.recipient
    message: SuggestionMessage | None = None
    if message_id is not None:
        message = unique(
            SuggestionMessage.objects.select_related("author").filter(
                suggestion=suggestion, pk=message_id
            )
        )
        if message is None:
            return None
    path = reverse("feedback:suggestion_detail", args=[suggestion.pk])
    if kind == Kind.SUGGESTION_ANSWER and event == "answer":
        if message is None or message.side != Side.TEAM or not is_author(person, suggestion):
            return None
    elif kind == Kind.SUGGESTION and event in ("new", "reply"):
        if not can_answer(person, suggestion) or (event == "reply") != (message is not None):
            return None
    elif kind == Kind.SUGGESTION_LATE and event == "late":
        if not can_answer(person, suggestion) or suggestion.first_answered_at is not None:
            return None
    else:
        return None
    context = _context(delivery, path, suggestion=suggestion, message=message, event=event)
    return render_message(TEMPLATES + kind.value, context, delivery.to_address)


def _concern_email(
    delivery: Delivery, kind: Kind, pk: int, event: str
) -> EmailMultiAlternatives | None:
    concern = unique(
        Concern.objects.select_related("team", "raiser", "addressee", "escalated_to").filter(pk=pk)
    )
    if concern is None:
        return None
    person = delivery.recipient
    if kind == Kind.CONCERN and event in ("new", "escalated"):
        if concern.answered_at is not None or not can_answer_concern(person, concern):
            return None
    elif kind == Kind.CONCERN_ANSWER and event == "answer":
        if concern.answered_at is None or person.pk != concern.raiser_id:
            return None
    else:
        return None
    path = reverse("feedback:concern_detail", args=[concern.pk])
    context = _context(delivery, path, concern=concern, event=event)
    return render_message(TEMPLATES + kind.value, context, delivery.to_address)
