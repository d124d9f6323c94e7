"""Reporting days are days of settings.INSIGHTS_TIME_ZONE: a request asked at 23:30 UTC on a
Monday counts on the Tuesday in Berlin, and on the Monday in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.test import override_settings

from inservice.insights.models import OrganisationDay, TeamDay
from inservice.insights.tests.rollup_support import ask, refresh
from inservice.test import BaseTestCase

LATE = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)  # Tuesday 00:30 in Berlin
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


class ZoneTests(BaseTestCase):
    def asked_on(self) -> list[date]:
        return list(TeamDay.objects.filter(asked__gt=0).values_list("day", flat=True))

    def test_a_late_request_counts_on_the_next_day_in_berlin(self) -> None:
        ask(LATE, self.alice, self.laptop)
        with override_settings(INSIGHTS_TIME_ZONE="Europe/Berlin"):
            refresh(date(2026, 11, 23), date(2026, 11, 24), NOW)
        self.assertEqual(self.asked_on(), [date(2026, 11, 24)])
        # Open from then on: at the end of Monday in Berlin it had not been asked yet.
        backlog = dict(OrganisationDay.objects.values_list("day", "backlog"))
        self.assertEqual(backlog, {date(2026, 11, 24): 1})

    def test_the_same_request_counts_on_the_monday_in_utc(self) -> None:
        ask(LATE, self.alice, self.laptop)
        refresh(date(2026, 11, 23), date(2026, 11, 24), NOW)
        self.assertEqual(self.asked_on(), [date(2026, 11, 23)])
