"""Business calendars through the service layer: checked as a whole, written in one go, and seen
at once by the business-time arithmetic."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.core.exceptions import ValidationError

from inservice.org.models import Team
from inservice.sla import business
from inservice.sla import services as sla
from inservice.sla.calendar import Interval
from inservice.sla.models import Calendar, Closure
from inservice.test import BaseTestCase

NINE_TO_FIVE = tuple(Interval(day, 540, 1020) for day in range(5))
THURSDAY_24_DEC = datetime(2026, 12, 24, 10, 0, tzinfo=UTC)


class SaveCalendarTests(BaseTestCase):
    def test_it_creates_a_calendar_the_team_works_by(self) -> None:
        calendar = sla.create_team_calendar(
            self.it,
            name=" Night desk ",
            time_zone="Europe/Berlin",
            intervals=(Interval(6, 1320, 1800),),
            country="de",
            subdivision="be",
        )
        self.assertEqual(
            (calendar.name, calendar.country, calendar.subdivision), ("Night desk", "DE", "BE")
        )
        self.assertEqual(Team.objects.get(pk=self.it.pk).calendar, calendar)
        self.assertEqual(
            list(calendar.intervals.values_list("weekday", "start_minute", "end_minute")),
            [(6, 1320, 1800)],
        )

    def test_it_changes_nothing_when_a_new_calendar_is_refused(self) -> None:
        with self.assertRaises(ValidationError):
            sla.create_team_calendar(self.it, name="Broken", time_zone="UTC", intervals=())
        self.assertFalse(Calendar.objects.exists())
        self.assertIsNone(Team.objects.get(pk=self.it.pk).calendar_id)

    def test_it_refuses_every_problem_at_once(self) -> None:
        sla.save_calendar(None, name="Berlin office", time_zone="UTC", intervals=NINE_TO_FIVE)
        with self.assertRaises(ValidationError) as caught:
            sla.save_calendar(
                None,
                name="BERLIN office",
                time_zone="Mars/Olympus",
                intervals=(Interval(0, 540, 1020), Interval(0, 540, 1020)),
                country="XX",
            )
        errors = caught.exception.message_dict
        self.assertEqual(sorted(errors), ["country", "intervals", "name", "time_zone"])
        self.assertIn("There is already a calendar called “BERLIN office”", errors["name"][0])
        self.assertIn("The same working interval is given twice.", errors["intervals"])
        self.assertEqual(Calendar.objects.count(), 1)

    def test_it_keeps_its_own_name_when_saved_again(self) -> None:
        calendar = sla.save_calendar(
            None, name="Berlin office", time_zone="UTC", intervals=NINE_TO_FIVE
        )
        sla.save_calendar(
            calendar, name="Berlin office", time_zone="Europe/Berlin", intervals=NINE_TO_FIVE
        )
        self.assertEqual(Calendar.objects.get().time_zone, "Europe/Berlin")


class ClosureTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.calendar = sla.create_team_calendar(
            self.it, name="Office", time_zone="UTC", intervals=NINE_TO_FIVE
        )

    def fresh(self) -> Calendar:
        return Calendar.objects.get(pk=self.calendar.pk)

    def test_it_counts_a_closure_in_business_time_as_soon_as_it_is_added(self) -> None:
        table = business.for_calendar(self.fresh())
        self.assertTrue(table.is_working(THURSDAY_24_DEC))
        closure = sla.add_closure(self.calendar, on_date=date(2026, 12, 24), reason="Eve")
        self.assertFalse(business.for_calendar(self.fresh()).is_working(THURSDAY_24_DEC))
        sla.remove_closure(self.calendar, closure.pk)
        self.assertTrue(business.for_calendar(self.fresh()).is_working(THURSDAY_24_DEC))

    def test_it_refuses_a_closure_that_is_neither_a_day_nor_a_range(self) -> None:
        for kwargs in (
            {},
            {"on_date": date(2026, 12, 24), "starts_at": THURSDAY_24_DEC},
            {"starts_at": THURSDAY_24_DEC, "ends_at": THURSDAY_24_DEC},
        ):
            with self.subTest(kwargs=kwargs), self.assertRaises(ValidationError):
                sla.add_closure(self.calendar, **kwargs)
        self.assertFalse(Closure.objects.exists())

    def test_it_removes_only_a_closure_of_the_calendar_given(self) -> None:
        other = sla.save_calendar(None, name="Other", time_zone="UTC", intervals=NINE_TO_FIVE)
        foreign = sla.add_closure(other, on_date=date(2026, 12, 24))
        sla.remove_closure(self.calendar, foreign.pk)
        self.assertTrue(Closure.objects.filter(pk=foreign.pk).exists())
