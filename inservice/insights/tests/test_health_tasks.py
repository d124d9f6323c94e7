"""The quarterly task: on the first days of a quarter, last quarter's check for every service
team without one, once per team and quarter however often it runs; its leads told once."""

from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine
from django.core import mail

from inservice.catalog import services as catalog
from inservice.insights import services_health, tasks_health
from inservice.insights.models_health import HealthCheck
from inservice.insights.periods import Period
from inservice.insights.tests.health_support import Q3, lead_of
from inservice.notifications.choices import Kind
from inservice.notifications.models import Notification
from inservice.test import BaseTestCase

Q4_SECOND_DAY = datetime(2026, 10, 2, 6, 0, tzinfo=UTC)


class QuarterlyTaskTests(BaseTestCase):
    def run_at(self, moment: datetime) -> int:
        """The beat task at `moment`; the batches it queues run after its commit."""
        with time_machine.travel(moment, tick=False), self.captureOnCommitCallbacks(execute=True):
            return int(tasks_health.generate_quarterly.delay().get())

    def checks(self) -> set[tuple[str, date]]:
        return set(HealthCheck.objects.values_list("team__name", "period_start"))

    def test_it_makes_last_quarters_check_for_every_service_team(self) -> None:
        queued = self.run_at(Q4_SECOND_DAY)
        self.assertEqual(queued, 3)
        # Sales West and the Sales department offer no service: no check.
        self.assertEqual(
            self.checks(),
            {
                ("IT Service Desk", Q3.start),
                ("Payroll", Q3.start),
                ("Employee Relations", Q3.start),
            },
        )
        made = HealthCheck.objects.get(team=self.it)
        self.assertEqual(
            (made.period_end, made.generated_by, made.published_at), (Q3.end, None, None)
        )
        self.assertEqual(made.summary, made.scorecard["summary"])

    def test_it_tells_each_teams_leads_once(self) -> None:
        self.run_at(Q4_SECOND_DAY)
        told = Notification.objects.filter(kind=Kind.HEALTH_CHECK)
        self.assertEqual(
            sorted(told.values_list("recipient__username", flat=True)), ["erin", "frank", "grace"]
        )
        note = told.get(recipient=self.erin)
        self.assertEqual(note.link, "/insights/teams/it-service-desk/health/2026-Q3/")
        self.assertIn("2026-Q3 health check of IT Service Desk", note.title)
        self.assertIn(
            "The 2026-Q3 health check of IT Service Desk is ready", mail.outbox[0].subject
        )
        self.assertIn(note.link, mail.outbox[0].body)

    def test_running_again_makes_nothing_more(self) -> None:
        self.run_at(Q4_SECOND_DAY)
        first = list(HealthCheck.objects.order_by("pk").values_list("pk", "generated_at"))
        self.assertEqual(self.run_at(datetime(2026, 10, 3, 6, 0, tzinfo=UTC)), 0)
        self.assertEqual(
            list(HealthCheck.objects.order_by("pk").values_list("pk", "generated_at")), first
        )
        self.assertEqual(Notification.objects.filter(kind=Kind.HEALTH_CHECK).count(), 3)

    def test_a_batch_run_twice_makes_each_check_once(self) -> None:
        ids = [self.it.pk, self.payroll.pk]
        with time_machine.travel(Q4_SECOND_DAY, tick=False):
            self.assertEqual(tasks_health.generate_checks.delay(ids, "2026-07-01").get(), 2)
            self.assertEqual(tasks_health.generate_checks.delay(ids, "2026-07-01").get(), 0)
        self.assertEqual(HealthCheck.objects.count(), 2)

    def test_only_on_the_first_days_of_a_quarter(self) -> None:
        self.assertEqual(self.run_at(datetime(2026, 9, 30, 6, 0, tzinfo=UTC)), 0)
        self.assertEqual(self.run_at(datetime(2026, 10, 8, 6, 0, tzinfo=UTC)), 0)
        self.assertFalse(HealthCheck.objects.exists())
        # The seventh day still catches up a quarter whose first days the task missed.
        self.assertEqual(self.run_at(datetime(2026, 10, 7, 23, 0, tzinfo=UTC)), 3)

    def test_a_team_with_its_first_service_since_the_last_run_gets_its_own(self) -> None:
        self.run_at(Q4_SECOND_DAY)
        lead = lead_of(self.cast.sales, "Sam")
        catalog.create_service(self.cast.sales, name="Price list", summary="…", accountable=lead)
        self.assertEqual(self.run_at(datetime(2026, 10, 3, 6, 0, tzinfo=UTC)), 1)
        self.assertTrue(HealthCheck.objects.filter(team=self.cast.sales).exists())

    def test_the_quarter_due(self) -> None:
        due = services_health.quarter_due
        self.assertEqual(due(date(2026, 10, 1)), Q3)
        self.assertEqual(due(date(2026, 10, 7)), Q3)
        self.assertIsNone(due(date(2026, 10, 8)))
        self.assertEqual(due(date(2027, 1, 3)), Period(date(2026, 10, 1), date(2026, 12, 31)))

    def test_a_team_gone_is_skipped(self) -> None:
        gone = self.it.pk + 10_000  # no such team (any more)
        with time_machine.travel(Q4_SECOND_DAY, tick=False):
            self.assertEqual(tasks_health.generate_checks.delay([gone], "2026-07-01").get(), 0)
