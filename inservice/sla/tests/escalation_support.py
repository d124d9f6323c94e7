"""Someone to escalate to: a second lead of a team, whose manager hears of a breach that lasts."""

from __future__ import annotations

from inservice.factories import PASSWORD
from inservice.org import services as org
from inservice.org.choices import Role
from inservice.org.models import Person, Team


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
