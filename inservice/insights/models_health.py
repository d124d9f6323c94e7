"""Quarterly service health checks (decision 0038): one per team and quarter.

The scorecard is a snapshot (JSON, `scorecard.build` writes its shape): the figures, highlights
and lights as they stood when the check was generated, so an archived quarter reads the same
however the rollups are refreshed later, until a lead regenerates it on purpose. What the lead
writes (commentary, commitments) and whether the team may read it (published) are kept apart
from the snapshot, so regenerating never touches them. Written only by
`insights.services_health`; `version` refuses a save made over someone else's.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from inservice.org.models import Person, Team

__all__ = ["HealthCheck"]


def quarter_name(start: date) -> str:
    """ "2026-Q1": the quarter a day falls in, as URLs and file names name it."""
    return f"{start.year}-Q{(start.month - 1) // 3 + 1}"


class HealthCheckQuerySet(models.QuerySet["HealthCheck"]):
    def of_team(self, team: Team | int) -> HealthCheckQuerySet:
        return self.filter(team=team)

    def published(self) -> HealthCheckQuerySet:
        return self.filter(published_at__isnull=False)

    def newest_first(self) -> HealthCheckQuerySet:
        return self.order_by("-period_start")

    def for_archive(self) -> HealthCheckQuerySet:
        """What the archive lists, without the snapshots (the summary says enough)."""
        return self.defer("scorecard", "commentary", "commitments").newest_first()


class HealthCheck(models.Model):
    # The unique constraint's index leads with the team: a team's archive and the task's
    # "has this team a check for that quarter" both read it.
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+", db_index=False)
    period_start = models.DateField(_("first day"))  # a quarter's, in INSIGHTS_TIME_ZONE
    period_end = models.DateField(_("last day"))
    generated_at = models.DateTimeField(_("generated at"))
    # Null: the quarterly task; else the lead who generated (or regenerated) it.
    generated_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scorecard = models.JSONField(default=dict)
    # The scorecard's count of each light, apart, so the archive never reads the snapshots.
    summary = models.JSONField(default=dict)
    commentary = models.TextField(_("commentary"), blank=True, help_text=_("Markdown."))
    # [{"text": "...", "due": "YYYY-MM-DD" or null}], in the lead's order.
    commitments = models.JSONField(_("commitments"), default=list)
    notes_updated_at = models.DateTimeField(null=True, blank=True)
    notes_updated_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Null: a draft, for the team's leads, its department's leads and administrators only.
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = HealthCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("health check")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "period_start"], name="insights_healthcheck_unique"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="insights_healthcheck_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team_id} {self.quarter}"

    @property
    def quarter(self) -> str:
        return quarter_name(self.period_start)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
