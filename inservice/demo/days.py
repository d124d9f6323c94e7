"""How many requests are asked on each day of the demo's history (and of seeded data)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

# Requests per weekday relative to an average day: Monday is busiest, weekends are quiet.
WEEKDAY_LOAD = (1.35, 1.15, 1.05, 1.0, 0.85, 0.12, 0.08)


def day_load(day: date, start: date, end: date) -> float:
    """How busy a day is: weekday, the year-end lull, summer holidays, and a growing company."""
    load = WEEKDAY_LOAD[day.weekday()]
    if (day.month == 12 and day.day >= 22) or (day.month == 1 and day.day <= 2):
        load *= 0.3
    elif day.month == 8:
        load *= 0.85
    span = max(1, (end - start).days)
    return load * (0.85 + 0.3 * (day - start).days / span)


def poisson_days(
    start: date, end: date, per_day: float, rng: random.Random
) -> Iterator[tuple[date, int]]:
    """Requests per day for the demo: around `per_day` on an average day, with the day's load."""
    day = start
    while day <= end:
        mean = per_day * day_load(day, start, end)
        yield day, max(0, round(rng.gauss(mean, mean**0.5)))
        day += timedelta(days=1)


def exact_days(start: date, end: date, total: int) -> Iterator[tuple[date, int]]:
    """Exactly `total` requests over the days, shared by each day's load (largest remainder)."""
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    loads = [day_load(d, start, end) for d in days]
    scale = total / sum(loads)
    counts = [int(load * scale) for load in loads]
    short = total - sum(counts)
    by_remainder = sorted(range(len(days)), key=lambda i: counts[i] - loads[i] * scale)
    for i in by_remainder[:short]:
        counts[i] += 1
    yield from zip(days, counts, strict=True)
