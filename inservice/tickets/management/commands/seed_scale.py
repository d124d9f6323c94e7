"""`manage.py seed_scale --requests N [--open M]`: N more requests, in bulk, for benchmarks."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from inservice.demo.scale import BACKLOG_DAYS, BATCH_SIZE, seed_requests
from inservice.lib.progress import ProgressLine
from inservice.org.models import Team


class Command(BaseCommand):
    help = (
        "Adds N requests with about eight timeline entries each (plus stints, some watchers, "
        "and their service-level clocks and escalations) over the last two years, spread over "
        "the organisation's teams, services and people; --open M leaves exactly M of them open. "
        "Loads the demo organisation first when the database is empty. Bulk inserts: COPY on "
        "PostgreSQL, executemany on SQLite; no notifications."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--requests", type=int, required=True, help="How many requests.")
        parser.add_argument("--days", type=int, default=730, help="Spread over these days (730).")
        parser.add_argument(
            "--open",
            type=int,
            default=None,
            help=(
                "Exactly this many of them still open now: a backlog asked over the last "
                f"{BACKLOG_DAYS} days, the rest all finished (default: as the stories leave them, "
                "a few from the last days)."
            ),
        )
        parser.add_argument("--seed", type=int, default=7, help="Random seed (7).")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"Requests per transaction ({BATCH_SIZE}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        total = options["requests"]
        if total < 1:
            raise CommandError("--requests must be at least 1.")
        open_requests = options["open"]
        if open_requests is not None and not 0 <= open_requests <= total:
            raise CommandError("--open must be between 0 and --requests.")
        if not Team.objects.exists():
            self.stdout.write("The database is empty: loading the demo organisation first.")
            call_command("load_demo", stdout=self.stdout._out, stderr=self.stderr._out)
        line = ProgressLine(self.stdout)

        def progress(requests: int, rows: int) -> None:
            elapsed = max(line.elapsed, 0.001)
            rate = rows / elapsed
            eta = (total - requests) * elapsed / requests if requests else 0
            line.update(
                f"Seeding: {requests:,}/{total:,} requests · {rows:,} rows · "
                f"{rate:,.0f} rows/s · {eta:,.0f} s to go"
            )

        writer = seed_requests(
            total,
            days=options["days"],
            open_requests=open_requests,
            seed=options["seed"],
            batch_size=options["batch_size"],
            progress=progress,
        )
        line.done(
            f"Seeded {writer.requests:,} requests ({writer.rows:,} rows) into "
            f"{connection.vendor} in {line.elapsed:.1f} s "
            f"({writer.rows / max(line.elapsed, 0.001):,.0f} rows/s)."
        )
