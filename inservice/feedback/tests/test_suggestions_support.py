"""What the suggestion and concern tests share (no tests of its own).

The cast's IT Service Desk has no calendar, so it works Monday to Friday, 09:00-17:00 UTC. An
anonymous suggestion made on MONDAY is kept as made that day (midnight UTC) and reaches the team
on TUESDAY at midnight; it is due at the end of the tenth working day from then, Monday 7
December at 17:00 (a named one made on MONDAY counts Monday itself: Friday 4 December).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inservice.feedback.models.suggestions import Suggestion, SuggestionMessage
from inservice.feedback.services import suggestions as services
from inservice.org.models import Person, Team
from inservice.test import BaseTestCase

MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
TUESDAY = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
ANONYMOUS_DUE = datetime(2026, 12, 7, 17, 0, tzinfo=UTC)
NAMED_DUE = datetime(2026, 12, 4, 17, 0, tzinfo=UTC)
HTMX = {"HX-Request": "true"}


class SuggestionTestCase(BaseTestCase):
    def suggest(
        self,
        person: Person | None = None,
        team: Team | str | None = "it",
        *,
        anonymous: bool = True,
        title: str = "Longer opening hours",
        body: str = "Please keep the desk open until six: our shifts end late.",
        at: datetime = MONDAY,
    ) -> services.Submitted:
        """A suggestion made through the service at `at` (by default anonymous, to IT)."""
        chosen = self.it if team == "it" else team
        assert not isinstance(chosen, str)
        new = services.NewSuggestion(team=chosen, title=title, body=body, anonymous=anonymous)
        with time_machine.travel(at, tick=False):
            return services.submit_suggestion(person or self.alice, new)

    def answer(
        self,
        suggestion: Suggestion,
        status: str | None = "planned",
        body: str = "We will try it from January.",
        *,
        person: Person | None = None,
        reason: str = "",
        at: datetime = TUESDAY,
    ) -> SuggestionMessage:
        with time_machine.travel(at, tick=False):
            return services.answer_suggestion(
                person or self.erin, suggestion, status=status, body=body, reason=reason
            )

    def count_page_queries(self, url: str, **headers: Any) -> tuple[int, str]:
        """Queries one GET makes (after a first, uncounted one), and their SQL for the failure."""
        self.client.get(url, headers=headers)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, headers=headers)
        self.assertEqual(response.status_code, 200)
        return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)
