"""Where a dashboard lives: the scope a URL names (through insights.permissions: 404 for anyone
who may not see it) and the URLs of its page and its CSV downloads."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from django.utils.text import slugify

from inservice.insights import permissions
from inservice.insights.periods import Period
from inservice.insights.scope import Scope, ScopeKind
from inservice.org.models import Person, Team

ORGANISATION = "organisation"
TEAM = "team"
SERVICE = "service"
OWN = "me"
AGENT = "agent"


@dataclass(frozen=True)
class Place:
    scope: Scope
    name: str  # the URL name of the page; "<name>_csv" is its downloads'
    args: tuple[str, ...] = ()
    params: tuple[tuple[str, str], ...] = ()  # kept in every link (?team= of one's own view)
    teams: list[Team] = field(default_factory=list)  # one's own view: the teams one serves in

    @property
    def path(self) -> str:
        return reverse(f"insights:{self.name}", args=self.args)

    def url(self, period: Period | None = None) -> str:
        return _with(self.path, self.params, period)

    def csv_url(self, key: str, period: Period) -> str:
        path = reverse(f"insights:{self.name}_csv", args=[*self.args, key])
        return _with(path, self.params, period)

    @property
    def slug(self) -> str:
        """The scope in a file name: organisation, team-payroll, service-new-laptop, agent-carol-it."""
        scope = self.scope
        if scope.kind == ScopeKind.SERVICE and scope.service is not None:
            return f"service-{scope.service.slug}"
        if scope.kind == ScopeKind.AGENT and scope.agent is not None and scope.team is not None:
            return f"agent-{slugify(scope.agent.username)}-{scope.team.slug}"
        if scope.kind == ScopeKind.TEAM and scope.team is not None:
            return f"team-{scope.team.slug}"
        return ORGANISATION


def _with(path: str, params: tuple[tuple[str, str], ...], period: Period | None) -> str:
    query = list(params)
    if period is not None:
        query += [("from", period.start.isoformat()), ("to", period.end.isoformat())]
    return f"{path}?{urlencode(query)}" if query else path


def place_of(request: HttpRequest, viewer: Person, where: str, **kwargs: str) -> Place:
    """The dashboard a URL names, for a viewer who may see it; 404 otherwise."""
    if where == TEAM:
        slug = kwargs["slug"]
        return Place(permissions.get_team_scope(viewer, slug), TEAM, (slug,))
    if where == SERVICE:
        slug = kwargs["slug"]
        return Place(permissions.get_service_scope(viewer, slug), SERVICE, (slug,))
    if where == OWN:
        teams = permissions.teams_served(viewer)
        scope = permissions.get_own_scope(viewer, teams, request.GET.get("team", "").strip())
        assert scope.team is not None
        return Place(scope, OWN, params=(("team", scope.team.slug),), teams=teams)
    if where == AGENT:
        slug, username = kwargs["slug"], kwargs["username"]
        scope = permissions.get_agent_scope(viewer, slug, username)
        return Place(scope, AGENT, (slug, username))
    return Place(permissions.get_organisation_scope(viewer), ORGANISATION)
