"""Periodic and background work on requests. Tasks take IDs and are safe to run twice."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from inservice.tickets import services
from inservice.tickets.choices import Status
from inservice.tickets.models import Ticket

SWEEP_BATCH = 1000


@shared_task
def close_resolved_tickets() -> int:
    """Beat: queues the closing of resolved requests whose reopen window has passed."""
    cutoff = timezone.now() - timedelta(days=int(settings.AUTO_CLOSE_AFTER_DAYS))
    ids = list(
        Ticket.objects.filter(status=Status.RESOLVED, resolved_at__lt=cutoff)
        .order_by("resolved_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for ticket_id in ids:
        close_resolved_ticket.delay(ticket_id)
    return len(ids)


@shared_task(acks_late=True)
def close_resolved_ticket(ticket_id: int) -> bool:
    return services.close_resolved(ticket_id)
