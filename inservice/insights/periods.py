"""Reporting periods: whole days in the organisation's reporting time zone
(`settings.INSIGHTS_TIME_ZONE`), the grain the daily rollups are kept in (decision 0034)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def reporting_zone() -> ZoneInfo:
    return ZoneInfo(settings.INSIGHTS_TIME_ZONE)


def local_day(moment: datetime) -> date:
    """The reporting day an instant falls on."""
    return moment.astimezone(reporting_zone()).date()


def today() -> date:
    return local_day(timezone.now())


def day_start(day: date) -> datetime:
    """The first instant of a reporting day, aware (a day may be 23 or 25 hours long)."""
    return datetime.combine(day, time(), tzinfo=reporting_zone())


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period ends on or after its start")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before, for comparisons."""
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    def each_day(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range(self.days)]

    @property
    def starts_at(self) -> datetime:
        return day_start(self.start)

    @property
    def ends_before(self) -> datetime:
        """The first instant after the period."""
        return day_start(self.end + timedelta(days=1))

    @classmethod
    def last_days(cls, days: int, *, until: date | None = None) -> Period:
        end = until or today()
        return cls(end - timedelta(days=days - 1), end)

    @classmethod
    def quarter_of(cls, day: date) -> Period:
        first_month = 3 * ((day.month - 1) // 3) + 1
        start = date(day.year, first_month, 1)
        following = date(day.year + (first_month + 2) // 12, (first_month + 2) % 12 + 1, 1)
        return cls(start, following - timedelta(days=1))
