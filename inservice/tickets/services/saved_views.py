"""A team queue's saved views."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from inservice.org.models import Person, Team
from inservice.org.permissions import can_manage_team
from inservice.tickets.models import (
    SavedView,
)


def save_view(
    actor: Person, team: Team, name: str, query: str, *, shared: bool = False
) -> SavedView:
    """Saves a queue filter under a name, for the actor or (leads only) the whole team."""
    if team.pk not in actor.team_ids():
        raise PermissionDenied(_("Only members of %(team)s have this queue.") % {"team": team})
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Name the view, e.g. “Urgent hardware”.")})
    if shared and not can_manage_team(actor, team):
        raise PermissionDenied(_("Only a lead shares a view with the whole team."))
    query = query.lstrip("?")[:500]
    return SavedView.objects.create(
        team=team, owner=None if shared else actor, name=name[:80], query=query
    )


def delete_view(actor: Person, team: Team, view_id: int) -> None:
    view = SavedView.objects.filter(team=team, pk=view_id).first()
    if view is None:
        return
    if view.owner_id != actor.pk and not (view.owner_id is None and can_manage_team(actor, team)):
        raise PermissionDenied(_("This view is not yours to delete."))
    view.delete()
