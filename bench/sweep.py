"""One pass of the SLA sweep (sla.services.sweep) over the seeded database.

The seeded history leaves every clock as the sweep would have left it at seeding time: nothing
is due then. The benchmark sweeps at the moment when the next BENCH_SWEEP_DUE clocks have come
due (the next_check_at of the N-th clock in line), so one pass has a realistic minute's work.
The pass takes up to PER_SWEEP (5,000) due clocks and locks and writes them a batch of BATCH
(100) per transaction: at-risk, breach and second-level escalations, each with its timeline
entry. Their notifications are not timed: an announce_escalations task per batch is queued
after each commit and makes them, and the benchmark never runs it. Each run takes the next
clocks in line (the previous run moved the ones it handled on), so runs can be repeated.

Also recorded: EXPLAIN (ANALYZE, BUFFERS) of the sweep's find query, which must use the partial
index clock_sweep_idx, the find query's own time, and how many clocks come due per minute over
the next day in this data (what one minute of beat's sweep meets).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from bench.stats import Timing, summarise
from inservice.sla import services as sla
from inservice.sla.models import Clock
from inservice.tickets.choices import OPEN_STATUSES
from inservice.tickets.models import Ticket

INDEX = "clock_sweep_idx"
FIND_SAMPLES = 20


@dataclass
class SweepResult:
    open_requests: int
    pending_clocks: int  # clocks with a next check: the rows of the partial index
    now: str = ""  # the moment swept at
    due: int = 0  # clocks due at that moment
    seconds: float = 0.0  # the pass: sla.services.sweep(now)
    looked_at: int = 0
    escalations: int = 0
    queries: int = 0  # SQL statements the pass ran (savepoints included, commits not)
    left: int = 0  # clocks still due after the pass (more than one pass's worth)
    find: Timing | None = None  # the find query alone
    uses_index: bool = False
    explain: str = ""
    per_minute: dict[str, float] = field(default_factory=dict)  # clocks coming due, next 24 h
    skipped: str = ""


def find_query(now: datetime) -> QuerySet[Clock, int]:
    """The sweep's find query, as sla.services.sweep.sweep builds it."""
    return (
        Clock.objects.due_for_sweep(now)
        .order_by("next_check_at")
        .values_list("pk", flat=True)[: sla.sweep_batch()]
    )


def measure(due: int) -> SweepResult:
    pending = Clock.objects.filter(next_check_at__isnull=False)
    result = SweepResult(
        open_requests=Ticket.objects.filter(status__in=OPEN_STATUSES).count(),
        pending_clocks=pending.count(),
    )
    line = list(pending.order_by("next_check_at").values_list("next_check_at", flat=True)[:due])
    if not line:
        result.skipped = (
            "no clock is waiting for the sweep: seed open requests (BENCH_OPEN) into a fresh "
            "database"
        )
        return result
    now = line[-1]
    assert now is not None
    result.now = now.isoformat()
    result.due = Clock.objects.due_for_sweep(now).count()
    result.explain = explain(now)
    result.uses_index = INDEX in result.explain
    result.per_minute = rhythm(now)
    seconds = []
    for _ in range(FIND_SAMPLES):
        began = time.perf_counter()
        list(find_query(now))
        seconds.append(time.perf_counter() - began)
    result.find = summarise(seconds)
    counter = _Counter()
    with connection.execute_wrapper(counter):
        began = time.perf_counter()
        swept = sla.sweep(now)
        result.seconds = time.perf_counter() - began
    result.queries = counter.count
    result.looked_at, result.escalations = swept.looked_at, swept.escalations
    result.left = Clock.objects.due_for_sweep(now).count()
    return result


def explain(now: datetime) -> str:
    query = find_query(now)
    if connection.vendor == "postgresql":
        return query.explain(analyze=True, buffers=True)
    return query.explain()


def rhythm(now: datetime) -> dict[str, float]:
    """Clocks coming due per minute over the day after `now`: mean and busiest minute."""
    moments = Clock.objects.filter(
        next_check_at__gt=now, next_check_at__lte=now + timedelta(days=1)
    ).values_list("next_check_at", flat=True)
    minutes = Counter(m.replace(second=0, microsecond=0) for m in moments if m is not None)
    total = sum(minutes.values())
    return {
        "next_24h": total,
        "mean_per_minute": round(total / (24 * 60), 1),
        "busiest_minute": max(minutes.values(), default=0),
    }


class _Counter:
    """Counts statements as they run (cheaper than recording them, so the timing stays true)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        self.count += 1
        return execute(sql, params, many, context)
