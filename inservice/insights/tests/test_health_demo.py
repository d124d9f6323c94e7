"""The demo's health checks, built on the test cast (IT Service Desk and Payroll are two of the
demo's teams by key prefix): the last two quarters each, IT's published with notes."""

from __future__ import annotations

import time_machine

from inservice.demo.health import build_health
from inservice.insights.models import RollupDay
from inservice.insights.models_health import HealthCheck
from inservice.insights.tests.health_support import NOW, Q2, Q3, QuarterTestCase


class DemoTests(QuarterTestCase):
    def build(self) -> int:
        lines: list[str] = []
        with time_machine.travel(NOW, tick=False):
            made = build_health(NOW, lines.append)
        self.assertEqual(lines, [f"{made} health checks"] if made else [])
        return made

    def test_the_last_two_quarters_of_a_few_teams(self) -> None:
        self.assertEqual(self.build(), 4)
        checks = {
            (c.team.key_prefix, c.quarter): c for c in HealthCheck.objects.select_related("team")
        }
        self.assertEqual(
            set(checks),
            {("IT", "2026-Q2"), ("IT", "2026-Q3"), ("PAY", "2026-Q2"), ("PAY", "2026-Q3")},
        )
        latest = checks[("IT", "2026-Q3")]
        self.assertTrue(latest.is_published)
        self.assertIn("first responses slipped", latest.commentary)
        self.assertEqual(len(latest.commitments), 4)
        self.assertEqual(latest.commitments[0]["due"], "2026-10-14")
        self.assertEqual(latest.generated_by, self.erin)
        self.assertTrue(checks[("PAY", "2026-Q2")].is_published)
        self.assertFalse(checks[("PAY", "2026-Q3")].is_published)  # left for Grace
        # Q1 was rolled up for Q2's comparison; the rest was there already.
        self.assertTrue(RollupDay.objects.filter(day=Q2.start.replace(month=1)).exists())
        self.assertEqual(latest.summary["red"], 2)
        self.assertEqual(checks[("IT", "2026-Q2")].period_end, Q2.end)
        self.assertEqual(latest.period_end, Q3.end)
        # A second load makes nothing more.
        self.assertEqual(self.build(), 0)
        self.assertEqual(HealthCheck.objects.count(), 4)
