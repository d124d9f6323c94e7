"""Someone to escalate to: a second lead of a team, whose manager hears of a breach that lasts;
and a request to escalate, swept as a worker would."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from django.core import mail

from inservice.factories import PASSWORD
from inservice.notifications.tests.support import NotificationTestCase
from inservice.org import services as org
from inservice.org.choices import Role
from inservice.org.models import Person, Team
from inservice.sla import services as sla
from inservice.tickets import services as tickets
from inservice.tickets.models import Ticket

# IT has no calendar: Mon-Fri 09:00-17:00 UTC. The laptop's first response is due 4 business
# hours after it is asked (at risk after 3): a request asked at MONDAY_10 breaches at 14:00.
MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def lead_with_manager(
    team: Team, *, lead_zone: str = "UTC", manager_zone: str = "UTC"
) -> tuple[Person, Person]:
    """Lena Lead, a lead of `team`, and her manager Bea Boss (usernames lena and boss)."""
    boss = org.create_person(
        username="boss",
        name="Bea Boss",
        email="boss@example.org",
        password=PASSWORD,
        time_zone=manager_zone,
    )
    lena = org.create_person(
        username="lena",
        name="Lena Lead",
        email="lena@example.org",
        password=PASSWORD,
        team=team,
        manager=boss,
        time_zone=lead_zone,
    )
    org.add_member(team, lena, Role.LEAD)
    return lena, boss


class EscalationTestCase(NotificationTestCase):
    """The cast, plus Lena (a second IT lead) and her manager Bea Boss."""

    lead_zone = "UTC"
    manager_zone = "UTC"

    def setUp(self) -> None:
        super().setUp()
        self.lena, self.boss = lead_with_manager(
            self.it, lead_zone=self.lead_zone, manager_zone=self.manager_zone
        )

    def ask_at_monday_10(self, assignee: bool = True) -> Ticket:
        """Alice asks for a laptop at MONDAY_10; Erin gives it to Carol (unless not)."""
        with (
            time_machine.travel(MONDAY_10, tick=False),
            self.captureOnCommitCallbacks(execute=True),
        ):
            ticket = self.ask(self.alice)
            if assignee:
                tickets.assign(self.erin, ticket, self.carol)
        mail.outbox.clear()
        return ticket

    def sweep_at(self, moment: datetime) -> int:
        """The sweep and the tasks it queues (announcing, then the emails), as a worker runs them."""
        with time_machine.travel(moment, tick=False), self.captureOnCommitCallbacks(execute=True):
            return sla.sweep(moment).escalations
