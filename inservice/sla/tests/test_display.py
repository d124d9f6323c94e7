"""Service levels in plain words: business time left, wall-clock time since a breach."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.test import SimpleTestCase

from inservice.sla.business import for_calendar
from inservice.sla.calendar import BusinessTime, CalendarSpec, Interval
from inservice.sla.choices import ClockState, Health
from inservice.sla.display import MET, describe, describe_clock
from inservice.sla.models import Clock

OFFICE = for_calendar(None)  # Monday to Friday, 09:00-17:00 UTC
ROUND_THE_CLOCK = BusinessTime(
    CalendarSpec("UTC", tuple(Interval(day, 0, 24 * 60) for day in range(7)))
)
MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
FRIDAY_16 = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)


def words(due_at: datetime | None, health: str, now: datetime = MONDAY_10, **kw: object) -> str:
    return describe(due_at, health, OFFICE, now, **kw).words  # type: ignore[arg-type]


class TimeLeftTests(SimpleTestCase):
    def test_it_says_time_left_in_business_minutes_hours_and_days(self) -> None:
        cases = [
            (MONDAY_10 + timedelta(minutes=25), "due in 25 business minutes"),
            (MONDAY_10 + timedelta(hours=1), "due in 1 business hour"),
            (MONDAY_10 + timedelta(hours=3), "due in 3 business hours"),
            (MONDAY_10 + timedelta(hours=3, minutes=59), "due in 3 business hours"),
            # Monday 7 h + Tuesday 8 h = 15 business hours: still below two business days.
            (datetime(2026, 11, 24, 17, 0, tzinfo=UTC), "due in 15 business hours"),
            # 7 h + 8 h + 3 h = 18 business hours: two whole days of eight hours.
            (datetime(2026, 11, 25, 12, 0, tzinfo=UTC), "due in 2 business days"),
            (datetime(2026, 11, 30, 10, 0, tzinfo=UTC), "due in 5 business days"),
            (MONDAY_10 + timedelta(seconds=30), "due in less than a business minute"),
        ]
        for due, expected in cases:
            with self.subTest(due=due):
                self.assertEqual(words(due, Health.OK), expected)

    def test_it_counts_only_working_time_over_a_weekend(self) -> None:
        # Friday 16:00: one hour left this week, two more on Monday morning.
        due = datetime(2026, 11, 30, 11, 0, tzinfo=UTC)
        self.assertEqual(words(due, Health.OK, FRIDAY_16), "due in 3 business hours")
        saturday = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
        self.assertEqual(words(due, Health.OK, saturday), "due in 2 business hours")

    def test_it_measures_a_business_day_by_the_calendar(self) -> None:
        due = MONDAY_10 + timedelta(hours=30)
        self.assertEqual(
            describe(due, Health.OK, ROUND_THE_CLOCK, MONDAY_10).words, "due in 30 business hours"
        )
        self.assertEqual(
            describe(due + timedelta(hours=20), Health.OK, ROUND_THE_CLOCK, MONDAY_10).words,
            "due in 2 business days",
        )

    def test_it_gives_a_state_for_styling(self) -> None:
        due = MONDAY_10 + timedelta(hours=1)
        for health, state, badge in (
            (Health.OK, "ok", "ok"),
            (Health.AT_RISK, "at_risk", "warn"),
            (Health.BREACHED, "breached", "danger"),
        ):
            with self.subTest(health=health):
                standing = describe(due, health, OFFICE, MONDAY_10)
                self.assertEqual((standing.state, standing.badge), (state, badge))
                self.assertEqual(standing.words, "due in 1 business hour")

    def test_it_tells_the_requester_when_to_expect_an_answer(self) -> None:
        due = MONDAY_10 + timedelta(hours=3)
        self.assertEqual(words(due, Health.OK, requester=True), "answer due in 3 business hours")


class BreachTests(SimpleTestCase):
    def test_it_says_how_long_ago_a_target_was_breached_in_wall_clock_time(self) -> None:
        cases = [
            (MONDAY_10 - timedelta(seconds=20), "breached just now"),
            (MONDAY_10 - timedelta(minutes=25), "breached 25 min ago"),
            (MONDAY_10 - timedelta(hours=2, minutes=10), "breached 2 h ago"),
            # Over the weekend: the requester waited all of it, working hours or not.
            (FRIDAY_16 - timedelta(days=7), "breached 2 days ago"),
        ]
        for due, expected in cases:
            with self.subTest(due=due):
                standing = describe(due, Health.BREACHED, OFFICE, MONDAY_10)
                self.assertEqual((standing.state, standing.words), ("breached", expected))

    def test_it_reads_a_passed_due_time_as_breached_before_the_sweep_notices(self) -> None:
        standing = describe(MONDAY_10 - timedelta(hours=2), Health.OK, OFFICE, MONDAY_10)
        self.assertEqual((standing.state, standing.words), ("breached", "breached 2 h ago"))

    def test_it_tells_the_requester_the_answer_is_late(self) -> None:
        self.assertEqual(
            words(MONDAY_10 - timedelta(hours=2), Health.BREACHED, requester=True),
            "answer was due 2 h ago",
        )


class PausedMetAndNoneTests(SimpleTestCase):
    def test_it_says_the_clock_waits_on_the_requester(self) -> None:
        team = describe(None, Health.PAUSED, OFFICE, MONDAY_10)
        requester = describe(None, Health.PAUSED, OFFICE, MONDAY_10, requester=True)
        self.assertEqual(
            (team.state, team.words), ("paused", "paused while waiting on the requester")
        )
        self.assertEqual(requester.words, "paused while waiting on you")
        self.assertEqual(
            words(None, Health.PAUSED, status="in_progress"), "paused in “In progress”"
        )  # a policy pausing another status

    def test_it_says_met(self) -> None:
        standing = describe(None, MET, OFFICE, MONDAY_10)
        self.assertEqual((standing.state, standing.words, standing.badge), ("met", "met", "ok"))

    def test_it_says_nothing_when_no_target_runs(self) -> None:
        standing = describe(None, Health.NONE, OFFICE, MONDAY_10)
        self.assertFalse(standing)
        self.assertEqual(standing.words, "")


class ClockTests(SimpleTestCase):
    def clock(self, **fields: object) -> Clock:
        defaults: dict[str, object] = {
            "target": "first_response",
            "target_minutes": 240,
            "state": ClockState.RUNNING,
            "due_at": MONDAY_10 + timedelta(hours=2),
            "at_risk_at": MONDAY_10 + timedelta(hours=1),
        }
        return Clock(**{**defaults, **fields})

    def test_it_describes_one_target_from_its_clock(self) -> None:
        self.assertEqual(
            describe_clock(self.clock(), OFFICE, MONDAY_10).words, "due in 2 business hours"
        )
        at_risk = describe_clock(self.clock(), OFFICE, MONDAY_10 + timedelta(hours=1, minutes=5))
        self.assertEqual((at_risk.state, at_risk.words), ("at_risk", "due in 55 business minutes"))
        met = describe_clock(self.clock(state=ClockState.MET), OFFICE, MONDAY_10)
        self.assertEqual(met.state, "met")
        paused = describe_clock(
            self.clock(state=ClockState.PAUSED, due_at=None),
            OFFICE,
            MONDAY_10,
            requester=True,
            status="waiting",
        )
        self.assertEqual(paused.words, "paused while waiting on you")
