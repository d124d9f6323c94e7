"""Background work of kudos: Celery tasks taking IDs, idempotent (each kudos is told once under
its row lock; each notification is made at most once per person and event key)."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def tell_due() -> int:
    """Beat, every minute: the recipients of kudos whose delete window has passed hear of them
    (and their managers, by each recipient's choice)."""
    from django.utils import timezone

    from inservice.kudos import services

    now = timezone.now()
    return sum(services.tell(pk, now) for pk in services.kudos_to_tell(now))


@shared_task(acks_late=True)
def send_monthly_highlights() -> str:
    """Beat, on the 1st of each month: everyone hears of the month before's highlights, a batch
    of people per task (digest_batch), when that month had any kudos."""
    from django.utils import timezone

    from inservice.kudos import highlights

    month = highlights.previous_month(timezone.now())
    if highlights.month_highlights(month).total:
        digest_batch.delay(month, 0)
    return month


@shared_task(acks_late=True)
def digest_batch(month: str, after_id: int) -> int | None:
    """One batch of the month's highlights; queues the next batch until everyone is told."""
    from inservice.kudos import services

    following = services.digest_batch(month, after_id)
    if following is not None:
        digest_batch.delay(month, following)
    return following
