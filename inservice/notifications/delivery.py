"""Recording events and sending emails: the notifications app's write path for its tasks.

The tasks in `notifications.tasks` only call these; everything written about a notification or
an email (created, sent, failed, skipped) is written here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from inservice.notifications.choices import Channel, DeliveryStatus
from inservice.notifications.emails import render_email, send_rendered
from inservice.notifications.models import Delivery, Notification
from inservice.notifications.recipients import recipients
from inservice.notifications.services import disabled_channels
from inservice.tickets.models import TimelineEntry

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Recorded:
    notifications: int  # in-app notifications created now
    deliveries: list[int]  # emails created now, to be sent


def record_event(kind: str, entry_id: int) -> Recorded:
    """The in-app notifications and pending emails for one event, each created at most once."""
    entry = TimelineEntry.objects.select_related("ticket").filter(pk=entry_id).first()
    if entry is None:
        return Recorded(0, [])
    people = recipients(kind, entry)
    off = disabled_channels([p.pk for p in people], kind)
    event_key = f"{kind}:{entry_id}"
    created, deliveries = 0, []
    with transaction.atomic():
        for person in people:
            about = {"kind": kind, "ticket": entry.ticket, "entry": entry}
            if (person.pk, Channel.IN_APP) not in off:
                _, made = Notification.objects.get_or_create(
                    recipient=person,
                    event_key=event_key,
                    defaults={**about, "actor_id": entry.actor_id},
                )
                created += int(made)
            if (person.pk, Channel.EMAIL) not in off and person.email:
                delivery, made = Delivery.objects.get_or_create(
                    recipient=person,
                    event_key=event_key,
                    channel=Channel.EMAIL,
                    defaults={**about, "to_address": person.email},
                )
                if made:
                    deliveries.append(delivery.pk)
    return Recorded(created, deliveries)


@dataclass(frozen=True)
class Attempt:
    status: str
    retry_in: int | None = None  # seconds until the next attempt, when one is due


def attempt_delivery(delivery_id: int) -> Attempt:
    """Sends one pending email and records the outcome; fails for good after MAX_ATTEMPTS.

    The row stays locked while the message goes out, so two workers handed the same delivery
    (a redelivered message, the stalled sweep) send it once: the second finds it no longer pending.
    """
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None:
            return Attempt("missing")
        if delivery.status != DeliveryStatus.PENDING:
            return Attempt(delivery.status)
        delivery.attempts += 1
        retry_in = None
        try:
            # A savepoint: a database error while rendering must not stop the outcome being logged.
            with transaction.atomic():
                _send(delivery)
        except Exception as exc:
            log.warning("delivery %s failed: %s", delivery_id, exc)
            retry_in = _record_failure(delivery, exc)
        delivery.save()
        return Attempt(
            delivery.status, retry_in if delivery.status == DeliveryStatus.PENDING else None
        )


def _send(delivery: Delivery) -> None:
    message = render_email(delivery)
    if message is None:
        delivery.status = DeliveryStatus.SKIPPED
        delivery.last_error = "The recipient may no longer see this request."
        return
    delivery.subject = message.subject[:250]
    send_rendered(message)
    delivery.status = DeliveryStatus.SENT
    delivery.sent_at = timezone.now()
    delivery.last_error = ""


def _record_failure(delivery: Delivery, exc: Exception) -> int:
    """Notes the error and when to try again; gives up after MAX_ATTEMPTS. Returns the delay."""
    delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    delay: int = min(30 * 2**delivery.attempts, 3600)
    delivery.next_attempt_at = timezone.now() + timedelta(seconds=delay)
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
    return delay
