"""`manage.py load_demo`: the demo organisation, its catalog and two years of requests."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from inservice.demo.data.org import ORGANISATION, PASSWORD, SIGN_INS
from inservice.demo.load import load_demo
from inservice.lib.progress import ProgressLine
from inservice.org.models import Team


class Command(BaseCommand):
    help = (
        "Loads the demo organisation (about 400 people, 12 service teams, 40 services) with two "
        "years of request history into an empty database, and prints the demo sign-ins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) when the database already has teams.",
        )
        parser.add_argument("--days", type=int, default=730, help="Days of history (730).")
        parser.add_argument(
            "--per-day", type=float, default=30, help="Requests on an average weekday (30)."
        )
        parser.add_argument("--seed", type=int, default=42, help="Random seed (42).")

    def handle(self, *args: Any, **options: Any) -> None:
        if Team.objects.exists():
            if options["if_empty"]:
                self.stdout.write("The database already has an organisation: demo not loaded.")
                return
            raise CommandError(
                "The database already has teams; the demo loads into an empty database "
                "(make clean removes the local SQLite database)."
            )
        line = ProgressLine(self.stdout)
        loaded = load_demo(
            days=options["days"],
            per_day=options["per_day"],
            seed=options["seed"],
            progress=line.update,
        )
        open_now = sum(n for status, n in loaded.statuses.items() if status.value in _OPEN)
        line.done(
            f"Loaded {ORGANISATION}: {loaded.people} people, {loaded.teams} teams, "
            f"{loaded.services} services, {loaded.requests:,} requests ({open_now:,} open) "
            f"in {line.elapsed:.1f} s."
        )
        self.stdout.write(f"Sign in at {settings.SITE_URL}/login/ with password “{PASSWORD}”:")
        for sign_in in SIGN_INS:
            self.stdout.write(f"  {sign_in.username:<10} {sign_in.name:<15} {sign_in.role}")


_OPEN = {"new", "acknowledged", "in_progress", "waiting"}
