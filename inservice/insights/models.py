"""The daily rollups every dashboard figure reads (decision 0034): small tables of one reporting
day each (`periods.local_day`), written only by `insights.services` from the requests, clocks,
ratings, promises, kudos and feedback of that day, and replaced whole whenever the day is
refreshed. A figure reads a few hundred of these rows, never the requests themselves.

- `ServiceDay`: per day, holding team and service: what was asked, resolved, reopened, the
  service levels decided, the response and resolution time histograms, the ratings, the asking
  channels and the requesting departments.
- `TeamDay`: the same totals per day and team (one pass writes both), plus what only a team
  has: the backlog at the end of the day and its age, time by status, holds that ended,
  promises settled, what people wrote and how it reads, kudos, transfers.
- `OrganisationDay`: every team's row of the day added up (the organisation's dashboard).
- `AgentDay`: per day, team and agent: resolved, public replies, open and assigned at the end
  of the day, promises settled (workload balance; the agent's own view).
- `HandoffDay`: per day and pair of teams: transfers arriving, and the receiving team's delay to
  its first action.
- `FlowDay`: per day, requesting team and serving team: the flows the customer map draws.
- `RollupDay` (each day's last refresh: "as of", and the row lock that keeps two refreshes of a
  day from interleaving) and `RollupRun` (each refresh: which days, when it finished).

Histograms are lists of counts per bucket of the fixed edges in `rollup.buckets`; maps are JSON
objects of counts. Every count is of that day only, so any period is a sum of days.
"""

from __future__ import annotations

from django.db import models

from inservice.catalog.models import Service
from inservice.org.models import Person, Team


class Outcomes(models.Model):
    """What a day's requests came to, shared by a service's rows and a team's."""

    day = models.DateField()
    asked = models.PositiveIntegerField(default=0)
    # Asked by someone who had asked for the same service in the 14 days before.
    repeats = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)  # resolutions (a request may resolve twice)
    first_resolved = models.PositiveIntegerField(default=0)  # first resolutions
    first_contact = models.PositiveIntegerField(default=0)  # of those, first-contact ones
    reopened = models.PositiveIntegerField(default=0)
    response_met = models.PositiveIntegerField(default=0)
    response_breached = models.PositiveIntegerField(default=0)
    resolution_met = models.PositiveIntegerField(default=0)
    resolution_breached = models.PositiveIntegerField(default=0)
    response_minutes = models.JSONField(default=list)  # histogram, rollup.buckets.MINUTES
    resolution_minutes = models.JSONField(default=list)
    csat_count = models.PositiveIntegerField(default=0)
    csat_sum = models.PositiveIntegerField(default=0)
    csat_satisfied = models.PositiveIntegerField(default=0)  # scores of 4 and 5
    by_channel = models.JSONField(default=dict)  # Channel value -> requests asked
    by_department = models.JSONField(default=dict)  # requesting department id or "none" -> asked

    class Meta:
        abstract = True


