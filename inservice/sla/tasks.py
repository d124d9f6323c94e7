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
    lost = services.unannounced(timezone.now())
    if lost:
        announce_escalations.delay(lost)
    while True:
        result = services.sweep(timezone.now())
        escalations += result.escalations
        if result.looked_at < services.sweep_batch() or time.monotonic() - started > SWEEP_SECONDS:
            return escalations


@shared_task(acks_late=True)
def announce_escalations(escalation_ids: list[int]) -> int:
    """The in-app and email notifications of a sweep batch's escalations, each in its own
    transaction: a worker that dies half-way leaves the rest for the sweep to announce again."""
    return sum(services.announce(pk, timezone.now()) for pk in escalation_ids)


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
