"""Business time: pure functions over a working calendar. No ORM, no clock reading.

A calendar is weekly working intervals in local wall time (several a day; an interval may run
past midnight, e.g. 22:00-06:00), a time zone, public holidays and closures. Intervals belong to
the local date they start on: a holiday or closed date removes the intervals that start that day.
Business time is the real time that passes inside working intervals, so an overnight shift across
a daylight-saving change counts the hour the clocks gained or lost.

`BusinessTime` turns a calendar into sorted, merged working segments (UTC, integer microseconds)
with running totals, built a year at a time as needed; every question is then a binary search:

- `next_working_moment(t)`: t if work happens at t, else the start of the next interval;
- `add(t, n)`: the earliest instant r with exactly n business minutes between t and r
  (n = 0: t itself when t is in working time, else the next working moment);
- `between(a, b)`: business minutes between two instants.

"In working time" means inside a segment, its end included: adding up to the end of a working
day gives the moment work stops (17:00), not the next morning.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import wraps
from itertools import pairwise
from typing import ParamSpec, TypeVar
from zoneinfo import ZoneInfo

from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext

P = ParamSpec("P")
R = TypeVar("R")
MINUTE = 60_000_000  # microseconds
DAY_MINUTES = 24 * 60
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_MICRO = timedelta(microseconds=1)
# A calendar with no working time within this many years is refused, not searched forever.
SEARCH_YEARS = 10


@dataclass(frozen=True, order=True)
class Interval:
    """Working time on one weekday (0 = Monday): minutes from local midnight, end after start.

    An end past 1440 runs into the next day (22:00-06:00 is start 1320, end 1800)."""

    weekday: int
    start: int
    end: int


@dataclass(frozen=True)
class CalendarSpec:
    zone: str
    intervals: tuple[Interval, ...]
    holidays: Callable[[int], Iterable[date]] = field(default=lambda year: ())
    closed_dates: frozenset[date] = frozenset()
    closures: tuple[tuple[datetime, datetime], ...] = ()


class NoWorkingTime(ValueError):
    pass


def interval_problems(intervals: Iterable[Interval]) -> list[str]:
    """Every problem with a week of intervals: empty or too long ones, unknown days, overlaps."""
    problems = []
    week = sorted(intervals)
    for item in week:
        if not 0 <= item.weekday <= 6:
            problems.append(gettext("Unknown weekday %(day)s.") % {"day": item.weekday})
        if not 0 <= item.start < DAY_MINUTES:
            problems.append(gettext("%(time)s is not a time of day.") % {"time": _hhmm(item.start)})
        if item.end <= item.start:
            problems.append(gettext("%(interval)s is empty.") % {"interval": _span(item)})
        elif item.end - item.start > DAY_MINUTES:
            problems.append(
                gettext("%(day)s %(time)s: an interval lasts at most a day.")
                % {"day": _day(item.weekday), "time": _hhmm(item.start)}
            )
    # Overlaps, including an overnight interval running into the next day (and Sunday into Monday).
    spans = sorted(
        (i.weekday * DAY_MINUTES + i.start, i.weekday * DAY_MINUTES + i.end, i) for i in week
    )
    spans += [(s + 7 * DAY_MINUTES, e + 7 * DAY_MINUTES, i) for s, e, i in spans[:1]]
    for (_, end_a, a), (start_b, _, b) in pairwise(spans):
        if start_b < end_a:  # the same interval given twice overlaps itself too
            problems.append(
                gettext("%(interval)s overlaps %(other)s.")
                % {"interval": _span(a), "other": _span(b)}
            )
    return problems


def _day(weekday: int) -> str:
    return str(WEEKDAYS[weekday % 7])


def _span(item: Interval) -> str:
    return f"{_day(item.weekday)} {_hhmm(item.start)}-{_hhmm(item.end)}"


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def to_micros(t: datetime) -> int:
    if t.tzinfo is None:
        raise ValueError("business time needs aware datetimes")
    return (t - EPOCH) // ONE_MICRO


def from_micros(x: int) -> datetime:
    return EPOCH + timedelta(microseconds=x)


def _serialised(method: Callable[P, R]) -> Callable[P, R]:
    """One question at a time per calendar: the segment index grows while answering."""

    @wraps(method)
    def locked(*args: P.args, **kwargs: P.kwargs) -> R:
        with args[0]._lock:  # type: ignore[attr-defined]  # args[0] is the BusinessTime
            return method(*args, **kwargs)

    return locked


class BusinessTime:
    """Business-time arithmetic for one calendar. Build once, ask many times, from any thread."""

    def __init__(self, spec: CalendarSpec) -> None:
        if interval_problems(spec.intervals):
            raise ValueError("; ".join(interval_problems(spec.intervals)))
        if not spec.intervals:
            raise NoWorkingTime("The calendar has no working hours.")
        self.spec = spec
        self.zone = ZoneInfo(spec.zone)
        self._lock = threading.RLock()
        self._by_weekday: dict[int, list[Interval]] = {}
        for item in spec.intervals:
            self._by_weekday.setdefault(item.weekday, []).append(item)
        self._closures = sorted((to_micros(a), to_micros(b)) for a, b in spec.closures if b > a)
        self._first_year = self._last_year = 0
        # Instants safely inside the built span: a whole year of segments on either side.
        self._safe_lo = self._safe_hi = 0
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._before: list[int] = []  # business micros before each segment
        self._through: list[int] = []  # business micros up to each segment's end

    # -- questions ---------------------------------------------------------------------------

    @_serialised
    def next_working_moment(self, t: datetime) -> datetime:
        x = to_micros(t)
        self._cover(x)
        i = bisect_right(self._starts, x) - 1
        if i >= 0 and x < self._ends[i]:
            return t
        self._cover_after(i + 1)
        return from_micros(self._starts[i + 1])

    @_serialised
    def is_working(self, t: datetime) -> bool:
        """In a working segment, its end included."""
        x = to_micros(t)
        self._cover(x)
        i = bisect_right(self._starts, x) - 1
        return i >= 0 and x <= self._ends[i]

    def add(self, t: datetime, minutes: int) -> datetime:
        if minutes < 0:
            raise ValueError("add a positive number of business minutes")
        return self.add_micros(t, minutes * MINUTE)

    @_serialised
    def add_micros(self, t: datetime, micros: int) -> datetime:
        """`add` in microseconds: for clocks that carry part-minutes across pauses and transfers."""
        if micros < 0:
            raise ValueError("add a positive amount of business time")
        x = to_micros(t)
        self._cover(x)
        if micros == 0:
            i = bisect_right(self._starts, x) - 1
            if i >= 0 and x <= self._ends[i]:
                return t
            return from_micros(self._starts[i + 1])
        target = self._position(x) + micros
        while self._through[-1] < target:
            self._grow_forward()
        j = bisect_left(self._through, target)
        return from_micros(self._starts[j] + (target - self._before[j]))

    def between(self, a: datetime, b: datetime) -> float:
        """Business minutes from a to b (negative when b is before a)."""
        return self.between_micros(a, b) / MINUTE

    @_serialised
    def between_micros(self, a: datetime, b: datetime) -> int:
        xa, xb = to_micros(a), to_micros(b)
        self._cover(xa)
        self._cover(xb)
        return self._position(xb) - self._position(xa)

    @_serialised
    def segments(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
        """The working segments overlapping [start, end), clipped to it (for pages and tests)."""
        xa, xb = to_micros(start), to_micros(end)
        self._cover(xa)
        self._cover(xb)
        i = max(bisect_right(self._starts, xa) - 1, 0)
        found = []
        while i < len(self._starts) and self._starts[i] < xb:
            lo, hi = max(self._starts[i], xa), min(self._ends[i], xb)
            if lo < hi:
                found.append((from_micros(lo), from_micros(hi)))
            i += 1
        return found

    # -- the segment index ---------------------------------------------------------------------

    def _position(self, x: int) -> int:
        i = bisect_right(self._starts, x) - 1
        if i < 0:
            return 0
        return self._before[i] + min(x, self._ends[i]) - self._starts[i]

    def _cover(self, x: int) -> None:
        """Builds whole years until the instant lies inside the built span, with work after it."""
        if self._safe_lo <= x < self._safe_hi and x < self._ends[-1]:
            return  # the common case: no date arithmetic at all
        year = from_micros(x).astimezone(self.zone).year
        if not self._starts:
            self._build(year - 1, year + 1)
        while year <= self._first_year:
            self._grow_backward()
        while year >= self._last_year or self._ends[-1] <= x:
            self._grow_forward()

    def _cover_after(self, index: int) -> None:
        while index >= len(self._starts):
            self._grow_forward()

    def _grow_forward(self) -> None:
        before = self._ends[-1] if self._ends else 0
        for _ in range(SEARCH_YEARS):
            self._build(self._first_year, self._last_year + 1)
            if self._ends and self._ends[-1] > before:
                return
        raise NoWorkingTime(f"No working time within {SEARCH_YEARS} years.")

    def _grow_backward(self) -> None:
        self._build(self._first_year - 1, self._last_year)

    def _build(self, first_year: int, last_year: int) -> None:
        """Segments of every interval starting on a local date in [first_year, last_year]."""
        raw: list[tuple[int, int]] = []
        day = date(first_year, 1, 1)
        end_day = date(last_year, 12, 31)
        holidays: set[date] = set()
        for year in range(first_year, last_year + 1):
            holidays.update(self.spec.holidays(year))
        closed = holidays | set(self.spec.closed_dates)
        while day <= end_day:
            if day not in closed:
                for item in self._by_weekday.get(day.weekday(), ()):
                    start = self._local(day, item.start)
                    end = self._local(day, item.end)
                    if start < end:  # a start in a skipped DST hour can make it empty
                        raw.append((start, end))
            day += timedelta(days=1)
        segments = _subtract(_merge(raw), self._closures)
        self._starts = [s for s, _ in segments]
        self._ends = [e for _, e in segments]
        self._before, self._through = [], []
        total = 0
        for s, e in segments:
            self._before.append(total)
            total += e - s
            self._through.append(total)
        self._first_year, self._last_year = first_year, last_year
        self._safe_lo = self._local(date(first_year + 1, 1, 1), 0)
        self._safe_hi = self._local(date(last_year, 1, 1), 0)

    def _local(self, day: date, minutes: int) -> int:
        wall = datetime.combine(day, time()) + timedelta(minutes=minutes)
        return to_micros(wall.replace(tzinfo=self.zone))


def _merge(raw: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(raw):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _subtract(
    segments: list[tuple[int, int]], closures: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    if not closures:
        return segments
    result = []
    for start, end in segments:
        pieces = [(start, end)]
        for c_start, c_end in closures:
            if c_end <= start or c_start >= end:
                continue
            pieces = [
                p
                for s, e in pieces
                for p in ((s, min(e, c_start)), (max(s, c_end), e))
                if p[0] < p[1]
            ]
        result.extend(pieces)
    return result