class ServiceDay(Outcomes):
    # The team holding the request when each thing happened; the service the request has.
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+", db_index=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+", db_index=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["team", "day", "service"], name="insights_serviceday_unique"
            )
        ]
        indexes = [
            # A service's dashboard; the organisation's pain points read by day.
            models.Index(fields=["service", "day"], name="insights_serviceday_svc_idx"),
            models.Index(fields=["day"], name="insights_serviceday_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.team_id}/{self.service_id}"


class TeamFigures(Outcomes):
    """A team's day (or the whole organisation's): the outcomes and what only a team has."""

    backlog = models.PositiveIntegerField(default=0)  # open at the end of the day
    aging = models.JSONField(default=list)  # of those, per age bucket (rollup.buckets.AGES)
    # Requests resolved that day, and the wall-clock hours they spent in each open status.
    status_requests = models.PositiveIntegerField(default=0)
    status_hours = models.JSONField(default=dict)
    # Holds that ended that day (a transfer on, or the resolution) and their business minutes.
    stints_ended = models.PositiveIntegerField(default=0)
    stint_minutes = models.JSONField(default=list)
    promises_kept = models.PositiveIntegerField(default=0)
    promises_broken = models.PositiveIntegerField(default=0)
    promises_renegotiated = models.PositiveIntegerField(default=0)
    # Scored texts by source and tone: {"replies": {"negative": 2, ...}, "suggestions": ...}.
    tones = models.JSONField(default=dict)
    kudos_given = models.PositiveIntegerField(default=0)
    kudos_given_across = models.PositiveIntegerField(default=0)
    kudos_received = models.PositiveIntegerField(default=0)
    kudos_received_across = models.PositiveIntegerField(default=0)
    transfers_in = models.PositiveIntegerField(default=0)
    transfers_out = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class TeamDay(TeamFigures):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+", db_index=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "day"], name="insights_teamday_unique")
        ]
        indexes = [models.Index(fields=["day"], name="insights_teamday_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.team_id}"


class OrganisationDay(TeamFigures):
    """Every team's day added up, so the organisation's dashboard reads one row a day."""

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day"], name="insights_organisationday_unique")
        ]

    def __str__(self) -> str:
        return str(self.day)


class AgentDay(models.Model):
    day = models.DateField()
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+", db_index=False)
    agent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", db_index=False)
    resolved = models.PositiveIntegerField(default=0)
    replies = models.PositiveIntegerField(default=0)  # public replies
    open_assigned = models.PositiveIntegerField(default=0)  # at the end of the day
    promises_kept = models.PositiveIntegerField(default=0)
    promises_broken = models.PositiveIntegerField(default=0)
    promises_renegotiated = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["team", "day", "agent"], name="insights_agentday_unique"
            )
        ]
        indexes = [models.Index(fields=["agent", "day"], name="insights_agentday_agent_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.team_id}/{self.agent_id}"


class HandoffDay(models.Model):
    """Transfers from one team to another that arrived on a day (tickets.handoff_report)."""

    day = models.DateField()
    from_team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    to_team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    transfers = models.PositiveIntegerField(default=0)
    acted = models.PositiveIntegerField(default=0)  # the receiving team has acted on (timed)
    bounced = models.PositiveIntegerField(default=0)  # went straight back to the sender
    # Business minutes of the receiving team's calendar from arrival to its first action.
    delay_minutes = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "from_team", "to_team"], name="insights_handoffday_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.from_team_id}->{self.to_team_id}"


class FlowDay(models.Model):
    """Requests from the people of one team to another team on a day: the customer map."""

    day = models.DateField()
    # The requester's team; null for people in no team.
    requesting_team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    serving_team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    asked = models.PositiveIntegerField(default=0)
    resolution_met = models.PositiveIntegerField(default=0)
    resolution_breached = models.PositiveIntegerField(default=0)
    csat_count = models.PositiveIntegerField(default=0)
    csat_sum = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["day"], name="insights_flowday_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.requesting_team_id}->{self.serving_team_id}"


class RollupDay(models.Model):
    """A day whose rows exist, and when they were last written."""

    day = models.DateField(primary_key=True)
    refreshed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.day} as of {self.refreshed_at:%Y-%m-%d %H:%M}"


class RollupRun(models.Model):
    """One refresh of a range of days (the command, the tasks)."""

    first_day = models.DateField()
    last_day = models.DateField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()

    class Meta:
        ordering = ["-finished_at"]
        indexes = [models.Index(fields=["finished_at"], name="insights_rolluprun_done_idx")]

    def __str__(self) -> str:
        return f"{self.first_day}..{self.last_day} at {self.finished_at:%Y-%m-%d %H:%M}"


from inservice.insights.models_customers import KeyCustomer  # noqa: E402, F401
from inservice.insights.models_health import HealthCheck  # noqa: E402, F401
from inservice.insights.models_retros import Retrospective  # noqa: E402, F401
