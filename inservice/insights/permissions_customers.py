"""Who sees the customer map and a team's customers, and who keeps its key customers (decision
0037). Anything a viewer may not see, or may not change, answers 404 as if it did not exist.

- The whole map, and the map focused on any team: whoever sees the organisation's dashboard
  (administrators and the leads of any team: decision 0035).
- The map focused on a team: also its members (the map opens on their first team by name).
- A team's customers and suppliers, with its key customers' worksheets: whoever sees the team's
  dashboard (its members, its department's leads, administrators).
- Marking key customers and writing their worksheets: the team's leads and administrators.
"""

from __future__ import annotations

from django.http import Http404

from inservice.insights.permissions import leads, sees_organisation, sees_team
from inservice.org.models import Person, Team
from inservice.org.permissions import get_team


def may_focus(viewer: Person, team: Team) -> bool:
    return sees_organisation(viewer) or team.pk in viewer.team_ids()


def can_edit_key_customers(viewer: Person, team: Team) -> bool:
    return leads(viewer, team)


def get_map_focus(viewer: Person, slug: str) -> Team | None:
    """The team the map is focused on: the one `slug` names, when the viewer may see it; with
    no slug, none (the whole map) for those who see the organisation, else the viewer's first
    team. Someone in no team who does not see the organisation has no map: 404."""
    if slug:
        team = get_team(slug)
        if not may_focus(viewer, team):
            raise Http404
        return team
    if sees_organisation(viewer):
        return None
    first = (
        Team.objects.filter(memberships__person=viewer)
        .select_related("parent")
        .order_by("name", "id")
        .first()
    )
    if first is None:
        raise Http404
    return first


def get_customers_team(viewer: Person, slug: str) -> Team:
    """A team whose customers the viewer may see, or 404."""
    team = get_team(slug)
    if not sees_team(viewer, team):
        raise Http404
    return team


def get_team_to_keep(viewer: Person, slug: str) -> Team:
    """A team whose key customers the viewer may change (its leads, administrators), or 404."""
    team = get_team(slug)
    if not can_edit_key_customers(viewer, team):
        raise Http404
    return team
