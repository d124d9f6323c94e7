"""Median and 95th percentile of a list of durations."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    n: int
    median_ms: float
    p95_ms: float
    max_ms: float


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value at or above `share` of the values."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summarise(seconds: list[float]) -> Timing:
    return Timing(
        n=len(seconds),
        median_ms=statistics.median(seconds) * 1000,
        p95_ms=percentile(seconds, 0.95) * 1000,
        max_ms=max(seconds) * 1000,
    )
