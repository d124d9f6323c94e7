"""What the satisfaction tests share (no tests of its own): resolving a request the way an agent
does, with its emails sent, and reading the rating links out of the resolution email."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.core import mail

from inservice.feedback.models.csat import Rating
from inservice.feedback.services import csat
from inservice.org.models import Person
from inservice.test import BaseTestCase
from inservice.tickets import services as tickets
from inservice.tickets.models import Ticket

MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
LINK = re.compile(r"(https?://\S+/feedback/rate/[^/\s]+/\?score=(\d))")


class CsatTestCase(BaseTestCase):
    def resolve(self, ticket: Ticket, agent: Person | None = None) -> Ticket:
        """Resolved by an agent of the team, its notifications and emails sent (on commit)."""
        if agent is None:
            agents = {self.it.pk: self.carol, self.payroll.pk: self.dave, self.er.pk: self.frank}
            agent = agents[ticket.team_id]
        with self.captureOnCommitCallbacks(execute=True):
            return tickets.transition(agent, ticket, "resolve")

    def resolved(self, asker: Person | None = None, **kwargs: Any) -> tuple[Ticket, Rating]:
        """A request of `asker` (alice), resolved by carol, and the rating it asked for."""
        ticket = self.resolve(self.ask(asker or self.alice, **kwargs))
        return ticket, Rating.objects.get(ticket=ticket)

    def seed(
        self,
        count: int,
        *,
        asker: Person | None = None,
        score: int | None = 4,
        comment: str = "Quick and friendly, thanks.",
        asked_at: datetime = MONDAY - timedelta(days=1),
        follow_up_due_at: datetime | None = None,
    ) -> list[Ticket]:
        """`count` more requests with ratings given a minute apart (newest first), written as
        the demo writes them: rows for list and query-count tests."""
        made = [self.ask(asker or self.alice, subject=f"Request {n}") for n in range(count)]
        csat.seed_ratings(
            [
                csat.PastRating(
                    ticket_id=t.pk,
                    requester_id=t.requester_id,
                    team_id=t.team_id,
                    service_id=t.service_id,
                    asked_at=asked_at - timedelta(minutes=n),
                    score=score,
                    rated_at=None if score is None else asked_at - timedelta(minutes=n - 1),
                    comment=comment,
                    follow_up_due_at=follow_up_due_at,
                )
                for n, t in enumerate(made)
            ]
        )
        return made

    def rating_links(self, person: Person | None = None) -> dict[int, str]:
        """Score → path of the rating links in the last resolution email to `person` (alice)."""
        to = (person or self.alice).email
        resolved = [m for m in mail.outbox if to in m.to and "Resolved:" in m.subject]
        self.assertTrue(resolved, "no resolution email")
        found = LINK.findall(str(resolved[-1].body))
        return {int(score): _path(url) for url, score in found}


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"
