"""The health checks over the API (decision 0038), for the same people as the pages
(permissions_health): a team's checks and one check whole. What the caller may not see is a
404; a quarter not written as 2026-Q1 is a 422 naming it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router

from inservice.insights import scorecard
from inservice.insights.models_health import HealthCheck
from inservice.insights.periods import Period
from inservice.insights.permissions_health import get_check, get_team_for_health, visible_checks
from inservice.insights.schemas_health import HealthCheckOut, HealthChecksOut
from inservice.lib.api import problem, unprocessable
from inservice.lib.markdown import render_markdown
from inservice.org.api_auth import caller

router = Router(tags=["health checks"])


@router.get(
    "/teams/{slug}/health-checks", response=HealthChecksOut, summary="A team's health checks"
)
def list_checks(request: HttpRequest, slug: str) -> dict[str, Any]:
    """Every quarter's check, newest first, with its traffic lights: the published ones, and
    the drafts too for the team's leads, its department's leads and administrators. Not paged:
    four a year."""
    viewer = caller(request)
    team = get_team_for_health(viewer, slug)
    checks = visible_checks(viewer, team).for_archive()
    return {"team": team, "items": [_row(check, team.slug) for check in checks]}


@router.get(
    "/teams/{slug}/health-checks/{quarter}", response=HealthCheckOut, summary="A health check"
)
def get_one(request: HttpRequest, slug: str, quarter: str) -> dict[str, Any]:
    """One quarter's check (`2026-Q1`): the scorecard's lines, the highlights, the lead's
    commentary and commitments."""
    viewer = caller(request)
    period = _quarter(quarter)
    check = get_check(viewer, slug, period)
    snapshot = check.scorecard
    previous = scorecard.previous_quarter(period)
    return _row(check, check.team.slug) | {
        "team": check.team,
        "previous_start": previous.start,
        "previous_end": previous.end,
        "as_of": snapshot.get("as_of"),
        "generated_by": check.generated_by,
        "lines": [
            {
                "key": line.key,
                "label": line.label,
                "unit": line.unit.value,
                "value": line.value,
                "previous": line.previous,
                "target": line.target,
                "higher_is_better": line.higher_is_better,
                "light": line.light.value,
            }
            for line in scorecard.lines_of(snapshot)
        ],
        "summary_text": scorecard.summary_sentence(check.summary),
        "feedback": snapshot.get("feedback", {}),
        "kudos": snapshot.get("kudos", {}),
        "suggestions": snapshot.get("suggestions", {}),
        "training": snapshot.get("training", {}),
        "commentary": check.commentary,
        "commentary_html": str(render_markdown(check.commentary)) if check.commentary else "",
        "commitments": check.commitments,
        "version": check.version,
    }


def _quarter(text: str) -> Period:
    found = scorecard.parse_quarter(text)
    if found is None:
        message = _("Write the quarter as a year and its number, e.g. 2026-Q1.")
        raise unprocessable([problem(("path", "quarter"), message, "value_error")])
    return found


def _row(check: HealthCheck, slug: str) -> dict[str, Any]:
    return {
        "quarter": check.quarter,
        "start": check.period_start,
        "end": check.period_end,
        "published": check.is_published,
        "published_at": check.published_at,
        "generated_at": check.generated_at,
        "summary": scorecard.light_counts(check.summary),
        "url": reverse("insights:health_check", args=[slug, check.quarter]),
    }
