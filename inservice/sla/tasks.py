"""Periodic service-level work. Tasks take IDs (or nothing) and are safe to run twice."""

from __future__ import annotations

import time

from celery import shared_task
from django.utils import timezone

from inservice.sla import services

# A sweep keeps going while it finds full passes, for at most this long (beat runs it every minute).
SWEEP_SECONDS = 45


@shared_task(acks_late=True)
def sweep_clocks() -> int:
    """Beat, every minute: at-risk, breach and second-level escalations that have come due, and
    the escalations a dead worker left unannounced."""
    started = time.monotonic()
    escalations = 0
    for escalation_id in services.unannounced(timezone.now()):
        announce_escalation.delay(escalation_id)
    while True:
        result = services.sweep(timezone.now())
        escalations += result.escalations
        if result.looked_at < services.sweep_batch() or time.monotonic() - started > SWEEP_SECONDS:
            return escalations


@shared_task(acks_late=True)
def announce_escalation(escalation_id: int) -> bool:
    """The in-app and email notifications of one escalation."""
    return services.announce(escalation_id, timezone.now())


@shared_task(acks_late=True)
def lapse_promises() -> int:
    """Beat, every minute: open promises whose time has passed are marked broken, each once."""
    started = time.monotonic()
    lapsed = 0
    while True:
        found = services.lapse_promises(timezone.now())
        lapsed += found
        if found < services.LAPSE_BATCH or time.monotonic() - started > SWEEP_SECONDS:
            return lapsed
