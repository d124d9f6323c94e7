"""A lead's calendar page: which calendar the team works by, its hours, holidays and closures,
and the coming week as the service levels count it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.browser import Visits, screenshot
from inservice.org import services as org
from inservice.org.models import Team
from inservice.sla import services as sla
from inservice.sla.calendar import Interval
from inservice.sla.models import Calendar, Closure
from inservice.test import BaseTestCase, Cast

HTMX = {"HX-Request": "true"}
MONDAY_21_DEC = datetime(2026, 12, 21, 10, 0, tzinfo=UTC)
SPLIT_DAY = tuple(
    Interval(day, start, end) for day in range(5) for start, end in ((540, 720), (780, 1020))
)


def weekly(*rows: tuple[int, str, str]) -> dict[str, str]:
    data = {"hours-count": str(len(rows))}
    for i, (day, start, end) in enumerate(rows):
        data.update({f"hours-{i}-day": str(day), f"hours-{i}-start": start, f"hours-{i}-end": end})
    return data


class CalendarPageTestCase(BaseTestCase):
    def url(self, name: str, *args: Any, team: Team | None = None) -> str:
        return reverse(f"sla:{name}", args=[(team or self.it).slug, *args])

    def berlin(self, team: Team | None = None, **changes: Any) -> Calendar:
        values: dict[str, Any] = {
            "name": "Berlin office",
            "time_zone": "Europe/Berlin",
            "intervals": SPLIT_DAY,
            "country": "DE",
            "subdivision": "BE",
        }
        values.update(changes)
        return sla.create_team_calendar(team or self.it, **values)

    def calendar_data(self, *rows: tuple[int, str, str], **settings: str) -> dict[str, str]:
        data = {
            "name": "Berlin office",
            "time_zone": "Europe/Berlin",
            "country": "DE",
            "subdivision": "BE",
            "op": "save",
        }
        data.update(settings)
        return {**data, **weekly(*rows)}

    def stored(self, calendar: Calendar) -> dict[str, Any]:
        fresh = Calendar.objects.get(pk=calendar.pk)
        return {
            "name": fresh.name,
            "zone": fresh.time_zone,
            "holidays": (fresh.country, fresh.subdivision),
            "hours": list(fresh.intervals.values_list("weekday", "start_minute", "end_minute")),
        }

    def count_queries(self, url: str, **headers: str) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, headers=headers)
        self.assertEqual(response.status_code, 200)
        return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)


class PermissionTests(CalendarPageTestCase):
    CAST = (("erin", True), ("root", True), ("grace", False), ("carol", False), ("alice", False))

    def test_it_answers_404_to_all_but_the_teams_lead_and_administrators(self) -> None:
        calendar = self.berlin()
        closure = sla.add_closure(calendar, on_date=date(2026, 12, 24))
        routes = [
            ("get", self.url("calendar"), {}),
            ("get", self.url("calendar_hours"), {}),
            ("post", self.url("calendar_hours"), {"op": "add-0", "hours-count": "0"}),
            ("get", self.url("closures"), {}),
            ("post", self.url("closures"), {"kind": "date"}),
            ("get", self.url("calendar_preview"), {}),
            ("get", self.url("calendar_new"), {}),
            ("post", self.url("calendar_new"), {"op": "add-0", "hours-count": "0"}),
            ("post", self.url("calendar_choose"), {"calendar": "x"}),
        ]
        for username, allowed in self.CAST:
            self.login(getattr(self, username))
            for method, url, data in routes:
                with self.subTest(person=username, url=url):
                    response = getattr(self.client, method)(url, data)
                    self.assertEqual(response.status_code in (200, 422), allowed, response)
                    if not allowed:
                        self.assertEqual(response.status_code, 404)
            with self.subTest(person=username, action="remove a closure"):
                response = self.client.post(self.url("closure_remove", closure.pk))
                self.assertEqual(response.status_code, 303 if allowed else 404)
            closure = sla.add_closure(calendar, on_date=date(2026, 12, 24))

    def test_it_changes_nothing_for_someone_who_may_not_manage(self) -> None:
        calendar = self.berlin()
        closure = sla.add_closure(calendar, on_date=date(2026, 12, 24))
        before = self.stored(calendar)
        for person in (self.grace, self.carol, self.alice):
            self.login(person)
            self.client.post(self.url("calendar_hours"), self.calendar_data((0, "08:00", "20:00")))
            self.client.post(self.url("calendar_choose"), {"calendar": ""})
            self.client.post(self.url("closure_remove", closure.pk))
            self.client.post(
                self.url("calendar_new"), self.calendar_data((0, "08:00", "20:00"), name="Mine")
            )
        self.assertEqual(self.stored(calendar), before)
        self.assertEqual(Team.objects.get(pk=self.it.pk).calendar_id, calendar.pk)
        self.assertTrue(Closure.objects.filter(pk=closure.pk).exists())
        self.assertFalse(Calendar.objects.filter(name="Mine").exists())

    def test_it_links_the_calendar_from_the_team_management_page(self) -> None:
        self.login(self.erin)
        response = self.client.get(reverse("manage_org:team", args=[self.it.slug]))
        self.assertContains(response, f'href="{self.url("calendar")}"')


class ChooseTests(CalendarPageTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.erin)

    def test_it_shows_the_default_hours_for_a_team_without_a_calendar(self) -> None:
        with time_machine.travel(MONDAY_21_DEC, tick=False):
            self.login(self.erin)  # a session from before the trip would have expired
            response = self.client.get(self.url("calendar"))
        self.assertContains(response, "The team has no calendar of its own")
        self.assertContains(
            response,
            'Mon 21 Dec:</strong>\n      <span class="nowrap">09:00-17:00</span>',
            html=False,
        )
        self.assertContains(response, "Sat 26 Dec:</strong>")

    def test_it_picks_a_calendar_for_the_team_and_back_to_the_default(self) -> None:
        calendar = self.berlin(self.payroll)
        page = self.client.post(self.url("calendar_choose"), {"calendar": calendar.pk}, follow=True)
        self.assertRedirects(page, self.url("calendar"), status_code=303)
        self.assertEqual(Team.objects.get(pk=self.it.pk).calendar_id, calendar.pk)
        self.assertContains(page, "IT Service Desk works by “Berlin office” from now on.")
        self.assertContains(page, "Also used by:")
        self.assertContains(page, "Payroll")

        response = self.client.post(self.url("calendar_choose"), {"calendar": ""}, headers=HTMX)
        self.assertEqual(response.status_code, 204)
        self.assertEqual(response["HX-Redirect"], self.url("calendar"))
        self.assertIsNone(Team.objects.get(pk=self.it.pk).calendar_id)

    def test_it_refuses_a_calendar_that_does_not_exist(self) -> None:
        response = self.client.post(self.url("calendar_choose"), {"calendar": "9999"})
        self.assertContains(response, "That calendar no longer exists.", status_code=422)
        self.assertIsNone(Team.objects.get(pk=self.it.pk).calendar_id)

    def test_it_creates_a_calendar_that_the_team_then_works_by(self) -> None:
        page = self.client.get(self.url("calendar_new"))
        self.assertContains(page, 'name="hours-count" value="5"')  # a copy of 9 to 5
        data = self.calendar_data((0, "09:00", "17:00"), (6, "22:00", "06:00"), name="Night desk")
        response = self.client.post(self.url("calendar_new"), data)
        self.assertRedirects(response, self.url("calendar"), status_code=303)
        team = Team.objects.select_related("calendar").get(pk=self.it.pk)
        assert team.calendar is not None
        self.assertEqual(
            self.stored(team.calendar),
            {
                "name": "Night desk",
                "zone": "Europe/Berlin",
                "holidays": ("DE", "BE"),
                "hours": [(0, 540, 1020), (6, 1320, 1800)],
            },
        )

    def test_it_refuses_a_new_calendar_with_a_name_already_taken(self) -> None:
        self.berlin(self.payroll)
        data = self.calendar_data((0, "09:00", "17:00"), name="berlin OFFICE")
        response = self.client.post(self.url("calendar_new"), data)
        self.assertContains(response, "There is already a calendar called", status_code=422)
        self.assertEqual(Calendar.objects.count(), 1)
        self.assertIsNone(Team.objects.get(pk=self.it.pk).calendar_id)


class HoursTests(CalendarPageTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.calendar = self.berlin()
        self.login(self.erin)

    def test_it_shows_the_calendar_as_stored(self) -> None:
        response = self.client.get(self.url("calendar"))
        self.assertContains(response, 'value="Berlin office"')
        self.assertContains(response, '<option value="Europe/Berlin" selected>')
        self.assertContains(response, 'name="hours-count" value="10"')
        self.assertContains(response, 'value="13:00"')
        self.assertNotContains(response, "Also used by:")

    def test_it_saves_settings_and_hours_with_an_overnight_interval(self) -> None:
        data = self.calendar_data(
            (0, "08:00", "12:00"),
            (0, "13:00", "17:30"),
            (4, "22:00", "06:00"),
            (5, "12:00", "00:00"),
            name="Berlin desk",
            time_zone="Europe/Paris",
            country="fr",
            subdivision="",
        )
        response = self.client.post(self.url("calendar_hours"), data, follow=True)
        self.assertRedirects(response, self.url("calendar") + "#calendar-hours", status_code=303)
        self.assertContains(response, "The calendar is saved.")
        self.assertEqual(
            self.stored(self.calendar),
            {
                "name": "Berlin desk",
                "zone": "Europe/Paris",
                "holidays": ("FR", ""),
                "hours": [(0, 480, 720), (0, 780, 1050), (4, 1320, 1800), (5, 720, 1440)],
            },
        )
        self.assertContains(response, "Runs overnight, until 06:00 the next day.")

    def test_it_answers_htmx_with_204_and_a_trigger(self) -> None:
        data = self.calendar_data((0, "08:00", "12:00"))
        response = self.client.post(self.url("calendar_hours"), data, headers=HTMX)
        self.assertEqual(response.status_code, 204)
        self.assertEqual(response["HX-Trigger"], "calendar-hours-changed")
        section = self.client.get(self.url("calendar_hours"), headers=HTMX)
        self.assertContains(section, "The calendar is saved.")
        self.assertNotContains(section, "<html")

    def assertRefused(self, data: dict[str, str], *messages: str) -> None:
        before = self.stored(self.calendar)
        response = self.client.post(self.url("calendar_hours"), data, headers=HTMX)
        for message in messages:
            self.assertContains(response, message, status_code=422)
        self.assertContains(response, "Nothing was saved", status_code=422)
        self.assertEqual(self.stored(self.calendar), before)

    def test_it_refuses_overlapping_intervals_next_to_the_rows(self) -> None:
        self.assertRefused(
            self.calendar_data((0, "09:00", "17:00"), (0, "12:00", "13:00"), (2, "09:00", "10:00")),
            "Overlaps Monday 12:00-13:00.",
            "Overlaps Monday 09:00-17:00.",
        )

    def test_it_refuses_an_overnight_interval_running_into_the_next_days_hours(self) -> None:
        self.assertRefused(
            self.calendar_data((6, "22:00", "06:00"), (0, "05:00", "09:00")),
            "Overlaps Sunday 22:00-06:00 (next day).",
        )

    def test_it_refuses_the_same_interval_twice(self) -> None:
        self.assertRefused(
            self.calendar_data((1, "09:00", "17:00"), (1, "09:00", "17:00")),
            "Overlaps Tuesday 09:00-17:00.",
        )

    def test_it_refuses_an_empty_interval_and_a_missing_time(self) -> None:
        self.assertRefused(
            self.calendar_data((0, "09:00", "09:00"), (1, "", "17:00"), (2, "9am", "17:00")),
            "This interval is empty",
            "Enter when work starts, e.g. 09:00.",
            "Enter a time like 09:00.",
        )

    def test_it_refuses_a_week_without_working_hours(self) -> None:
        self.assertRefused(self.calendar_data(), "Give the calendar at least one working interval.")

    def test_it_refuses_unknown_public_holidays_with_a_clear_message(self) -> None:
        self.assertRefused(
            self.calendar_data((0, "09:00", "17:00"), country="XX", subdivision=""),
            "Public holidays are not known for “XX”",
        )
        self.assertRefused(
            self.calendar_data((0, "09:00", "17:00"), country="DE", subdivision="ZZ"),
            "“ZZ” is not a region of DE that public holidays are known for. Known regions: BB, BE",
        )
        self.assertRefused(
            self.calendar_data((0, "09:00", "17:00"), country="", subdivision="BE"),
            "Give the country as well as the region",
        )

    def test_it_refuses_an_unknown_time_zone_and_an_empty_name(self) -> None:
        self.assertRefused(
            self.calendar_data((0, "09:00", "17:00"), time_zone="Mars/Olympus", name=" "),
            "Choose a time zone from the list.",
            "Name the calendar",
        )

    def test_it_adds_and_removes_rows_without_saving(self) -> None:
        before = self.stored(self.calendar)
        rows = ((0, "09:00", "17:00"), (1, "09:00", "17:00"))
        data = {**self.calendar_data(*rows, name="", time_zone="Asia/Tokyo"), "op": "add-3"}
        response = self.client.post(self.url("calendar_hours"), data, headers=HTMX)
        self.assertContains(response, 'name="hours-count" value="3"')
        self.assertContains(response, '<option value="Asia/Tokyo" selected>')  # kept as typed
        self.assertNotContains(response, "Nothing was saved")  # not judged before a save
        self.assertNotContains(response, "Name the calendar")
        self.assertContains(response, 'name="hours-2-day" value="3"')
        self.assertRegex(
            response.content.decode(), r'<input [^>]*name="hours-2-start"[^>]*autofocus'
        )
        data = {
            **self.calendar_data((0, "09:00", "17:00"), (1, "09:00", "17:00")),
            "op": "remove-0",
        }
        response = self.client.post(self.url("calendar_hours"), data, headers=HTMX)
        self.assertContains(response, 'name="hours-count" value="1"')
        self.assertContains(response, 'name="hours-0-day" value="1"')
        self.assertContains(response, 'value="add-0" autofocus')
        self.assertEqual(self.stored(self.calendar), before)

    def test_it_refuses_a_list_without_its_count(self) -> None:
        data = self.calendar_data((0, "09:00", "17:00"))
        del data["hours-count"]
        self.assertRefused(data, "The page sent an incomplete list")

    def test_it_says_which_other_teams_share_the_calendar(self) -> None:
        org.set_calendar(self.payroll, self.calendar)
        response = self.client.get(self.url("calendar"))
        self.assertContains(response, "This calendar is shared")
        self.assertContains(response, f'href="{reverse("org:team", args=[self.payroll.slug])}"')

    def test_it_keeps_the_query_count_whatever_the_number_of_intervals_and_teams(self) -> None:
        few, _sql = self.count_queries(self.url("calendar"))
        many_hours = tuple(
            Interval(day, start, start + 30) for day in range(7) for start in range(0, 1400, 60)
        )
        sla.save_calendar(
            self.calendar, name="Berlin office", time_zone="Europe/Berlin", intervals=many_hours
        )
        for name in ("Lab", "Front desk", "Archive"):
            team = org.create_team(name=name, key_prefix=name[:3].upper().replace(" ", "X"))
            org.set_calendar(team, self.calendar)
        many, sql = self.count_queries(self.url("calendar"))
        self.assertEqual(many, few, sql)
        section_few, _sql = self.count_queries(self.url("calendar_hours"), **HTMX)
        sla.save_calendar(
            self.calendar, name="Berlin office", time_zone="Europe/Berlin", intervals=SPLIT_DAY
        )
        section_many, sql = self.count_queries(self.url("calendar_hours"), **HTMX)
        self.assertEqual(section_few, section_many, sql)


class ClosureTests(CalendarPageTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.calendar = self.berlin()
        self.login(self.erin)

    def test_it_adds_a_whole_day_and_a_range_in_the_calendars_time_zone(self) -> None:
        with time_machine.travel(MONDAY_21_DEC, tick=False):
            self.login(self.erin)
            response = self.client.post(
                self.url("closures"),
                {"kind": "date", "on_date": "2026-12-24", "reason": "Christmas Eve"},
                headers=HTMX,
            )
            self.assertEqual(response.status_code, 204)
            self.assertEqual(response["HX-Trigger"], "calendar-closures-changed")
            response = self.client.post(
                self.url("closures"),
                {
                    "kind": "range",
                    "starts_at": "2026-12-22T12:00",
                    "ends_at": "2026-12-22T17:00",
                    "reason": "Team party",
                },
            )
            self.assertRedirects(
                response, self.url("calendar") + "#calendar-closures", status_code=303
            )
            section = self.client.get(self.url("closures"), headers=HTMX)
        day, span = Closure.objects.order_by("pk")
        self.assertEqual((day.on_date, day.reason), (date(2026, 12, 24), "Christmas Eve"))
        self.assertEqual(
            (span.starts_at, span.ends_at),
            (datetime(2026, 12, 22, 11, 0, tzinfo=UTC), datetime(2026, 12, 22, 16, 0, tzinfo=UTC)),
        )
        self.assertContains(section, "Thu 24 Dec 2026: Christmas Eve")
        self.assertContains(
            section, "Tue 22 Dec 2026 12:00 \N{EN DASH} Tue 22 Dec 2026 17:00: Team party"
        )

    def test_it_refuses_a_closure_without_its_day_or_ending_before_it_starts(self) -> None:
        for data, message in (
            ({"kind": "date", "on_date": ""}, "Pick the day the team is closed."),
            ({"kind": "date", "on_date": "24/12"}, "Enter a date like 2025-12-24."),
            ({"kind": "range", "starts_at": "2026-12-22T12:00"}, "Say when the closure ends."),
            (
                {"kind": "range", "starts_at": "2026-12-22T12:00", "ends_at": "2026-12-22T11:00"},
                "The closure must end after it starts.",
            ),
        ):
            with self.subTest(data=data):
                response = self.client.post(self.url("closures"), data, headers=HTMX)
                self.assertContains(response, message, status_code=422)
        self.assertFalse(Closure.objects.exists())

    def test_it_removes_a_closure_of_this_calendar_only(self) -> None:
        closure = sla.add_closure(self.calendar, on_date=date(2026, 12, 24))
        other = sla.create_team_calendar(
            self.payroll, name="Payroll", time_zone="UTC", intervals=SPLIT_DAY
        )
        foreign = sla.add_closure(other, on_date=date(2026, 12, 24))
        response = self.client.post(self.url("closure_remove", foreign.pk))
        self.assertEqual(response.status_code, 404)
        response = self.client.post(self.url("closure_remove", closure.pk), headers=HTMX)
        self.assertEqual(response.status_code, 204)
        self.assertEqual(list(Closure.objects.all()), [foreign])

    def test_it_keeps_the_query_count_whatever_the_number_of_closures(self) -> None:
        with time_machine.travel(MONDAY_21_DEC, tick=True):
            self.login(self.erin)
            sla.add_closure(self.calendar, on_date=date(2026, 12, 24))
            few, _sql = self.count_queries(self.url("calendar"))
            few_section, _sql = self.count_queries(self.url("closures"), **HTMX)
            for day in range(1, 20):
                sla.add_closure(self.calendar, on_date=date(2027, 1, day), reason=f"Day {day}")
                sla.add_closure(
                    self.calendar,
                    starts_at=datetime(2026, 12, day, 12, tzinfo=UTC),
                    ends_at=datetime(2026, 12, day, 13, tzinfo=UTC),
                )
            many, sql = self.count_queries(self.url("calendar"))
            self.assertEqual(many, few, sql)
            many_section, sql = self.count_queries(self.url("closures"), **HTMX)
            self.assertEqual(many_section, few_section, sql)


class PreviewTests(CalendarPageTestCase):
    def test_it_previews_the_coming_week_with_holidays_and_closures_named(self) -> None:
        calendar = self.berlin()
        sla.add_closure(calendar, on_date=date(2026, 12, 24), reason="Office closed")
        sla.add_closure(
            calendar,
            starts_at=datetime(2026, 12, 22, 11, 0, tzinfo=UTC),  # 12:00-16:00 in Berlin
            ends_at=datetime(2026, 12, 22, 15, 0, tzinfo=UTC),
            reason="Team party",
        )
        with time_machine.travel(MONDAY_21_DEC, tick=False):
            self.login(self.erin)
            response = self.client.get(self.url("calendar_preview"), headers=HTMX)
        text = " ".join(response.content.decode().split())
        self.assertIn("in Europe/Berlin", text)
        self.assertIn(
            'Mon 21 Dec:</strong> <span class="nowrap">09:00-12:00</span>, '
            '<span class="nowrap">13:00-17:00</span>',
            text,
        )
        self.assertIn(
            'Tue 22 Dec:</strong> <span class="nowrap">09:00-12:00</span>, '
            '<span class="nowrap">16:00-17:00</span>',
            text,
        )
        self.assertIn("Closed 12:00-16:00: Team party", text)
        self.assertIn("Closed: Office closed", text)
        self.assertIn('Fri 25 Dec:</strong> <span class="muted">closed</span>', text)
        self.assertIn("Public holiday: Christmas Day", text)
        self.assertIn("Sun 27 Dec:</strong>", text)

    def test_it_shows_an_overnight_shift_on_the_day_it_starts(self) -> None:
        self.berlin(intervals=(Interval(0, 22 * 60, 30 * 60),), country="", subdivision="")
        with time_machine.travel(MONDAY_21_DEC, tick=False):
            self.login(self.erin)
            response = self.client.get(self.url("calendar_preview"), headers=HTMX)
        text = " ".join(response.content.decode().split())
        self.assertIn(
            'Mon 21 Dec:</strong> <span class="nowrap">22:00-06:00 (next day)</span>', text
        )
        self.assertIn('Tue 22 Dec:</strong> <span class="muted">closed</span>', text)


@pytest.mark.browser
def test_it_edits_the_week_in_a_real_browser_and_the_preview_follows(
    visits: Visits, cast: Cast
) -> None:
    """With htmx and the keyboard: add an overnight shift, save, see the preview count it."""
    from playwright.sync_api import expect  # only where the browser tests run

    sla.create_team_calendar(
        cast.it, name="Berlin office", time_zone="Europe/Berlin", intervals=SPLIT_DAY
    )
    page = visits.signed_in(cast.erin)
    page.goto(reverse("sla:calendar", args=[cast.it.slug]))
    page.get_by_role("button", name="Add hours on Saturday").click()
    start = page.locator("#id_hours-10-start")
    expect(start).to_be_focused()
    start.fill("22:00")
    page.locator("#id_hours-10-end").fill("06:00")
    page.get_by_role("button", name="Save calendar", exact=True).last.click()
    expect(page.get_by_text("The calendar is saved.")).to_be_visible()
    expect(page.get_by_text("Runs overnight, until 06:00 the next day.")).to_be_visible()
    expect(page.locator("#calendar-preview").get_by_text("22:00-06:00 (next day)")).to_be_visible()
    screenshot(page, "calendar")
    assert visits.script_errors == []
