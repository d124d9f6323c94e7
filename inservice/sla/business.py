"""Business time for teams: calendars from the database turned into `calendar.BusinessTime`.

Built tables are kept per calendar version (its `updated_at`), so every edit is seen at once and
nothing is rebuilt while a calendar stays the same.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date, datetime

import holidays as holiday_tables
from django.utils.translation import gettext

from inservice.org.models import Team
from inservice.sla.calendar import BusinessTime, CalendarSpec, Interval
from inservice.sla.models import Calendar

# A team that has not picked a calendar works Monday to Friday, 09:00-17:00 UTC.
OFFICE_HOURS = tuple(Interval(day, 9 * 60, 17 * 60) for day in range(5))
DEFAULT = CalendarSpec("UTC", OFFICE_HOURS)
_KEPT = 64

_lock = threading.Lock()
_tables: OrderedDict[tuple[int, datetime], BusinessTime] = OrderedDict()
_default: BusinessTime | None = None


def public_holidays(country: str, subdivision: str = "") -> Callable[[int], list[date]]:
    """The public holidays of a country (and region) for any year, from the `holidays` package."""
    if not country:
        return lambda year: []

    def of_year(year: int) -> list[date]:
        table = holiday_tables.country_holidays(country, subdiv=subdivision or None, years=year)
        return list(table)

    return of_year


def holiday_problem(country: str, subdivision: str) -> str | None:
    """Why these holidays cannot be looked up, or None."""
    if not country:
        return gettext("Name a region only with its country.") if subdivision else None
    try:
        holiday_tables.country_holidays(country, subdiv=subdivision or None, years=2026)
    except NotImplementedError:
        if subdivision:
            return gettext(
                "“%(region)s” is not a region of %(country)s that public holidays are known for."
            ) % {"region": subdivision, "country": country}
        return gettext("Public holidays are not known for the country code “%(country)s”.") % {
            "country": country
        }
    return None


def spec_of(calendar: Calendar) -> CalendarSpec:
    intervals = tuple(
        Interval(i.weekday, i.start_minute, i.end_minute) for i in calendar.intervals.all()
    )
    closures = list(calendar.closures.all())
    return CalendarSpec(
        zone=calendar.time_zone,
        intervals=intervals,
        holidays=public_holidays(calendar.country, calendar.subdivision),
        closed_dates=frozenset(c.on_date for c in closures if c.on_date),
        closures=tuple((c.starts_at, c.ends_at) for c in closures if c.starts_at and c.ends_at),
    )


def for_calendar(calendar: Calendar | None) -> BusinessTime:
    global _default
    if calendar is None:
        if _default is None:
            _default = BusinessTime(DEFAULT)
        return _default
    key = (calendar.pk, calendar.updated_at)
    with _lock:
        table = _tables.get(key)
        if table is not None:
            _tables.move_to_end(key)
            return table
    table = BusinessTime(spec_of(calendar))
    with _lock:
        _tables[key] = table
        while len(_tables) > _KEPT:
            _tables.popitem(last=False)
    return table


def forget() -> None:
    """Drops every built table (tests: SQLite reuses ids after a rollback, and frozen time
    repeats `updated_at`, so a new calendar could otherwise meet an old one's table)."""
    with _lock:
        _tables.clear()


def for_team(team: Team) -> BusinessTime:
    return for_calendar(team.calendar)


def business_minutes(team: Team, start: datetime, end: datetime) -> int:
    """Whole business minutes of the team's calendar between two instants."""
    return int(for_team(team).between(start, end))
