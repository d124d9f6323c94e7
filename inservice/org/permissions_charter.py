"""Who may change the vision and a team's charter. Everyone signed in reads both."""

from __future__ import annotations

from inservice.org.models import Person, Team
from inservice.org.permissions import can_manage_team


def can_edit_vision(person: Person) -> bool:
    """The organisation's vision is its administrators' to write."""
    return person.is_superuser


def can_edit_charter(person: Person, team: Team) -> bool:
    """A team's leads keep its charter, as they keep its services; administrators every one."""
    return can_manage_team(person, team)
