"""The next days of working time of a calendar, as the clocks will count them.

Built from BusinessTime.segments (the same arithmetic the clocks use), so what the lead sees is
what the service levels count. Each working span is listed on the local day it starts, an
overnight one with its end on the next day; days without work say why (a public holiday by
name, a closure by its reason).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays as holiday_tables
from django.utils.translation import gettext as _

from inservice.sla import business
from inservice.sla.calendar import NoWorkingTime
from inservice.sla.models import Calendar, Closure

DAYS = 7


@dataclass
class Span:
    start: datetime
    end: datetime
    next_day: bool  # ends on a later local day (an overnight shift)


@dataclass
class PreviewDay:
    day: date
    spans: list[Span] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Preview:
    zone: str
    days: list[PreviewDay]
    problem: str = ""


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=zone)


def holiday_names(calendar: Calendar, first: date, last: date) -> dict[date, str]:
    if not calendar.country:
        return {}
    table = holiday_tables.country_holidays(
        calendar.country,
        subdiv=calendar.subdivision or None,
        years=range(first.year, last.year + 1),
    )
    return {day: str(name) for day, name in table.items() if first <= day <= last}


def week_ahead(calendar: Calendar | None, now: datetime, days: int = DAYS) -> Preview:
    """The working spans of the next `days` local days, from today in the calendar's zone."""
    zone_name = calendar.time_zone if calendar is not None else "UTC"
    zone = ZoneInfo(zone_name)
    today = now.astimezone(zone).date()
    preview = [PreviewDay(today + timedelta(days=n)) for n in range(days)]
    by_day = {d.day: d for d in preview}
    window_start, window_end = _midnight(today, zone), _midnight(today + timedelta(days), zone)
    try:
        segments = business.for_calendar(calendar).segments(window_start, window_end)
    except NoWorkingTime:
        return Preview(zone_name, preview, _("This calendar has no working time at all."))
    for start, end in segments:
        local_start, local_end = start.astimezone(zone), end.astimezone(zone)
        found = by_day.get(local_start.date())
        if found is not None:
            next_day = local_end.date() > local_start.date() and local_end.time() != time()
            found.spans.append(Span(start, end, next_day))
    if calendar is not None:
        last = today + timedelta(days=days - 1)
        for day, name in holiday_names(calendar, today, last).items():
            by_day[day].notes.append(_("Public holiday: %(name)s") % {"name": name})
        for closure in calendar.closures.all():
            _note_closure(closure, by_day, zone)
    return Preview(zone_name, preview)


def _note_closure(closure: Closure, by_day: dict[date, PreviewDay], zone: ZoneInfo) -> None:
    """Notes the closure on each preview day it touches."""
    if closure.on_date is not None:
        if closure.on_date in by_day:
            by_day[closure.on_date].notes.append(
                _("Closed: %(reason)s") % {"reason": closure.reason}
                if closure.reason
                else _("Closed all day")
            )
        return
    if closure.starts_at is None or closure.ends_at is None:
        return
    start, end = closure.starts_at.astimezone(zone), closure.ends_at.astimezone(zone)
    for day, found in by_day.items():
        if start < _midnight(day + timedelta(days=1), zone) and end > _midnight(day, zone):
            found.notes.append(
                _("Closed %(start)s-%(end)s: %(reason)s")
                % {
                    "start": f"{start:%H:%M}" if start.date() == day else "00:00",
                    "end": f"{end:%H:%M}" if end.date() == day else "24:00",
                    "reason": closure.reason or _("no reason given"),
                }
            )
