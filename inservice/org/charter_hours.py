"""A working calendar's week in words, for a charter: "Monday to Friday: 08:30-12:30, 13:30-17:30".

Pure functions over (weekday, start minute, end minute) rows as sla.models.WorkingInterval stores
them (0 = Monday; an end past 24:00 runs into the next day). Consecutive days with the same hours
share a line, so an office week is one line and a night rota a few.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

DAY_MINUTES = 24 * 60


@dataclass(frozen=True)
class HoursLine:
    days: str  # "Monday to Friday", "Sunday"
    spans: str  # "08:30-12:30, 13:30-17:30"


def describe_week(intervals: Iterable[tuple[int, int, int]]) -> list[HoursLine]:
    """The week's working hours, Monday first; days without hours are left out."""
    by_day: dict[int, list[tuple[int, int]]] = {}
    for weekday, start, end in sorted(intervals):
        by_day.setdefault(weekday % 7, []).append((start, end))
    lines = []
    # Runs of consecutive weekdays whose hours are the same.
    runs = groupby(enumerate(sorted(by_day)), key=lambda pair: (pair[1] - pair[0], by_day[pair[1]]))
    for (_offset, spans), members in runs:
        days = [day for _index, day in members]
        lines.append(HoursLine(_days(days[0], days[-1]), ", ".join(_span(s, e) for s, e in spans)))
    return lines


def _days(first: int, last: int) -> str:
    if first == last:
        return str(WEEKDAYS[first])
    if last == first + 1:
        return _("%(first)s and %(last)s") % {"first": WEEKDAYS[first], "last": WEEKDAYS[last]}
    return _("%(first)s to %(last)s") % {"first": WEEKDAYS[first], "last": WEEKDAYS[last]}


def _span(start: int, end: int) -> str:
    if end > DAY_MINUTES:  # an overnight shift, e.g. 22:00 to 06:00
        return _("%(start)s-%(end)s the next day") % {"start": _hhmm(start), "end": _hhmm(end)}
    return f"{_hhmm(start)}-{_hhmm(end)}"


def _hhmm(minutes: int) -> str:
    if minutes == DAY_MINUTES:
        return "24:00"  # the end of the day, not the start of it
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"
