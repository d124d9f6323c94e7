"""Background work of internal NPS campaigns: Celery tasks taking IDs, idempotent.

Beat runs `open_due_campaigns` and `start_quarterly_campaigns` daily; `launch_campaign` is
enqueued after the commit of a campaign that opens the day it is made. None of them carries
anything about an answer: answers are written by the engine's `submit` alone, in the request.
"""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def launch_campaign(survey_id: int, on: str = "") -> bool:
    """Opens the campaign if its day has come (`on`, the day its creator made it, ISO; today
    by default): samples and invites. Safe to run again."""
    import secrets
    from datetime import date

    from django.utils import timezone

    from inservice.feedback.services import nps

    today = max(timezone.now().date(), date.fromisoformat(on)) if on else timezone.now().date()
    # A fresh seed each time: only the first run samples anyone (the engine opens a campaign
    # once), and nobody can work the sample out from the campaign's id.
    return nps.launch_campaign(survey_id, today, secrets.randbits(64))


@shared_task(acks_late=True)
def open_due_campaigns() -> tuple[int, int]:
    """Beat, daily: opens the draft campaigns whose opening day has come and closes the open
    ones whose closing day has (the engine releases their results). Returns (opened, closed);
    safe to run twice: the engine opens and closes each campaign once."""
    import secrets

    from django.utils import timezone

    from inservice.feedback.services import nps, surveys

    today = timezone.now().date()
    opened = sum(
        nps.launch_campaign(pk, today, secrets.randbits(64)) for pk in nps.campaigns_to_open(today)
    )
    closed = sum(surveys.close_survey(pk, today) for pk in nps.campaigns_to_close(today))
    return opened, closed


@shared_task(acks_late=True)
def start_quarterly_campaigns() -> int:
    """Beat, daily: on a team's first working day of a quarter (or the first run after it), the
    team whose campaign covered the quarter before last gets one about last quarter, opening
    today. Safe to run twice: one campaign per team and period."""
    from django.utils import timezone

    from inservice.feedback.services import nps

    today = timezone.now().date()
    return sum(
        nps.start_quarterly_campaign(team_id, today) is not None
        for team_id in nps.quarterly_due(today)
    )
