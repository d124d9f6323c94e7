"""Imports people and teams from a CSV file: every row, or none when any row is invalid."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from inservice.org.importing import ImportFileError, ImportRejected, decode, run_import


class Command(BaseCommand):
    help = (
        "Imports people and teams from a CSV file (name, email, team, manager email, location, "
        "time zone, employment type). If any row is invalid, nothing is imported and every "
        "problem is listed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the CSV file, UTF-8 with a header row")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            text = decode(path.read_bytes())
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc}
            ) from exc
        except ImportFileError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(_("Checking %(path)s…") % {"path": path})
        try:
            summary = run_import(text, progress=self.progress)
        except ImportFileError as exc:
            raise CommandError(exc.message) from exc
        except ImportRejected as rejected:
            for error in rejected.errors:
                column = f", {error.column}" if error.column else ""
                self.stderr.write(f"line {error.line}{column}: {error.message}")
            raise CommandError(
                _("Nothing imported: %(errors)d problems in %(rows)d rows.")
                % {"errors": len(rejected.errors), "rows": rejected.rows},
                returncode=1,
            ) from None
        self.stdout.write("")  # ends the progress line
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Imported. People created: %(people_created)d; people updated: "
                    "%(people_updated)d; teams created: %(teams_created)d; locations created: "
                    "%(locations_created)d; memberships added: %(memberships_added)d."
                )
                % summary.as_dict()
            )
        )

    def progress(self, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        # \r rewrites the same terminal line: one moving line, not thousands.
        self.stdout.write(
            "\r"
            + _("Importing people: %(done)d/%(total)d (%(percent)d%%)")
            % {"done": done, "total": total, "percent": percent},
            ending="",
        )
        self.stdout.flush()
