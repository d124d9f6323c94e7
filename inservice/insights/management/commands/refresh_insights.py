"""`manage.py refresh_insights [--days N | --since YYYY-MM-DD]`: recomputes the dashboards' daily
rollups (insights.services.refresh_days) up to today, with a progress line. Safe to run any
time, and again: each day's rows are replaced whole. Without an option: the whole history."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from inservice.insights import periods, services
from inservice.lib.progress import ProgressLine
from inservice.tickets.models import Ticket


class Command(BaseCommand):
    help = "Recompute the dashboards' daily rollups: the last N days, since a date, or all."

    def add_arguments(self, parser: CommandParser) -> None:
        chosen = parser.add_mutually_exclusive_group()
        chosen.add_argument("--days", type=int, help="The last N days, today included.")
        chosen.add_argument("--since", help="From this day (YYYY-MM-DD) to today.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = periods.today()
        start = self._start(options, today)
        if start is None:
            self.stdout.write("Nothing has been asked yet: no rollups to compute.")
            return
        total = (today - start).days + 1
        line = ProgressLine(self.stdout)
        done = 0

        def moved_on(day: date) -> None:
            nonlocal done
            done += 1
            line.update(f"Insights: {done:,} of {total:,} days ({day.isoformat()})")

        days = services.refresh_days(start, today, progress=moved_on)
        line.done(f"Insights: {days:,} days refreshed in {line.elapsed:.1f} s.")

    def _start(self, options: dict[str, Any], today: date) -> date | None:
        if options.get("days") is not None:
            if options["days"] < 1:
                raise CommandError("--days: give a number of days, 1 or more.")
            return today - timedelta(days=options["days"] - 1)
        if options.get("since"):
            try:
                since = date.fromisoformat(options["since"])
            except ValueError as exc:
                raise CommandError("--since: give a day as YYYY-MM-DD.") from exc
            if since > today:
                raise CommandError("--since: that day has not come yet.")
            return since
        first = Ticket.objects.order_by("created_at").values_list("created_at", flat=True)[:1]
        return periods.local_day(first[0]) if first else None
