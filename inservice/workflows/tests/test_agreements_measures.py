"""Both sides of an agreement measured over a period, against small histories computed by hand.

IT works Monday to Friday, 09:00-17:00 UTC (no calendar of its own); all times below are UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inservice.sla import services as sla
from inservice.sla.choices import PromiseStep
from inservice.tickets import services as tickets
from inservice.tickets.choices import WaitReason
from inservice.workflows import services
from inservice.workflows.agreement_measures import (
    Measures,
    Share,
    choose_period,
    default_period,
    measure,
    terms_of,
)
from inservice.workflows.models import Agreement
from inservice.workflows.tests.agreements_support import MONDAY, AgreementTestCase, ask, draft

UTC_ZONE = ZoneInfo("UTC")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of the week of Monday 23 November 2026."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def measured(agreement: Agreement, **period: date) -> Measures:
    now = at(25, 12)
    chosen = (
        choose_period(period["start"], period["end"], now, UTC_ZONE)
        if period
        else default_period(now, UTC_ZONE)
    )
    return measure(agreement, terms_of(agreement), chosen)


class PeriodTests(AgreementTestCase):
    def test_the_default_is_the_last_90_days_in_the_viewers_zone(self) -> None:
        period = default_period(at(25, 3), ZoneInfo("America/New_York"))  # 22:00 on the 24th
        self.assertEqual(
            (period.first_day, period.last_day), (date(2026, 8, 27), date(2026, 11, 24))
        )
        self.assertEqual(period.days, 90)
        self.assertEqual(period.since, datetime(2026, 8, 27, 4, 0, tzinfo=UTC))
        self.assertEqual(period.until, datetime(2026, 11, 25, 5, 0, tzinfo=UTC))

    def test_a_period_that_makes_no_sense_is_refused_naming_the_field(self) -> None:
        now = at(25, 12)
        cases = [
            (date(2026, 11, 26), None, "start", "starts in the future"),
            (date(2026, 11, 20), date(2026, 11, 19), "end", "ends before it starts"),
            (date(2025, 11, 1), date(2026, 11, 20), "end", "at most 366 days"),
        ]
        for start, end, where, message in cases:
            with self.subTest(where=where), self.assertRaises(ValidationError) as caught:
                choose_period(start, end, now, UTC_ZONE)
            self.assertIn(message, caught.exception.message_dict[where][0])
        chosen = choose_period(None, date(2026, 11, 20), now, UTC_ZONE)
        self.assertEqual((chosen.first_day, chosen.days), (date(2026, 8, 23), 90))


class MeasureTests(AgreementTestCase):
    """Five laptop requests from alice (Sales West), and others that do not count.

    - T0, asked Monday 09:00 before the agreement (its own 4 h target), answered at 10:30: 90
      business minutes, within its own target but not the agreed hour: missed.
    - T1, asked 10:00, acknowledged 10:30 with an update promised by 11:00 (first response in
      30 min: met), a public reply at 10:45 keeps the promise, resolved 12:00 (2 h of the agreed
      8: met).
    - T2, asked 10:00, acknowledged only at 12:00 (2 h: missed) with an update promised by
      13:00, which lapses (broken); put to waiting on Tuesday 11:00, still waiting.
    - T3, asked 10:00, waiting for missing information from 10:15 (incomplete on arrival) until
      alice answers Tuesday 10:15: 6 h 45 min on Monday and 1 h 15 min on Tuesday, 480 minutes.
    - T4, asked 10:00, waiting with another question 11:00-12:00: 60 minutes.
    Not counted: dave's laptop request (Payroll), alice's payslip question (not in the agreement).
    Runs of Onboarding: alice's with 10 working days' notice (in time), alice's with 2 (late),
    dave's (Payroll is not the receiver).
    """

    agreement: Agreement

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.build_history()

    @classmethod
    def build_history(cls) -> None:
        def travel(moment: datetime) -> time_machine.travel:
            return time_machine.travel(moment, tick=False)

        laptop = cls.laptop
        with travel(at(23, 9)):
            t0 = ask(cls.alice, laptop)
        with travel(at(23, 9, 30)):
            cls.agreement = services.create_agreement(cls.erin, draft(cls))
        with travel(at(23, 10)):
            t1, t2, t3, t4 = (ask(cls.alice, laptop) for _ in range(4))
            outsider = ask(cls.dave, laptop)
            ask(cls.alice, cls.payslip)
            services.start_run(cls.alice, cls.onboarding, date(2026, 12, 7), {})
            services.start_run(cls.alice, cls.onboarding, date(2026, 11, 25), {})
            services.start_run(cls.dave, cls.onboarding, date(2026, 11, 25), {})
        with travel(at(23, 10, 15)):
            tickets.transition(cls.carol, t3, "wait", reason=WaitReason.MISSING_INFORMATION)
            tickets.transition(cls.carol, outsider, "wait", reason=WaitReason.MISSING_INFORMATION)
        with travel(at(23, 10, 30)):
            tickets.reply(cls.carol, t0, "On its way.")
            sla.acknowledge(cls.carol, t1, at(23, 11), PromiseStep.UPDATE)
        with travel(at(23, 10, 45)):
            tickets.reply(cls.carol, t1, "Imaging it now.")
        with travel(at(23, 11)):
            tickets.transition(cls.carol, t4, "wait", reason=WaitReason.QUESTION)
        with travel(at(23, 12)):
            tickets.transition(cls.carol, t4, "resume")
            tickets.transition(cls.carol, t1, "resolve")
            sla.acknowledge(cls.carol, t2, at(23, 13), PromiseStep.UPDATE)
        with travel(at(23, 14)):
            sla.lapse_promises(at(23, 14))
        with travel(at(24, 10, 15)):
            tickets.reply(cls.alice, t3, "The developer model, please.")
        with travel(at(24, 11)):
            tickets.transition(cls.carol, t2, "wait")

    def test_it_measures_both_sides_over_the_last_90_days(self) -> None:
        found = measured(self.agreement)
        provider, receiver = found.provider, found.receiver
        self.assertEqual(provider.requests, 5)
        self.assertEqual(provider.first_response, Share(1, 3))  # T1 met; T0, T2 missed
        self.assertEqual(provider.resolution, Share(1, 1))  # T1
        self.assertEqual(
            (provider.promises.kept, provider.promises.broken, provider.promises.percent),
            (1, 1, 50),
        )
        self.assertEqual([n.runs for n in receiver.notices], [Share(1, 2)])
        self.assertEqual(receiver.notice, Share(1, 2))
        self.assertEqual(receiver.complete, Share(4, 5))  # T3 came incomplete
        self.assertEqual((receiver.answered, receiver.still_waiting), (2, 1))
        self.assertEqual(receiver.median_answer_minutes, 270)  # of 60 and 480
        self.assertEqual(receiver.answered_in_time, Share(1, 2))  # within 2 h: T4 only

    def test_it_counts_only_what_happened_in_the_chosen_period(self) -> None:
        found = measured(self.agreement, start=date(2026, 11, 24), end=date(2026, 11, 25))
        self.assertEqual(found.provider.requests, 0)
        self.assertEqual(found.provider.first_response, Share(0, 0))
        self.assertEqual(found.provider.promises.settled, 0)
        self.assertEqual(found.receiver.notice, Share(0, 0))
        # T2's wait began on Tuesday; T3's began on Monday, before the period.
        self.assertEqual((found.receiver.answered, found.receiver.still_waiting), (0, 1))
        self.assertIsNone(found.receiver.median_answer_minutes)

    def test_a_department_counts_the_people_of_its_teams(self) -> None:
        with time_machine.travel(at(25, 11), tick=False):
            by_department = services.create_agreement(
                self.erin,
                self.draft(title="IT and Sales", receiver=self.sales_dept, notices=[]),
            )
        found = measured(by_department)
        self.assertEqual(found.provider.requests, 5)
        self.assertEqual(found.receiver.complete, Share(4, 5))

    def test_with_no_time_to_answer_agreed_there_is_no_share_in_time(self) -> None:
        with time_machine.travel(at(25, 11), tick=False):
            services.update_agreement(
                self.erin, self.agreement, self.draft(answer_within_minutes=None)
            )
        self.agreement.refresh_from_db()
        found = measured(self.agreement)
        self.assertIsNone(found.receiver.answered_in_time)
        self.assertEqual(found.receiver.median_answer_minutes, 270)

    def test_it_reads_in_a_fixed_number_of_queries_whatever_the_history(self) -> None:
        def count() -> int:
            measured(self.agreement)  # the provider's calendar is read once, then cached
            with CaptureQueriesContext(connection) as queries:
                measured(self.agreement)
            self.sql = "\n".join(q["sql"] for q in queries.captured_queries)
            return len(queries)

        before = count()
        with time_machine.travel(at(25, 9), tick=False):
            for _ in range(4):
                extra = self.ask(self.alice)
                tickets.transition(self.carol, extra, "wait", reason=WaitReason.QUESTION)
                tickets.reply(self.alice, extra, "Answered.")
                services.start_run(self.alice, self.onboarding, date(2026, 12, 30), {})
        self.assertEqual(measured(self.agreement).provider.requests, 9)
        self.assertEqual(count(), before, self.sql)


class EmptyAgreementTests(AgreementTestCase):
    def test_an_agreement_with_no_history_measures_nothing(self) -> None:
        with time_machine.travel(MONDAY, tick=False):
            agreement = self.agree(services=[], notices=[])
        found = measured(agreement)
        self.assertEqual(found.provider.requests, 0)
        self.assertIsNone(found.provider.first_response.percent)
        self.assertEqual(found.receiver.notices, [])
        self.assertIsNone(found.receiver.complete.rate)

    def test_the_share_of_a_period_reads_as_a_percentage(self) -> None:
        shares = (Share(1, 3), Share(2, 3), Share(0, 0))
        self.assertEqual([share.percent for share in shares], [33, 67, None])
