"""The fixed buckets the rollups count into, and reading medians and percentiles back out of
them. Pure, no ORM.

Times are kept as histograms, not lists: a day's row stays the same size whatever the number of
requests, and any period's distribution is the sum of its days'. The edges are fixed here, in
code, and roughly double each step (log-spaced): fine where most requests are answered, coarse
where few wait. A median or 90th percentile read from a histogram is interpolated linearly
within its bucket, so it is as exact as its bucket is narrow; the figures say so.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence

# Business minutes: the lower edge of each bucket; the last bucket has no upper edge.
MINUTES: tuple[int, ...] = (
    0,
    5,
    10,
    15,
    30,
    60,
    120,
    240,
    480,
    960,
    1920,
    3840,
    7680,
    15360,
    30720,
)

# Age of what is open at the end of a day, in days: 0-1, 1-3, 3-7, 7-14, 14-30, 30 and more.
AGES: tuple[int, ...] = (0, 1, 3, 7, 14, 30)


def bucket_of(value: float, edges: Sequence[int]) -> int:
    """The index of the bucket `value` falls in (a negative value in the first)."""
    index = 0
    for i, edge in enumerate(edges):
        if value >= edge:
            index = i
        else:
            break
    return index


def empty(edges: Sequence[int]) -> list[int]:
    return [0] * len(edges)


def add(histogram: list[int], value: float, edges: Sequence[int]) -> None:
    histogram[bucket_of(value, edges)] += 1


def histogram_of(values: Iterable[float], edges: Sequence[int]) -> list[int]:
    counts = empty(edges)
    for value in values:
        add(counts, value, edges)
    return counts


def accumulate(total: list[int], histogram: Sequence[int]) -> None:
    """Adds `histogram` into `total`, bucket by bucket (a shorter one counts as zeros)."""
    # A year of every team's rows is thousands of these: one pass in C rather than a Python loop.
    n = min(len(total), len(histogram))
    total[:n] = map(operator.add, total[:n], histogram[:n])


def merged(histograms: Iterable[Sequence[int]], edges: Sequence[int]) -> list[int]:
    """Bucket by bucket sums."""
    total = empty(edges)
    for histogram in histograms:
        accumulate(total, histogram)
    return total


def quantile(histogram: Sequence[int], edges: Sequence[int], q: float) -> float | None:
    """The `q` quantile (0-1) of the counted values, interpolated within its bucket; in the
    last, open-ended bucket, its lower edge ("at least"). None when nothing was counted."""
    total = sum(histogram)
    if total == 0:
        return None
    wanted = q * total
    seen = 0
    for i, count in enumerate(histogram):
        if count and seen + count >= wanted:
            if i + 1 >= len(edges):
                return float(edges[i])
            low, high = edges[i], edges[i + 1]
            return low + (high - low) * (wanted - seen) / count
        seen += count
    return float(edges[len(histogram) - 1])


def labels(edges: Sequence[int], unit: str = "") -> list[str]:
    """Each bucket as text: "0-5", "5-10", ... "30720+" (with `unit` after, when given)."""
    out = []
    for i, low in enumerate(edges):
        text = f"{low}-{edges[i + 1]}" if i + 1 < len(edges) else f"{low}+"
        out.append(f"{text} {unit}".strip())
    return out
