"""Who may read a team's feedback figures: its members and leads, and administrators."""

from __future__ import annotations

from django.http import Http404

from inservice.org.models import Person, Team
from inservice.org.permissions import get_team, is_member


def can_read_team_feedback(person: Person, team: Team) -> bool:
    return person.is_superuser or is_member(person, team)


def get_team_for_feedback(person: Person, slug: str) -> Team:
    """The team by slug when `person` may read its feedback figures, else 404."""
    team = get_team(slug)
    if not can_read_team_feedback(person, team):
        raise Http404
    return team
