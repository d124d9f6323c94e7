"""Requests at scale for benchmarks: the demo's history shape, leaner, in bulk."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from inservice.demo.history import SCALE_ODDS, Simulation, exact_days
from inservice.demo.world import load_world
from inservice.tickets.bulk import BulkWriter, refresh_statistics

BATCH_SIZE = 5000


def seed_requests(
    total: int,
    *,
    days: int = 730,
    seed: int = 7,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
) -> BulkWriter:
    """Adds exactly `total` requests over the last `days`, spread over the organisation's
    teams, services and people as they are in the database, about six timeline entries each.

    Each batch commits on its own: an interrupted run keeps what it wrote, with keys unique and
    team counters right. Returns the (closed) writer, whose totals say what was written.
    """
    world = load_world()
    if not world.offers:
        raise ValueError("No active service with members to answer it: load the demo first.")
    now = timezone.now()
    rng = random.Random(seed)  # noqa: S311 — made-up data, not a secret
    writer = BulkWriter(batch_size=batch_size, progress=progress)
    with writer:
        sim = Simulation(world, writer, now, rng, SCALE_ODDS)
        for day, count in exact_days((now - timedelta(days=days)).date(), now.date(), total):
            if count:
                sim.day(day, count)
    refresh_statistics()
    return writer
