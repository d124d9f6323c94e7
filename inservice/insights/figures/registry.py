"""The figures in the order dashboards show them, and which scopes each one is for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from inservice.insights.figures import flow, outcomes, people, service_levels, voice, volume
from inservice.insights.figures.base import Figure
from inservice.insights.periods import Period
from inservice.insights.scope import Scope, ScopeKind

Compute = Callable[[Scope, Period], Figure]


@dataclass(frozen=True)
class FigureSpec:
    key: str
    compute: Compute
    scopes: frozenset[ScopeKind]
    # Figures naming individual agents: only the team's leads, administrators, and (for the
    # agent scope) the agent themselves see them. No public ranking of individuals.
    names_agents: bool = False


ORG, TEAM, SERVICE, AGENT = (
    ScopeKind.ORGANISATION,
    ScopeKind.TEAM,
    ScopeKind.SERVICE,
    ScopeKind.AGENT,
)
REQUESTS = frozenset({ORG, TEAM, SERVICE})  # figures of requests: a service has its own
TEAMS = frozenset({ORG, TEAM})  # figures of teams: backlog, people, feedback

# In the order dashboards show them. An agent's own view: workload and promises (their rows).
FIGURES: tuple[FigureSpec, ...] = (
    FigureSpec("volume", volume.volume, REQUESTS),
    FigureSpec("departments", volume.departments, REQUESTS),
    FigureSpec("pain_points", volume.pain_points, TEAMS),
    FigureSpec("sla", service_levels.sla, REQUESTS),
    FigureSpec("response_times", service_levels.response_times, REQUESTS),
    FigureSpec("resolution_times", service_levels.resolution_times, REQUESTS),
    FigureSpec("backlog", flow.backlog, TEAMS),
    FigureSpec("bottlenecks", flow.bottlenecks, TEAMS),
    FigureSpec("promises", outcomes.promises, frozenset({ORG, TEAM, AGENT})),
    FigureSpec("reopen_rate", outcomes.reopen_rate, REQUESTS),
    FigureSpec("first_contact", outcomes.first_contact, REQUESTS),
    FigureSpec("workload", people.workload, frozenset({TEAM, AGENT}), names_agents=True),
    FigureSpec("csat", voice.csat, REQUESTS),
    FigureSpec("nps", voice.nps, TEAMS),
    FigureSpec("sentiment", voice.sentiment, TEAMS),
    FigureSpec("training", people.training, TEAMS),
    FigureSpec("kudos", people.kudos, TEAMS),
)


def for_scope(kind: ScopeKind) -> list[FigureSpec]:
    return [spec for spec in FIGURES if kind in spec.scopes]


def get(key: str) -> FigureSpec | None:
    return next((spec for spec in FIGURES if spec.key == key), None)
