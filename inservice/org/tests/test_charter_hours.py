"""A working calendar's week in words, as a charter shows it beside the team's own hours."""

from __future__ import annotations

from django.test import SimpleTestCase

from inservice.org.charter_hours import HoursLine, describe_week

WEEKDAYS = range(5)


def week(*rows: tuple[range | tuple[int, ...], str, str]) -> list[tuple[int, int, int]]:
    """(days, "HH:MM", "HH:MM") rows as WorkingInterval stores them; an end before the start
    runs overnight, as the calendar page takes it."""

    def minutes(text: str) -> int:
        hours, mins = text.split(":")
        return int(hours) * 60 + int(mins)

    out = []
    for days, start, end in rows:
        first, last = minutes(start), minutes(end)
        for day in days:
            out.append((day, first, last if last > first else last + 24 * 60))
    return out


class DescribeWeekTests(SimpleTestCase):
    def test_it_says_an_office_week_in_one_line(self) -> None:
        lines = describe_week(week((WEEKDAYS, "08:30", "12:30"), (WEEKDAYS, "13:30", "17:30")))
        self.assertEqual(lines, [HoursLine("Monday to Friday", "08:30-12:30, 13:30-17:30")])

    def test_it_groups_only_consecutive_days_with_the_same_hours(self) -> None:
        # Infrastructure's night rota: days 08:00-18:00, nights Sunday to Thursday.
        lines = describe_week(
            week((WEEKDAYS, "08:00", "18:00"), ((6, 0, 1, 2, 3), "22:00", "06:00"))
        )
        self.assertEqual(
            lines,
            [
                HoursLine("Monday to Thursday", "08:00-18:00, 22:00-06:00 the next day"),
                HoursLine("Friday", "08:00-18:00"),
                HoursLine("Sunday", "22:00-06:00 the next day"),
            ],
        )

    def test_days_apart_are_named_apart_and_two_days_read_as_a_pair(self) -> None:
        lines = describe_week(
            week(((0, 2), "09:00", "17:00"), ((5, 6), "10:00", "14:00"), ((1,), "09:00", "12:00"))
        )
        self.assertEqual(
            lines,
            [
                HoursLine("Monday", "09:00-17:00"),
                HoursLine("Tuesday", "09:00-12:00"),
                HoursLine("Wednesday", "09:00-17:00"),
                HoursLine("Saturday and Sunday", "10:00-14:00"),
            ],
        )

    def test_midnight_ends_the_day_and_no_hours_say_nothing(self) -> None:
        self.assertEqual(
            describe_week([(4, 16 * 60, 24 * 60)]), [HoursLine("Friday", "16:00-24:00")]
        )
        self.assertEqual(describe_week([]), [])
