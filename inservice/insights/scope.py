"""What a dashboard is about: the organisation, one team, one service, or one agent's own work."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from inservice.catalog.models import Service
from inservice.org.models import Person, Team


class ScopeKind(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")
    TEAM = "team", _("Team")
    SERVICE = "service", _("Service")
    AGENT = "agent", _("Agent")


@dataclass(frozen=True)
class Scope:
    kind: ScopeKind
    team: Team | None = None  # the team (team scope), the service's team, or the agent's team
    service: Service | None = None
    agent: Person | None = None

    @classmethod
    def organisation(cls) -> Scope:
        return cls(ScopeKind.ORGANISATION)

    @classmethod
    def of_team(cls, team: Team) -> Scope:
        return cls(ScopeKind.TEAM, team=team)

    @classmethod
    def of_service(cls, service: Service) -> Scope:
        return cls(ScopeKind.SERVICE, team=service.team, service=service)

    @classmethod
    def of_agent(cls, agent: Person, team: Team) -> Scope:
        """An agent's work in one team they serve in."""
        return cls(ScopeKind.AGENT, team=team, agent=agent)

    @property
    def title(self) -> str:
        if self.kind == ScopeKind.SERVICE and self.service is not None:
            return self.service.name
        if self.kind == ScopeKind.AGENT and self.agent is not None:
            return self.agent.name
        if self.kind == ScopeKind.TEAM and self.team is not None:
            return self.team.name
        return str(_("The organisation"))
