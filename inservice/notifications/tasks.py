"""Fan-out and email delivery. Every task takes IDs and is safe to run twice."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from celery import Task, shared_task
from django.db import transaction
from django.utils import timezone

from inservice.lib.tasks import enqueue_on_commit
from inservice.notifications import digests, services
from inservice.notifications.delivery import MAX_ATTEMPTS, attempt_delivery, record_event
from inservice.notifications.models import Delivery

__all__ = ["MAX_ATTEMPTS", "fan_out", "retry_stalled_deliveries", "send_delivery", "send_digests"]
# A pending email this late was lost (a crashed worker, a broker restart): the sweep sends it again.
STALLED_AFTER = timedelta(minutes=5)


@shared_task(acks_late=True)
def fan_out(kind: str, entry_id: int) -> int:
    """Creates the in-app notifications and queues the emails for one event."""
    with transaction.atomic():
        recorded = record_event(kind, entry_id)
        for delivery_id in recorded.deliveries:
            enqueue_on_commit(send_delivery, delivery_id)
    return recorded.notifications


@shared_task(bind=True, acks_late=True)
def send_delivery(self: Task[Any, Any], delivery_id: int) -> str:
    """Sends one pending email (see delivery.attempt_delivery); retried later with backoff."""
    attempt = attempt_delivery(delivery_id)
    if attempt.retry_in is not None and not (
        self.request.is_eager or self.app.conf.task_always_eager
    ):
        # Inline (tests), the stalled sweep picks it up again instead of recursing now.
        send_delivery.apply_async((delivery_id,), countdown=attempt.retry_in)
    return attempt.status


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


@shared_task(acks_late=True)
def send_digests() -> int:
    """Beat, hourly: the digests of the people whose local time is now in the 08:00 hour.

    Safe to run twice: each digest is logged once per period (see digests.py).
    """
    sent = 0
    for due in digests.due_now(timezone.now()):
        sent += services.record_digest(due.person, due.kind, due.period, due.team) is not None
    return sent
