"""Who sees which dashboard (decision 0035). Anything a viewer may not see is a 404, as for
something that does not exist: the page, its figures partial, the CSV downloads and the API.

- The organisation: administrators and the leads of any team (leadership).
- A team (or a department): its members, the leads of its department, administrators.
- A service: whoever sees its owning team's dashboard.
- An agent's own work in one team: the agent, the team's leads, administrators.
- Figures naming agents (`FigureSpec.names_agents`, e.g. workload per agent): in a team or
  service scope only the team's leads and administrators see them; in the organisation scope
  only administrators; in an agent's scope everyone who sees it (the agent and those above).
  Members see their team's figures without per-agent rows; nobody else sees individuals at all,
  so there is no public ranking of people anywhere.
"""

from __future__ import annotations

from django.http import Http404

from inservice.catalog.models import Service
from inservice.insights.figures import registry
from inservice.insights.figures.registry import FigureSpec
from inservice.insights.scope import Scope, ScopeKind
from inservice.lib.queries import unique
from inservice.org.models import Person, Team
from inservice.org.permissions import get_team


def sees_organisation(person: Person) -> bool:
    return person.is_superuser or bool(person.lead_team_ids())


def leads(person: Person, team: Team) -> bool:
    return person.is_superuser or team.pk in person.lead_team_ids()


def sees_team(person: Person, team: Team) -> bool:
    if person.is_superuser or team.pk in person.team_ids():
        return True
    return team.parent_id is not None and team.parent_id in person.lead_team_ids()


def sees_agent(viewer: Person, agent: Person, team: Team) -> bool:
    """An agent's work in `team` (they serve in it): theirs, and their team's leads'."""
    return viewer.pk == agent.pk or leads(viewer, team)


def sees_scope(viewer: Person, scope: Scope) -> bool:
    if scope.kind == ScopeKind.ORGANISATION:
        return sees_organisation(viewer)
    assert scope.team is not None
    if scope.kind == ScopeKind.AGENT:
        assert scope.agent is not None
        return sees_agent(viewer, scope.agent, scope.team)
    return sees_team(viewer, scope.team)


def sees_agent_names(viewer: Person, scope: Scope) -> bool:
    """Whether the figures naming agents are shown to `viewer` in `scope` (already visible)."""
    if scope.kind == ScopeKind.AGENT:
        return True  # the agent's own figures, or a lead's view of one of their agents
    if scope.kind == ScopeKind.ORGANISATION or scope.team is None:
        return viewer.is_superuser
    return leads(viewer, scope.team)


def figures_for(viewer: Person, scope: Scope) -> list[FigureSpec]:
    """The figures of `scope` the viewer sees, in the registry's order."""
    names = sees_agent_names(viewer, scope)
    return [spec for spec in registry.for_scope(scope.kind) if names or not spec.names_agents]


def get_figure(viewer: Person, scope: Scope, key: str) -> FigureSpec:
    """One figure of the scope by key; unknown, not of this scope or not for the viewer: 404."""
    spec = next((s for s in figures_for(viewer, scope) if s.key == key), None)
    if spec is None:
        raise Http404
    return spec


# -- fetchers: the scope a URL names, for a viewer who may see it, or 404 ------------------------


def get_organisation_scope(viewer: Person) -> Scope:
    if not sees_organisation(viewer):
        raise Http404
    return Scope.organisation()


def get_team_scope(viewer: Person, slug: str) -> Scope:
    team = get_team(slug)
    if not sees_team(viewer, team):
        raise Http404
    return Scope.of_team(team)


def get_service_scope(viewer: Person, slug: str) -> Scope:
    service = unique(Service.objects.select_related("team__parent").filter(slug=slug))
    if service is None or not sees_team(viewer, service.team):
        raise Http404
    return Scope.of_service(service)


def teams_served(person: Person) -> list[Team]:
    """The teams `person` serves in, by name: the choice of their own view."""
    return list(Team.objects.filter(memberships__person=person).order_by("name", "id"))


def get_own_scope(viewer: Person, teams: list[Team], slug: str) -> Scope:
    """The viewer's own work in one of `teams` (theirs): the one named by `slug`, else the
    first. Someone who serves in no team has no such view."""
    team = next((t for t in teams if t.slug == slug), None) if slug else next(iter(teams), None)
    if team is None:
        raise Http404
    return Scope.of_agent(viewer, team)


def get_agent_scope(viewer: Person, slug: str, username: str) -> Scope:
    """One agent's work in a team they serve in, for themselves and the team's leads."""
    team = get_team(slug)
    agent = unique(Person.objects.filter(username=username, is_active=True, memberships__team=team))
    if agent is None or not sees_agent(viewer, agent, team):
        raise Http404
    return Scope.of_agent(agent, team)
