"""Background work of pulse surveys: Celery tasks taking IDs (or nothing), idempotent."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def sweep_surveys() -> dict[str, int]:
    """Beat, hourly: opens the pulse surveys whose day has come (each person asked is told),
    reminds those who have not answered two days before a survey closes, and closes the surveys
    whose day has come, which releases their results. Each step is the engine's idempotent
    function for one survey id, so a sweep run twice, or overlapping another, does each once."""
    from django.utils import timezone

    from inservice.feedback.services import surveys

    today = timezone.now().date()
    return {
        "opened": sum(surveys.open_survey(pk, today) for pk in surveys.due_to_open(today)),
        "reminded": sum(surveys.remind(pk, today) > 0 for pk in surveys.due_to_remind(today)),
        "closed": sum(surveys.close_survey(pk, today) for pk in surveys.due_to_close(today)),
    }
