"""Business-time arithmetic: due-time computations per second on one core.

The calendar is the demo's Berlin office: Europe/Berlin, two intervals a day (08:30-12:30 and
13:30-17:30, a lunch break between), German public holidays for Berlin (DE/BE). One computation
is what a clock does when it starts or resumes: `BusinessTime.add_micros(start, target)`, the
moment a target of business time falls due. Starts are random instants over a year (nights,
weekends and holidays included); targets run from 15 minutes to ten business days.

Pure Python, no database: the tables are built once per calendar version and kept
(sla.business), so the steady state is measured; the first question's build is reported apart.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bench.stats import percentile
from inservice.sla.business import public_holidays
from inservice.sla.calendar import MINUTE, BusinessTime, CalendarSpec, Interval

CALENDAR = "Europe/Berlin, 08:30-12:30 and 13:30-17:30 Mon-Fri, public holidays DE/BE"
YEAR = 2026
TARGETS = (15, 30, 60, 120, 240, 480, 960, 1440, 2400, 4800)  # business minutes
TIMED_ONE_BY_ONE = 50_000  # calls timed one at a time for the median and p95


@dataclass
class BusinessTimeResult:
    calendar: str
    calls: int
    per_second: float  # over a loop of `calls` computations, no timer inside
    median_us: float  # per call, timed one at a time (the timer adds about 0.1 µs)
    p95_us: float
    max_us: float
    first_call_ms: float  # the first question: builds three years of working segments


def berlin() -> BusinessTime:
    hours = [
        Interval(day, start, end)
        for day in range(5)
        for start, end in ((8 * 60 + 30, 12 * 60 + 30), (13 * 60 + 30, 17 * 60 + 30))
    ]
    return BusinessTime(
        CalendarSpec("Europe/Berlin", tuple(hours), holidays=public_holidays("DE", "BE"))
    )


def inputs(count: int, seed: int = 11) -> list[tuple[datetime, int]]:
    rng = random.Random(seed)
    start = datetime(YEAR, 1, 1, tzinfo=UTC)
    seconds = 365 * 24 * 3600
    return [
        (
            start + timedelta(seconds=rng.randrange(seconds), microseconds=rng.randrange(10**6)),
            rng.choice(TARGETS) * MINUTE,
        )
        for _ in range(count)
    ]


def measure(calls: int) -> BusinessTimeResult:
    table = berlin()
    work = inputs(calls)
    began = time.perf_counter()
    table.add_micros(work[0][0], work[0][1])
    first_call = time.perf_counter() - began
    add = table.add_micros
    for at, micros in work[:1000]:  # warm-up: the year after, for due times in late December
        add(at, micros)
    began = time.perf_counter()
    for at, micros in work:
        add(at, micros)
    elapsed = time.perf_counter() - began
    clock = time.perf_counter_ns
    one_by_one: list[float] = []
    for at, micros in work[:TIMED_ONE_BY_ONE]:
        t0 = clock()
        add(at, micros)
        one_by_one.append(clock() - t0)
    one_by_one.sort()
    return BusinessTimeResult(
        calendar=CALENDAR,
        calls=calls,
        per_second=calls / elapsed,
        median_us=percentile(one_by_one, 0.5) / 1000,
        p95_us=percentile(one_by_one, 0.95) / 1000,
        max_us=one_by_one[-1] / 1000,
        first_call_ms=first_call * 1000,
    )
