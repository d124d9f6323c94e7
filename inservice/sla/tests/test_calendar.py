"""Business-time arithmetic: examples across DST, holidays, overnight shifts and year ends, and
the properties every calendar must keep (hypothesis)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
from django.test import SimpleTestCase
from hypothesis import given, settings
from hypothesis import strategies as st

from inservice.sla.calendar import (
    BusinessTime,
    CalendarSpec,
    Interval,
    NoWorkingTime,
    interval_problems,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
SYDNEY = ZoneInfo("Australia/Sydney")


def weekdays(*spans: tuple[int, int], days: range = range(5)) -> tuple[Interval, ...]:
    return tuple(Interval(d, s, e) for d in days for s, e in spans)


def german_holidays(year: int) -> list[date]:
    return list(holidays.country_holidays("DE", subdiv="BE", years=year))


# Office hours with a lunch break and Berlin's public holidays.
OFFICE = CalendarSpec(
    "Europe/Berlin", weekdays((9 * 60, 12 * 60), (13 * 60, 17 * 60)), german_holidays
)
# A night shift, 22:00-06:00 Monday to Friday nights, in New York.
NIGHTS = CalendarSpec("America/New_York", weekdays((22 * 60, 30 * 60)))
# Every hour of every day, in Sydney (daylight saving in the southern summer).
ALWAYS = CalendarSpec("Australia/Sydney", weekdays((0, 24 * 60), days=range(7)))
CALENDARS = {"office": OFFICE, "nights": NIGHTS, "always": ALWAYS}


def at(zone: ZoneInfo, year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=zone)


class ExampleTests(SimpleTestCase):
    def test_it_adds_across_lunch_and_into_the_next_day(self) -> None:
        office = BusinessTime(OFFICE)
        start = at(BERLIN, 2026, 11, 23, 11, 0)  # Monday
        self.assertEqual(office.add(start, 60), at(BERLIN, 2026, 11, 23, 12, 0))
        self.assertEqual(office.add(start, 61), at(BERLIN, 2026, 11, 23, 13, 1))
        self.assertEqual(
            office.add(start, 5 * 60), at(BERLIN, 2026, 11, 23, 17, 0)
        )  # the end of the day
        self.assertEqual(office.add(start, 5 * 60 + 1), at(BERLIN, 2026, 11, 24, 9, 1))

    def test_it_skips_weekends_and_public_holidays_across_the_year_end(self) -> None:
        office = BusinessTime(OFFICE)
        # Thursday 24 Dec 2026, 16:00: Christmas (25th, 26th) and the weekend, then New Year's Day.
        start = at(BERLIN, 2026, 12, 24, 16, 0)
        self.assertEqual(office.add(start, 60), at(BERLIN, 2026, 12, 24, 17, 0))
        self.assertEqual(office.add(start, 61), at(BERLIN, 2026, 12, 28, 9, 1))
        # Thursday 31 Dec 17:00 → Friday 1 Jan is a holiday → Monday 4 Jan 2027.
        self.assertEqual(
            office.next_working_moment(at(BERLIN, 2026, 12, 31, 17, 0)),
            at(BERLIN, 2027, 1, 4, 9, 0),
        )

    def test_it_counts_the_hour_a_dst_change_adds_or_removes_from_a_night_shift(self) -> None:
        nights = BusinessTime(NIGHTS)
        # Clocks go back at 02:00 on Sunday 1 Nov 2026: the Saturday shift does not run (Sat is not
        # a working night here), so use the spring change: Sunday 8 Mar 2026 has no 02:00-03:00.
        spring_shift = nights.segments(
            at(NEW_YORK, 2026, 3, 6, 21, 0), at(NEW_YORK, 2026, 3, 7, 7, 0)
        )
        self.assertEqual(
            [(a.astimezone(NEW_YORK).hour, b.astimezone(NEW_YORK).hour) for a, b in spring_shift],
            [(22, 6)],
        )
        # Friday night into Saturday is 8 real hours; Sunday 8 Mar is not a shift start (Mon-Fri).
        self.assertEqual(nights.between(*spring_shift[0]), 8 * 60)
        # Monday 2 Nov 2026 after the fall change: an ordinary 8 hours again, and Sunday-into-Monday
        # does not exist (Sunday is no shift). The autumn change on Sunday 1 Nov 02:00 falls in no shift.
        office_tz = BusinessTime(CalendarSpec("Europe/Berlin", (Interval(5, 22 * 60, 30 * 60),)))
        # Saturday 24 Oct 2026 22:00 → Sunday 25 Oct 06:00 Berlin time: the clocks go back at 03:00.
        shift = office_tz.segments(at(BERLIN, 2026, 10, 24, 20, 0), at(BERLIN, 2026, 10, 25, 8, 0))
        self.assertEqual(office_tz.between(*shift[0]), 9 * 60)
        # Saturday 28 Mar 2026 22:00 → Sunday 06:00: the clocks go forward at 02:00.
        shift = office_tz.segments(at(BERLIN, 2026, 3, 28, 20, 0), at(BERLIN, 2026, 3, 29, 8, 0))
        self.assertEqual(office_tz.between(*shift[0]), 7 * 60)

    def test_it_counts_business_minutes_between_two_instants(self) -> None:
        office = BusinessTime(OFFICE)
        monday, tuesday = at(BERLIN, 2026, 11, 23, 8, 0), at(BERLIN, 2026, 11, 24, 10, 30)
        self.assertEqual(office.between(monday, tuesday), 7 * 60 + 90)
        self.assertEqual(office.between(tuesday, monday), -(7 * 60 + 90))

    def test_it_honours_closures_and_closed_dates(self) -> None:
        closed = CalendarSpec(
            "Europe/Berlin",
            OFFICE.intervals,
            closed_dates=frozenset({date(2026, 11, 24)}),
            closures=((at(BERLIN, 2026, 11, 23, 14, 0), at(BERLIN, 2026, 11, 23, 16, 0)),),
        )
        office = BusinessTime(closed)
        self.assertEqual(
            office.add(at(BERLIN, 2026, 11, 23, 13, 0), 90), at(BERLIN, 2026, 11, 23, 16, 30)
        )
        self.assertEqual(
            office.add(at(BERLIN, 2026, 11, 23, 16, 0), 90), at(BERLIN, 2026, 11, 25, 9, 30)
        )

    def test_it_refuses_bad_weeks_with_clear_messages(self) -> None:
        self.assertEqual(
            interval_problems([Interval(0, 600, 600)]), ["Monday 10:00-10:00 is empty."]
        )
        self.assertIn(
            "Monday 09:00-12:00 overlaps Monday 11:00-13:00.",
            interval_problems([Interval(0, 540, 720), Interval(0, 660, 780)]),
        )
        self.assertTrue(interval_problems([Interval(0, 540, 720), Interval(0, 540, 720)]))  # twice
        # An overnight Sunday shift running into Monday morning's interval.
        self.assertTrue(
            interval_problems([Interval(6, 22 * 60, 31 * 60), Interval(0, 6 * 60, 9 * 60)])
        )
        with self.assertRaises(NoWorkingTime):
            BusinessTime(CalendarSpec("UTC", ()))

    def test_it_refuses_negative_minutes_and_naive_times(self) -> None:
        office = BusinessTime(OFFICE)
        with self.assertRaises(ValueError):
            office.add(at(BERLIN, 2026, 11, 23, 9, 0), -1)
        with self.assertRaises(ValueError):
            office.add(datetime(2026, 11, 23, 9, 0), 5)


instants = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2029, 12, 31)).map(
    lambda t: t.replace(tzinfo=UTC)
)
minutes = st.integers(min_value=0, max_value=60 * 24 * 40)
calendars = st.sampled_from(sorted(CALENDARS))
CLOCKS = {name: BusinessTime(spec) for name, spec in CALENDARS.items()}


class PropertyTests(SimpleTestCase):
    @settings(max_examples=300, deadline=None)
    @given(calendars, instants, minutes, minutes)
    def test_it_adds_a_then_b_as_a_plus_b(self, name: str, t: datetime, a: int, b: int) -> None:
        clock = CLOCKS[name]
        self.assertEqual(clock.add(clock.add(t, a), b), clock.add(t, a + b))

    @settings(max_examples=300, deadline=None)
    @given(calendars, instants, minutes)
    def test_it_lands_in_working_time_exactly_n_minutes_later(
        self, name: str, t: datetime, n: int
    ) -> None:
        clock = CLOCKS[name]
        result = clock.add(t, n)
        self.assertTrue(clock.is_working(result))
        self.assertEqual(clock.between(t, result), n)
        self.assertGreaterEqual(result, t)

    @settings(max_examples=300, deadline=None)
    @given(calendars, instants, minutes, st.integers(min_value=1, max_value=10_000))
    def test_it_is_monotonic_in_n(self, name: str, t: datetime, n: int, more: int) -> None:
        clock = CLOCKS[name]
        self.assertLess(clock.add(t, n), clock.add(t, n + more))

    @settings(max_examples=200, deadline=None)
    @given(calendars, instants)
    def test_it_starts_work_at_the_next_working_moment(self, name: str, t: datetime) -> None:
        clock = CLOCKS[name]
        moment = clock.next_working_moment(t)
        self.assertGreaterEqual(moment, t)
        self.assertEqual(clock.between(t, moment), 0)
        self.assertTrue(clock.is_working(moment))
        if moment > t:  # work starts then: the next minute of work follows at once
            self.assertEqual(clock.add(moment, 1) - moment, timedelta(minutes=1))
