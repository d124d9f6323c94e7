"""Counters a day is added up in, turned into rollup rows at the end. Pure (the rows are built,
not saved)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from inservice.insights.models import (
    AgentDay,
    FlowDay,
    HandoffDay,
    OrganisationDay,
    ServiceDay,
    TeamDay,
)
from inservice.insights.rollup import buckets

OUTCOME_COUNTS = (
    "asked",
    "repeats",
    "resolved",
    "first_resolved",
    "first_contact",
    "reopened",
    "response_met",
    "response_breached",
    "resolution_met",
    "resolution_breached",
    "csat_count",
    "csat_sum",
    "csat_satisfied",
)
TEAM_COUNTS = (
    "backlog",
    "status_requests",
    "stints_ended",
    "promises_kept",
    "promises_broken",
    "promises_renegotiated",
    "kudos_given",
    "kudos_given_across",
    "kudos_received",
    "kudos_received_across",
    "transfers_in",
    "transfers_out",
)
AGENT_COUNTS = (
    "resolved",
    "replies",
    "open_assigned",
    "promises_kept",
    "promises_broken",
    "promises_renegotiated",
)
FLOW_COUNTS = ("asked", "resolution_met", "resolution_breached", "csat_count", "csat_sum")
HANDOFF_COUNTS = ("transfers", "acted", "bounced")


@dataclass
class Outcome:
    counts: Counter[str] = field(default_factory=Counter)
    response: list[int] = field(default_factory=lambda: buckets.empty(buckets.MINUTES))
    resolution: list[int] = field(default_factory=lambda: buckets.empty(buckets.MINUTES))
    channels: Counter[str] = field(default_factory=Counter)
    departments: Counter[str] = field(default_factory=Counter)

    def absorb(self, other: Outcome) -> None:
        self.counts.update(other.counts)
        buckets.accumulate(self.response, other.response)
        buckets.accumulate(self.resolution, other.resolution)
        self.channels.update(other.channels)
        self.departments.update(other.departments)

    def fields(self) -> dict[str, Any]:
        return {
            **{name: self.counts[name] for name in OUTCOME_COUNTS},
            "response_minutes": self.response,
            "resolution_minutes": self.resolution,
            "by_channel": dict(sorted(self.channels.items())),
            "by_department": dict(sorted(self.departments.items())),
        }


@dataclass
class TeamExtras:
    counts: Counter[str] = field(default_factory=Counter)
    aging: list[int] = field(default_factory=lambda: buckets.empty(buckets.AGES))
    status_hours: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    stint_minutes: list[int] = field(default_factory=lambda: buckets.empty(buckets.MINUTES))
    tones: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def fields(self) -> dict[str, Any]:
        return {
            **{name: self.counts[name] for name in TEAM_COUNTS},
            "aging": self.aging,
            "status_hours": {k: round(v, 3) for k, v in sorted(self.status_hours.items())},
            "stint_minutes": self.stint_minutes,
            "tones": {k: dict(sorted(v.items())) for k, v in sorted(self.tones.items()) if v},
        }

    @property
    def is_empty(self) -> bool:
        return not any(self.counts.values()) and not self.tones

    def absorb(self, other: TeamExtras) -> None:
        self.counts.update(other.counts)
        buckets.accumulate(self.aging, other.aging)
        for status, hours in other.status_hours.items():
            self.status_hours[status] += hours
        buckets.accumulate(self.stint_minutes, other.stint_minutes)
        for source, tones in other.tones.items():
            self.tones[source].update(tones)


@dataclass
class Handoff:
    counts: Counter[str] = field(default_factory=Counter)
    delays: list[int] = field(default_factory=lambda: buckets.empty(buckets.MINUTES))


@dataclass
class DayRows:
    services: list[ServiceDay]
    teams: list[TeamDay]
    organisation: list[OrganisationDay]  # none on a day nothing happened
    agents: list[AgentDay]
    handoffs: list[HandoffDay]
    flows: list[FlowDay]


@dataclass
class Day:
    """Everything a day adds up to, keyed the way its rows are."""

    day: date
    outcomes: defaultdict[tuple[int, int], Outcome] = field(
        default_factory=lambda: defaultdict(Outcome)
    )
    extras: defaultdict[int, TeamExtras] = field(default_factory=lambda: defaultdict(TeamExtras))
    agents: defaultdict[tuple[int, int], Counter[str]] = field(
        default_factory=lambda: defaultdict(Counter)
    )
    handoffs: defaultdict[tuple[int, int], Handoff] = field(
        default_factory=lambda: defaultdict(Handoff)
    )
    flows: defaultdict[tuple[int | None, int], Counter[str]] = field(
        default_factory=lambda: defaultdict(Counter)
    )

    def rows(self) -> DayRows:
        """The rows, each team's outcomes summed from its services' (one pass for both)."""
        # Team 0: a fact whose holding team could not be told (no stint): counted nowhere.
        outcomes = {key: o for key, o in self.outcomes.items() if key[0]}
        team_outcomes: defaultdict[int, Outcome] = defaultdict(Outcome)
        for (team_id, _service_id), outcome in outcomes.items():
            team_outcomes[team_id].absorb(outcome)
        extras = {t: e for t, e in self.extras.items() if t and not e.is_empty}
        team_ids = sorted(set(team_outcomes) | set(extras))
        everyone, all_extras = Outcome(), TeamExtras()
        for team in team_ids:
            everyone.absorb(team_outcomes[team])
            all_extras.absorb(extras.get(team, TeamExtras()))
        return DayRows(
            services=[
                ServiceDay(day=self.day, team_id=team, service_id=service, **outcome.fields())
                for (team, service), outcome in sorted(outcomes.items())
            ],
            teams=[
                TeamDay(
                    day=self.day,
                    team_id=team,
                    **team_outcomes[team].fields(),
                    **extras.get(team, TeamExtras()).fields(),
                )
                for team in team_ids
            ],
            organisation=[OrganisationDay(day=self.day, **everyone.fields(), **all_extras.fields())]
            if team_ids
            else [],
            agents=[
                AgentDay(
                    day=self.day,
                    team_id=team,
                    agent_id=agent,
                    **{name: counts[name] for name in AGENT_COUNTS},
                )
                for (team, agent), counts in sorted(self.agents.items())
                if team and any(counts.values())
            ],
            handoffs=[
                HandoffDay(
                    day=self.day,
                    from_team_id=sent,
                    to_team_id=got,
                    delay_minutes=handoff.delays,
                    **{name: handoff.counts[name] for name in HANDOFF_COUNTS},
                )
                for (sent, got), handoff in sorted(self.handoffs.items())
                if sent and got
            ],
            flows=[
                FlowDay(
                    day=self.day,
                    requesting_team_id=asking,
                    serving_team_id=serving,
                    **{name: counts[name] for name in FLOW_COUNTS},
                )
                for (asking, serving), counts in sorted(
                    self.flows.items(), key=lambda item: (item[0][0] or 0, item[0][1])
                )
                if serving
            ],
        )
