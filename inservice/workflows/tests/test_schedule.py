"""The scheduling maths: working-day offsets, conditions, dependency order, critical path, forecast."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.test import SimpleTestCase

from inservice.sla.calendar import BusinessTime, CalendarSpec, Interval
from inservice.workflows import schedule
from inservice.workflows.choices import Forecast

WEEKDAYS = tuple(Interval(d, 9 * 60, 17 * 60) for d in range(5))
# Berlin office hours, with Good Friday 2026 (3 April) closed.
BERLIN = BusinessTime(
    CalendarSpec("Europe/Berlin", WEEKDAYS, closed_dates=frozenset({date(2026, 4, 3)}))
)
UTC_OFFICE = BusinessTime(CalendarSpec("UTC", WEEKDAYS))


class OffsetTests(SimpleTestCase):
    def test_it_counts_working_days_back_from_the_anchor(self) -> None:
        due = schedule.due_for(UTC_OFFICE, date(2026, 3, 16), -2)  # Monday
        self.assertEqual(due.day, date(2026, 3, 12))  # Thursday: the weekend does not count
        self.assertEqual(due.at, datetime(2026, 3, 12, 17, tzinfo=UTC))
        self.assertEqual(due.note, "")

    def test_it_skips_closed_days_and_uses_the_teams_zone(self) -> None:
        due = schedule.due_for(BERLIN, date(2026, 4, 7), -2)  # Tuesday after Easter Monday
        # Monday 6 April is a working day here (only Good Friday is closed), then Thursday 2.
        self.assertEqual(due.day, date(2026, 4, 2))
        self.assertEqual(due.at, datetime(2026, 4, 2, 15, tzinfo=UTC))  # 17:00 in Berlin (CEST)

    def test_offsets_after_the_anchor_count_forward(self) -> None:
        due = schedule.due_for(UTC_OFFICE, date(2026, 3, 13), 1)  # Friday
        self.assertEqual(due.day, date(2026, 3, 16))

    def test_an_anchor_on_a_closed_day_moves_to_the_previous_working_day_and_says_so(
        self,
    ) -> None:
        due = schedule.due_for(BERLIN, date(2026, 4, 3), 0)  # Good Friday, closed
        self.assertEqual(due.day, date(2026, 4, 2))
        self.assertIn("Fri 3 Apr is not a working day", due.note)
        weekend = schedule.due_for(UTC_OFFICE, date(2026, 3, 14), 0)  # Saturday
        self.assertEqual(weekend.day, date(2026, 3, 13))
        self.assertIn("not a working day", weekend.note)

    def test_notice_counts_working_days_until_the_anchor_today_included_while_at_work(
        self,
    ) -> None:
        monday_morning = datetime(2026, 3, 2, 10, tzinfo=UTC)
        self.assertEqual(schedule.notice_days(UTC_OFFICE, monday_morning, date(2026, 3, 16)), 10)
        monday_evening = datetime(2026, 3, 2, 18, tzinfo=UTC)
        self.assertEqual(schedule.notice_days(UTC_OFFICE, monday_evening, date(2026, 3, 16)), 9)
        self.assertEqual(schedule.notice_days(UTC_OFFICE, monday_morning, date(2026, 3, 2)), 0)

    def test_the_earliest_anchor_gives_exactly_the_notice_asked(self) -> None:
        for now in (
            datetime(2026, 3, 2, 10, tzinfo=UTC),  # Monday at work
            datetime(2026, 3, 2, 18, tzinfo=UTC),  # Monday evening
            datetime(2026, 3, 7, 12, tzinfo=UTC),  # Saturday
        ):
            for days in (1, 5, 10):
                first = schedule.earliest_anchor(UTC_OFFICE, now, days)
                self.assertGreaterEqual(schedule.notice_days(UTC_OFFICE, now, first), days)
                before = first - timedelta(days=1)
                self.assertLess(schedule.notice_days(UTC_OFFICE, now, before), days)

    def test_adding_working_days_counts_today_while_work_remains(self) -> None:
        friday_noon = datetime(2026, 3, 13, 12, tzinfo=UTC)
        self.assertEqual(
            schedule.add_working_days(UTC_OFFICE, friday_noon, 1),
            datetime(2026, 3, 13, 17, tzinfo=UTC),
        )
        self.assertEqual(
            schedule.add_working_days(UTC_OFFICE, friday_noon, 2),
            datetime(2026, 3, 16, 17, tzinfo=UTC),
        )
        saturday = datetime(2026, 3, 14, 12, tzinfo=UTC)
        self.assertEqual(
            schedule.add_working_days(UTC_OFFICE, saturday, 1),
            datetime(2026, 3, 16, 17, tzinfo=UTC),
        )


class ConditionTests(SimpleTestCase):
    def test_each_kind_of_condition(self) -> None:
        params = {"location": "Berlin", "manager": {"id": 1, "name": "Erin Lead"}}
        self.assertTrue(schedule.Condition("location", "equals", "Berlin").holds(params))
        self.assertFalse(schedule.Condition("location", "equals", "Paris").holds(params))
        self.assertTrue(schedule.Condition("location", "not_equals", "Paris").holds(params))
        self.assertTrue(schedule.Condition("location", "one_of", "Paris, Berlin").holds(params))
        self.assertTrue(schedule.Condition("manager", "is_set").holds(params))
        self.assertFalse(schedule.Condition("equipment", "is_set").holds(params))
        self.assertTrue(schedule.Condition("manager", "equals", "Erin Lead").holds(params))


GRAPH = {
    "hr": [],
    "accounts": ["hr"],
    "laptop": ["accounts"],
    "payroll": ["hr"],
    "desk": ["hr"],
    "badge": ["desk"],
    "plan": ["laptop", "badge"],
}
DAYS = {"hr": 1, "accounts": 2, "laptop": 3, "payroll": 1, "desk": 1, "badge": 1, "plan": 1}


class GraphTests(SimpleTestCase):
    def test_a_cycle_is_found_and_named_in_order(self) -> None:
        cycle = schedule.find_cycle({"a": ["c"], "b": ["a"], "c": ["b"], "d": []})
        assert cycle is not None
        self.assertEqual(cycle[0], cycle[-1])
        self.assertEqual(set(cycle), {"a", "b", "c"})
        self.assertIsNone(schedule.find_cycle(GRAPH))

    def test_order_puts_every_step_after_what_it_waits_on(self) -> None:
        placed = schedule.order(GRAPH)
        for key, deps in GRAPH.items():
            for dep in deps:
                self.assertLess(placed.index(dep), placed.index(key))

    def test_critical_path_is_the_longest_chain_of_working_days(self) -> None:
        self.assertEqual(schedule.critical_path(GRAPH, DAYS), ["hr", "accounts", "laptop", "plan"])
        longer_badge = DAYS | {"badge": 9}
        self.assertEqual(
            schedule.critical_path(GRAPH, longer_badge), ["hr", "desk", "badge", "plan"]
        )

    def test_a_skipped_step_hands_its_dependencies_to_its_followers(self) -> None:
        waits = schedule.effective_dependencies(GRAPH, {"desk"})
        self.assertEqual(waits["badge"], ["hr"])
        self.assertNotIn("desk", waits)


NOW = datetime(2026, 3, 9, 10, tzinfo=UTC)  # Monday
DAY_ONE = datetime(2026, 3, 16, 17, tzinfo=UTC)


def view(key: str, state: str, due: datetime, **kw: object) -> schedule.StepView:
    return schedule.StepView(
        key=key,
        name=key.title(),
        depends_on=list(kw.pop("deps", [])),  # type: ignore[call-overload]
        state=state,
        work_days=int(kw.pop("days", 1)),  # type: ignore[call-overload]
        table=UTC_OFFICE,
        due_at=due,
        day_one=DAY_ONE,
        **kw,  # type: ignore[arg-type]
    )


class ForecastTests(SimpleTestCase):
    def test_on_track_when_every_step_fits_before_its_due_time(self) -> None:
        steps = [
            view("hr", "done", datetime(2026, 3, 6, 17, tzinfo=UTC), finished_at=NOW),
            view(
                "laptop", "open", datetime(2026, 3, 12, 17, tzinfo=UTC), opened_at=NOW, deps=["hr"]
            ),
        ]
        outlook = schedule.forecast(steps, NOW)
        self.assertEqual(outlook.forecast, Forecast.ON_TRACK)
        self.assertEqual(outlook.finish["laptop"], datetime(2026, 3, 9, 17, tzinfo=UTC))

    def test_at_risk_when_a_step_is_expected_after_its_due_time_but_before_day_one(self) -> None:
        steps = [
            view("laptop", "open", datetime(2026, 3, 10, 17, tzinfo=UTC), opened_at=NOW, days=3),
        ]
        outlook = schedule.forecast(steps, NOW)
        self.assertEqual(outlook.forecast, Forecast.AT_RISK)
        self.assertIn("“Laptop” is expected Wed 11 Mar, after its due time.", outlook.reasons)

    def test_late_when_a_step_is_past_due_or_expected_after_the_anchor(self) -> None:
        overdue = [view("hr", "open", datetime(2026, 3, 6, 17, tzinfo=UTC), opened_at=NOW)]
        outlook = schedule.forecast(overdue, NOW)
        self.assertEqual(outlook.forecast, Forecast.LATE)
        self.assertIn("“Hr” was due Fri 6 Mar.", outlook.reasons)
        chain = [
            view("a", "open", datetime(2026, 3, 16, 17, tzinfo=UTC), opened_at=NOW, days=4),
            view("b", "pending", datetime(2026, 3, 16, 17, tzinfo=UTC), deps=["a"], days=3),
        ]
        outlook = schedule.forecast(chain, NOW)
        self.assertEqual(outlook.forecast, Forecast.LATE)
        self.assertIn("after the anchor date", outlook.reasons[0])

    def test_late_notice_and_blocked_steps_put_a_run_at_risk(self) -> None:
        steps = [view("hr", "blocked", datetime(2026, 3, 13, 17, tzinfo=UTC))]
        outlook = schedule.forecast(steps, NOW, late_notice=True)
        self.assertEqual(outlook.forecast, Forecast.AT_RISK)
        self.assertEqual(len(outlook.reasons), 2)
