"""Telling people of suggestions: the leads of new ones and of the submitter's replies once they
reach the team, a named submitter of each answer, the leads of overdue ones (once)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from inservice.feedback.models.suggestions import Side, Suggestion, SuggestionMessage
from inservice.feedback.permissions_suggestions import handles
from inservice.feedback.services.suggestions._common import BATCH, detail_path, team_to_tell
from inservice.lib.queries import unique
from inservice.notifications import services as notify
from inservice.notifications.choices import Kind


def to_announce(now: datetime) -> tuple[list[int], list[int]]:
    """(Suggestions, submitter replies) that have reached their team and not been announced."""
    suggestions = Suggestion.objects.to_announce(now).order_by("reaches_team_at", "pk")
    replies = SuggestionMessage.objects.to_announce(now).order_by("reaches_team_at", "pk")
    return (
        list(suggestions.values_list("pk", flat=True)[:BATCH]),
        list(replies.values_list("pk", flat=True)[:BATCH]),
    )


def announce_suggestion(suggestion_id: int, now: datetime) -> bool:
    """Tells the team's leads of a suggestion that has reached them, once (the row is marked in
    the same transaction). False when there was nothing (left) to do."""
    with transaction.atomic():
        suggestion = unique(
            Suggestion.objects.select_for_update().to_announce(now).filter(pk=suggestion_id)
        )
        if suggestion is None:
            return False
        Suggestion.objects.filter(pk=suggestion.pk).update(announced_at=now)
        notify.notify_people(
            Kind.SUGGESTION,
            team_to_tell(suggestion.team_id),
            f"suggestion:{suggestion.pk}:new",
            title=suggestion.title,
            link=detail_path(suggestion),
        )
    return True


def announce_reply(message_id: int, now: datetime) -> bool:
    """Tells the team's leads, and whoever answered last, of the submitter's reply, once."""
    with transaction.atomic():
        message = unique(
            # Only the message's own row: PostgreSQL locks no nullable side of a join.
            SuggestionMessage.objects.select_for_update(of=("self",))
            .to_announce(now)
            .select_related("suggestion__latest_answer__author")
            .filter(pk=message_id)
        )
        if message is None:
            return False
        SuggestionMessage.objects.filter(pk=message.pk).update(announced_at=now)
        suggestion = message.suggestion
        people = team_to_tell(suggestion.team_id)
        last = suggestion.latest_answer.author if suggestion.latest_answer else None
        if last is not None and last.is_active and handles(last, suggestion.team_id):
            people = [*people, last] if last.pk not in {p.pk for p in people} else people
        notify.notify_people(
            Kind.SUGGESTION,
            people,
            f"suggestion:{suggestion.pk}:reply:{message.pk}",
            title=suggestion.title,
            link=detail_path(suggestion),
        )
    return True


def tell_author(message_id: int) -> int:
    """Tells a named submitter of the team's answer (once per answer)."""
    message = unique(
        SuggestionMessage.objects.select_related("suggestion__author").filter(
            pk=message_id, side=Side.TEAM
        )
    )
    if message is None:
        return 0
    suggestion = message.suggestion
    author = suggestion.author
    if suggestion.anonymous or author is None or not author.is_active:
        return 0
    return notify.notify_people(
        Kind.SUGGESTION_ANSWER,
        [author],
        f"suggestion:{suggestion.pk}:answer:{message.pk}",
        title=suggestion.title,
        link=detail_path(suggestion),
    )


def suggestions_to_escalate(now: datetime) -> list[int]:
    due = Suggestion.objects.to_escalate(now).order_by("due_at", "pk")
    return list(due.values_list("pk", flat=True)[:BATCH])


def escalate_suggestion(suggestion_id: int, now: datetime) -> bool:
    """Tells the team's leads that a suggestion is past due without an answer, once."""
    with transaction.atomic():
        suggestion = unique(
            Suggestion.objects.select_for_update().to_escalate(now).filter(pk=suggestion_id)
        )
        if suggestion is None:
            return False
        Suggestion.objects.filter(pk=suggestion.pk).update(escalated_at=now)
        notify.notify_people(
            Kind.SUGGESTION_LATE,
            team_to_tell(suggestion.team_id),
            f"suggestion:{suggestion.pk}:late",
            title=suggestion.title,
            link=detail_path(suggestion),
        )
    return True
