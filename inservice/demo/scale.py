"""Requests at scale for benchmarks: the demo's history shape, leaner, in bulk."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from inservice.demo.days import exact_days
from inservice.demo.history import Simulation
from inservice.demo.odds import SCALE_ODDS
from inservice.demo.world import load_world
from inservice.tickets.bulk import BulkWriter, refresh_statistics

BATCH_SIZE = 5000
# A backlog (requests left open) is asked over this many last days.
BACKLOG_DAYS = 10


def seed_requests(
    total: int,
    *,
    days: int = 730,
    open_requests: int | None = None,
    seed: int = 7,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
) -> BulkWriter:
    """Adds exactly `total` requests over the last `days`, spread over the organisation's
    teams, services and people as they are in the database, about eight timeline entries each,
    with their service levels (clocks, outcomes, escalations) as the sla app keeps them.

    `open_requests`: exactly this many of them are still open now, a backlog asked over the
    last BACKLOG_DAYS days; the others are all resolved, closed or cancelled. None: as many
    as the stories leave open (the last days' requests).

    Each batch commits on its own: an interrupted run keeps what it wrote, with keys unique and
    team counters right. Returns the (closed) writer, whose totals say what was written.
    """
    if open_requests is not None and not 0 <= open_requests <= total:
        raise ValueError("open_requests must be between 0 and the number of requests")
    world = load_world()
    if not world.offers:
        raise ValueError("No active service with members to answer it: load the demo first.")
    now = timezone.now()
    rng = random.Random(seed)  # noqa: S311 — made-up data, not a secret
    writer = BulkWriter(batch_size=batch_size, progress=progress)
    settled = open_requests is not None
    with writer:
        sim = Simulation(world, writer, now, rng, SCALE_ODDS)
        start = (now - timedelta(days=days)).date()
        for day, count in exact_days(start, now.date(), total - (open_requests or 0)):
            if count:
                sim.day(day, count, settled=settled)
        if open_requests:
            since = max(start, (now - timedelta(days=BACKLOG_DAYS)).date())
            for day, count in exact_days(since, now.date(), open_requests):
                if count:
                    sim.open_day(day, count)
    refresh_statistics()
    return writer
