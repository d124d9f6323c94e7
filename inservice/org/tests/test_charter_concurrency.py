"""Two leads saving the team's charter at the same moment from the same page: one save wins, the
other is told someone else changed it, and nothing is half-written (PostgreSQL, real
connections)."""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.test import TransactionTestCase

from inservice.concurrency import all_at_once
from inservice.org.models_charter import Charter
from inservice.org.services_charter import save_charter
from inservice.org.tests.charter_support import draft
from inservice.test import Cast


@pytest.mark.services
class ConcurrentCharterTests(TransactionTestCase):
    def test_of_two_saves_from_the_same_version_one_wins(self) -> None:
        cast = Cast()
        names = itertools.count()
        for version in (0, 1):  # the first charter, then a change to it

            def save(version: int = version) -> str:
                mission = f"Mission {next(names)}"
                try:
                    save_charter(cast.erin, cast.it, draft(mission=mission), version=version)
                except ValidationError as exc:
                    return "refused: " + exc.message_dict["version"][0]
                return mission

            results = all_at_once(save, workers=2)
            saved = [r for r in results if not r.startswith("refused")]
            self.assertEqual(len(saved), 1, results)
            self.assertIn(
                "Someone else changed the charter", next(r for r in results if r not in saved)
            )
            charter = Charter.objects.get(team=cast.it)
            self.assertEqual((charter.mission, charter.version), (saved[0], version + 1))
