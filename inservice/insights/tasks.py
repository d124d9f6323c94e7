"""Background work of insights: keeping the dashboards' daily rollups fresh. Idempotent: each
refresh replaces its days' rows whole, so a task run twice (or two at once) leaves the same
rows (insights.services)."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def refresh_recent() -> int:
    """Beat, every 15 minutes: today and yesterday. Returns the days refreshed."""
    from inservice.insights import services

    return services.refresh_recent()


@shared_task(acks_late=True)
def refresh_trailing() -> int:
    """Beat, nightly: the last 35 days, for what changes a past day late (ratings given up to
    their expiry, reopenings, first actions after a transfer)."""
    from inservice.insights import services

    return services.refresh_trailing()


# Celery finds tasks in each app's tasks module: the health checks' live in their own module.
from inservice.insights import tasks_health  # noqa: E402, F401
