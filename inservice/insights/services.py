"""The insights app's one write path: refreshing the daily rollups (decision 0034).

`refresh_days(start, end)` recomputes each reporting day from the requests, clocks, ratings,
promises, kudos and feedback, and replaces that day's rows in one transaction: running it twice
leaves the same rows. Days are whole days of `settings.INSIGHTS_TIME_ZONE`; today counts what
has happened so far. The tasks refresh today and yesterday every 15 minutes and the last 35
days nightly (late ratings, reopenings, first actions after a transfer); `manage.py
refresh_insights` refreshes any range (the demo and the benchmark: the whole history).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from inservice.insights import periods
from inservice.insights.models import (
    AgentDay,
    FlowDay,
    HandoffDay,
    OrganisationDay,
    RollupDay,
    RollupRun,
    ServiceDay,
    TeamDay,
)
from inservice.insights.rollup.backlog import Backlog
from inservice.insights.rollup.day import Teams, compute
from inservice.insights.rollup.reading import Window
from inservice.insights.rollup.tally import DayRows

RECENT_DAYS = 2  # today and yesterday
TRAILING_DAYS = 35  # past every rating's expiry (14 days) and the reopening window
KEEP_RUNS = timedelta(days=30)
BATCH = 1000


def refresh_day(day: date) -> int:
    """Recomputes one day's rows. Returns the number of days refreshed (0 for a future day)."""
    return refresh_days(day, day)


def refresh_days(start: date, end: date, *, progress: Callable[[date], None] | None = None) -> int:
    """Recomputes every day from `start` to `end` (both included; none after today), in order,
    each in its own transaction, and records the run. Returns the number of days refreshed."""
    now = timezone.now()
    last = min(end, periods.local_day(now))
    if last < start:
        return 0
    teams = Teams()
    # Open requests at the first day's start, then carried from day to day.
    backlog = Backlog.at(periods.day_start(start), now)
    day = start
    while day <= last:
        window = Window(day, periods.day_start(day), periods.day_start(day + timedelta(1)), now)
        _replace(day, compute(window, backlog, teams).rows())
        if progress is not None:
            progress(day)
        day += timedelta(days=1)
    finished = timezone.now()
    RollupRun.objects.create(first_day=start, last_day=last, started_at=now, finished_at=finished)
    RollupRun.objects.filter(finished_at__lt=finished - KEEP_RUNS).delete()
    return (last - start).days + 1


def refresh_recent() -> int:
    """Today and yesterday (every 15 minutes)."""
    today = periods.today()
    return refresh_days(today - timedelta(days=RECENT_DAYS - 1), today)


def refresh_trailing() -> int:
    """The last 35 days (nightly)."""
    today = periods.today()
    return refresh_days(today - timedelta(days=TRAILING_DAYS - 1), today)


def last_run() -> RollupRun | None:
    return RollupRun.objects.order_by("-finished_at", "-pk").first()


def _replace(day: date, rows: DayRows) -> None:
    """The day's rows, all replaced in one transaction. The day's own row is locked first, so
    two refreshes of the same day (the 15-minute task and the nightly one) take turns."""
    with transaction.atomic():
        RollupDay.objects.bulk_create(
            [RollupDay(day=day, refreshed_at=timezone.now())], ignore_conflicts=True
        )
        RollupDay.objects.select_for_update().filter(day=day).get()
        for model in (ServiceDay, TeamDay, OrganisationDay, AgentDay, HandoffDay, FlowDay):
            model.objects.filter(day=day).delete()
        ServiceDay.objects.bulk_create(rows.services, batch_size=BATCH)
        TeamDay.objects.bulk_create(rows.teams, batch_size=BATCH)
        OrganisationDay.objects.bulk_create(rows.organisation)
        AgentDay.objects.bulk_create(rows.agents, batch_size=BATCH)
        HandoffDay.objects.bulk_create(rows.handoffs, batch_size=BATCH)
        FlowDay.objects.bulk_create(rows.flows, batch_size=BATCH)
        RollupDay.objects.filter(day=day).update(refreshed_at=timezone.now())
