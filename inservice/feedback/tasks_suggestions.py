"""Background work of the suggestion box and concerns: Celery tasks taking IDs, idempotent
(each notification is made at most once per person and event; rows are marked under a lock)."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def announce_suggestion(suggestion_id: int) -> bool:
    """The team's leads hear of a named suggestion as soon as it is made."""
    from django.utils import timezone

    from inservice.feedback.services import suggestions

    return suggestions.announce_suggestion(suggestion_id, timezone.now())


@shared_task(acks_late=True)
def announce_reply(message_id: int) -> bool:
    """The team hears of a named submitter's reply as soon as it is written."""
    from django.utils import timezone

    from inservice.feedback.services import suggestions

    return suggestions.announce_reply(message_id, timezone.now())


@shared_task(acks_late=True)
def tell_author(message_id: int) -> int:
    """A named submitter hears of the team's answer."""
    from inservice.feedback.services import suggestions

    return suggestions.tell_author(message_id)


@shared_task(acks_late=True)
def announce_concern(concern_id: int) -> int:
    """Whoever a concern was raised with hears of it."""
    from inservice.feedback.services import suggestions

    return suggestions.announce_concern(concern_id)


@shared_task(acks_late=True)
def announce_concern_answer(concern_id: int) -> int:
    """A concern's raiser hears of its answer."""
    from inservice.feedback.services import suggestions

    return suggestions.announce_concern_answer(concern_id)


@shared_task(acks_late=True)
def announce_suggestions() -> int:
    """Beat, hourly: anonymous suggestions and replies reach their team at the end of the day
    they were written, and its leads hear of them then (named ones were announced at once; any
    whose announcement was lost are caught here too)."""
    from django.utils import timezone

    from inservice.feedback.services import suggestions

    now = timezone.now()
    new, replies = suggestions.to_announce(now)
    told = sum(suggestions.announce_suggestion(pk, now) for pk in new)
    return told + sum(suggestions.announce_reply(pk, now) for pk in replies)


@shared_task(acks_late=True)
def escalate_overdue() -> int:
    """Beat, hourly: suggestions past due without an answer go to the team's leads, concerns
    past due to the manager of whoever holds them; each once."""
    from django.utils import timezone

    from inservice.feedback.services import suggestions

    now = timezone.now()
    late = sum(
        suggestions.escalate_suggestion(pk, now) for pk in suggestions.suggestions_to_escalate(now)
    )
    return late + sum(
        suggestions.escalate_concern(pk, now) for pk in suggestions.concerns_to_escalate(now)
    )
