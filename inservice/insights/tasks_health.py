"""Background work of the health checks (decision 0038): Celery tasks taking IDs, idempotent
(one check per team and quarter: the unique constraint, and a check made meanwhile is
skipped)."""

from __future__ import annotations

from celery import shared_task

BATCH = 20  # teams per task: each check reads a few dozen figures


@shared_task(acks_late=True)
def generate_quarterly() -> int:
    """Beat, daily: on the first days of a quarter, last quarter's check for every service
    team without one, a batch of teams per task. Returns the teams queued."""
    from inservice.insights import periods, services_health
    from inservice.lib.tasks import enqueue_on_commit

    quarter = services_health.quarter_due(periods.today())
    if quarter is None:
        return 0
    team_ids = services_health.teams_due(quarter)
    for first in range(0, len(team_ids), BATCH):
        enqueue_on_commit(
            generate_checks, team_ids[first : first + BATCH], quarter.start.isoformat()
        )
    return len(team_ids)


@shared_task(acks_late=True)
def generate_checks(team_ids: list[int], quarter_start: str) -> int:
    """The checks of these teams for the quarter starting on `quarter_start` (ISO), those that
    have none yet. Returns the checks made."""
    from datetime import date

    from inservice.insights import services_health
    from inservice.insights.periods import Period

    quarter = Period.quarter_of(date.fromisoformat(quarter_start))
    return sum(services_health.generate_check(pk, quarter) is not None for pk in team_ids)
