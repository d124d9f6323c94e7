"""Background work of workflows and agreements: Celery tasks taking IDs, idempotent."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def advance_run(run_id: int) -> int:
    """Requests the run's steps whose predecessors are finished; safe to run again."""
    from inservice.workflows import services

    return len(services.advance(run_id))


@shared_task(acks_late=True)
def remind_agreement_reviews() -> int:
    """Beat, daily: tells the leads of both teams of each agreement whose review date is two
    weeks away (or nearer). Safe to run twice: each agreement is reminded once per review date."""
    from django.utils import timezone

    from inservice.workflows import services

    today = timezone.now().date()
    return sum(services.remind_review(pk, today) for pk in services.reviews_due(today))
