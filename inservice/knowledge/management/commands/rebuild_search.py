"""`manage.py rebuild_search`: puts back whatever search structure is missing and, on SQLite,
rebuilds the full-text tables from their rows. `migrate` already does so when a migration
dropped a table's triggers (knowledge.search_schema.restore_after_migrate); this is the same by
hand. Safe to run any time."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from inservice.knowledge import search_schema


class Command(BaseCommand):
    help = "Recreate missing search indexes and triggers and rebuild SQLite's full-text tables."

    def handle(self, *args: Any, **options: Any) -> None:
        search_schema.ensure(rebuild=True)
        self.stdout.write(self.style.SUCCESS("Search indexes are in place."))
