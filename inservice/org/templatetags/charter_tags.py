"""The vision and the charters where other pages show them: `{% vision_banner %}` on the portal,
`{% team_charter team services %}` on a team's page. Each reads what it shows in a fixed number of
queries (org.charters), so the pages that include them need not know how."""

from __future__ import annotations

from typing import Any

from django import template

from inservice.catalog.models import Service
from inservice.lib.requests import person_of
from inservice.org.charters import charter_view, get_vision
from inservice.org.models import Team
from inservice.org.permissions_charter import can_edit_vision

register = template.Library()


@register.inclusion_tag("org/partials/charter.html", takes_context=True)
def team_charter(
    context: template.Context, team: Team, services: list[Service] | None = None
) -> dict[str, Any]:
    """The team's charter. `services`: the team's services the page already read for this
    viewer (read again otherwise)."""
    return {"view": charter_view(team, person_of(context["request"]), services)}


@register.inclusion_tag("org/partials/vision_banner.html", takes_context=True)
def vision_banner(context: template.Context) -> dict[str, Any]:
    """The vision statement, with a link to the whole vision when there is more to read."""
    person = person_of(context["request"])
    return {"vision": get_vision(), "can_edit": can_edit_vision(person)}
