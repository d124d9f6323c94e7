"""Fan-out and email delivery. Every task takes IDs and is safe to run twice."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from celery import Task, shared_task
from django.db import transaction
from django.utils import timezone

from inservice.lib.tasks import enqueue_on_commit
from inservice.notifications.choices import Channel, DeliveryStatus
from inservice.notifications.emails import render_email, send_rendered
from inservice.notifications.models import Delivery, Notification
from inservice.notifications.recipients import recipients
from inservice.notifications.services import disabled_channels
from inservice.tickets.models import TimelineEntry

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
# A pending email this late was lost (a crashed worker, a broker restart): the sweep sends it again.
STALLED_AFTER = timedelta(minutes=5)


@shared_task(acks_late=True)
def fan_out(kind: str, entry_id: int) -> int:
    """Creates the in-app notifications and queues the emails for one event."""
    entry = TimelineEntry.objects.select_related("ticket").filter(pk=entry_id).first()
    if entry is None:
        return 0
    people = recipients(kind, entry)
    off = disabled_channels([p.pk for p in people], kind)
    event_key = f"{kind}:{entry_id}"
    created = 0
    with transaction.atomic():
        for person in people:
            if (person.pk, Channel.IN_APP) not in off:
                _, made = Notification.objects.get_or_create(
                    recipient=person,
                    event_key=event_key,
                    defaults={
                        "kind": kind,
                        "ticket": entry.ticket,
                        "entry": entry,
                        "actor_id": entry.actor_id,
                    },
                )
                created += int(made)
            if (person.pk, Channel.EMAIL) not in off and person.email:
                delivery, made = Delivery.objects.get_or_create(
                    recipient=person,
                    event_key=event_key,
                    channel=Channel.EMAIL,
                    defaults={
                        "kind": kind,
                        "ticket": entry.ticket,
                        "entry": entry,
                        "to_address": person.email,
                    },
                )
                if made:
                    enqueue_on_commit(send_delivery, delivery.pk)
    return created


@shared_task(bind=True, acks_late=True)
def send_delivery(self: Task[Any, Any], delivery_id: int) -> str:
    """Sends one pending email and records the outcome; retried with backoff, failed after MAX_ATTEMPTS.

    The row stays locked while the message goes out, so two workers handed the same delivery
    (a redelivered message, the stalled sweep) send it once: the second finds it no longer pending.
    """
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None:
            return "missing"
        if delivery.status != DeliveryStatus.PENDING:
            return delivery.status
        delivery.attempts += 1
        try:
            # A savepoint: a database error while rendering must not stop the outcome being logged.
            with transaction.atomic():
                _attempt(delivery)
        except Exception as exc:
            log.warning("delivery %s failed: %s", delivery_id, exc)
            delay = _record_failure(delivery, exc)
            if delivery.status == DeliveryStatus.PENDING:
                transaction.on_commit(lambda: _retry_later(self, delivery_id, delay))
        delivery.save()
        return delivery.status


def _attempt(delivery: Delivery) -> None:
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


def _retry_later(task: Task[Any, Any], delivery_id: int, seconds: int) -> None:
    if task.request.is_eager or task.app.conf.task_always_eager:
        return  # inline (tests): the stalled sweep picks it up again instead of recursing now
    send_delivery.apply_async((delivery_id,), countdown=seconds)


@shared_task
def retry_stalled_deliveries() -> int:
    """Re-queues pending emails whose attempt is overdue: a crashed worker or a lost message."""
    ids = list(
        Delivery.objects.stalled(timezone.now() - STALLED_AFTER)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:500]
    )
    for delivery_id in ids:
        send_delivery.delay(delivery_id)
    return len(ids)
