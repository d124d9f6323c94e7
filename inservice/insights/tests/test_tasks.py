"""Keeping the rollups fresh: the 15-minute task (today and yesterday), the nightly one (the
last 35 days) and `manage.py refresh_insights`, each replacing its days whole."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from io import StringIO

import time_machine
from django.core.management import CommandError, call_command

from inservice.insights import tasks
from inservice.insights.models import RollupDay, RollupRun, TeamDay
from inservice.insights.tests.rollup_support import ask
from inservice.test import BaseTestCase

NOW = datetime(2026, 11, 25, 10, 15, tzinfo=UTC)
TODAY = date(2026, 11, 25)


class TaskTests(BaseTestCase):
    def test_the_recent_refresh_counts_today_and_yesterday(self) -> None:
        ask(NOW - timedelta(days=1), self.alice, self.laptop)
        ask(NOW - timedelta(minutes=5), self.bob, self.laptop)
        with time_machine.travel(NOW, tick=False):
            self.assertEqual(tasks.refresh_recent.delay().get(), 2)
        run = RollupRun.objects.get()
        self.assertEqual((run.first_day, run.last_day), (TODAY - timedelta(days=1), TODAY))
        asked = dict(TeamDay.objects.filter(team=self.it).values_list("day", "asked"))
        self.assertEqual(asked, {TODAY - timedelta(days=1): 1, TODAY: 1})
        open_now = TeamDay.objects.get(team=self.it, day=TODAY).backlog
        self.assertEqual(open_now, 2)  # the end of today is now

    def test_running_it_again_leaves_the_same_rows(self) -> None:
        ask(NOW - timedelta(minutes=5), self.bob, self.laptop)
        with time_machine.travel(NOW, tick=False):
            tasks.refresh_recent.delay()
            first = list(TeamDay.objects.values_list("team", "day", "asked", "backlog"))
            tasks.refresh_recent.delay()
        self.assertEqual(
            list(TeamDay.objects.values_list("team", "day", "asked", "backlog")), first
        )
        self.assertEqual(RollupRun.objects.count(), 2)

    def test_the_nightly_refresh_counts_the_last_35_days(self) -> None:
        ask(NOW - timedelta(days=30), self.alice, self.laptop)  # a day the recent one skips
        with time_machine.travel(NOW, tick=False):
            self.assertEqual(tasks.refresh_trailing.delay().get(), 35)
        self.assertEqual(RollupDay.objects.count(), 35)
        self.assertTrue(TeamDay.objects.filter(day=TODAY - timedelta(days=30), asked=1).exists())


class CommandTests(BaseTestCase):
    def run_command(self, *args: str) -> str:
        out = StringIO()
        with time_machine.travel(NOW, tick=False):
            call_command("refresh_insights", *args, stdout=out)
        return out.getvalue()

    def test_it_refreshes_the_last_days(self) -> None:
        ask(NOW - timedelta(days=2), self.alice, self.laptop)
        self.assertIn("3 days refreshed", self.run_command("--days", "3"))
        self.assertEqual(
            list(RollupDay.objects.order_by("day").values_list("day", flat=True)),
            [TODAY - timedelta(days=2), TODAY - timedelta(days=1), TODAY],
        )
        self.assertTrue(TeamDay.objects.filter(asked=1).exists())

    def test_it_refreshes_since_a_day(self) -> None:
        self.assertIn("6 days refreshed", self.run_command("--since", "2026-11-20"))

    def test_without_an_option_it_refreshes_the_whole_history(self) -> None:
        ask(NOW - timedelta(days=9), self.alice, self.laptop)
        self.assertIn("10 days refreshed", self.run_command())

    def test_with_nothing_asked_yet_it_says_so(self) -> None:
        self.assertIn("Nothing has been asked yet", self.run_command())
        self.assertFalse(RollupRun.objects.exists())

    def test_bad_options_are_refused_and_change_nothing(self) -> None:
        for args, message in (
            (("--since", "25/11/2026"), "--since: give a day as YYYY-MM-DD."),
            (("--since", "2026-12-25"), "--since: that day has not come yet."),
            (("--days", "0"), "--days: give a number of days, 1 or more."),
        ):
            with self.subTest(args=args), self.assertRaisesMessage(CommandError, message):
                self.run_command(*args)
        self.assertFalse(RollupDay.objects.exists())
