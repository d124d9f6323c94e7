"""Who sees and writes a team's health checks (decision 0038), on decision 0035's team rule.

- A team's checks are for whoever sees its dashboard: its members, the leads of its
  department, administrators. A draft (not yet published) only for the leads among them: the
  team's leads, its department's leads, administrators.
- The team's leads and administrators prepare, regenerate, write and publish them.
Anything else answers 404, as for a check that does not exist: pages, CSV and API alike.
"""

from __future__ import annotations

from django.http import Http404

from inservice.insights import permissions
from inservice.insights.models_health import HealthCheck, HealthCheckQuerySet
from inservice.insights.periods import Period
from inservice.lib.queries import unique
from inservice.org.models import Person, Team


def sees_drafts(viewer: Person, team: Team) -> bool:
    if viewer.is_superuser or team.pk in viewer.lead_team_ids():
        return True
    return team.parent_id is not None and team.parent_id in viewer.lead_team_ids()


def edits(viewer: Person, team: Team) -> bool:
    return permissions.leads(viewer, team)


def visible_checks(viewer: Person, team: Team) -> HealthCheckQuerySet:
    checks = HealthCheck.objects.of_team(team)
    return checks if sees_drafts(viewer, team) else checks.published()


def get_team_for_health(viewer: Person, slug: str) -> Team:
    """The team whose checks `viewer` may see (its dashboard's people), or 404."""
    team = permissions.get_team_scope(viewer, slug).team
    assert team is not None
    return team


def get_check(viewer: Person, slug: str, quarter: Period | None) -> HealthCheck:
    """The team's check of `quarter` (None: a quarter the URL did not name well), or 404."""
    team = get_team_for_health(viewer, slug)
    if quarter is None:
        raise Http404
    found = visible_checks(viewer, team).filter(period_start=quarter.start)
    check = unique(found.select_related("generated_by", "notes_updated_by", "published_by"))
    if check is None:
        raise Http404
    check.team = team  # already read, with its department
    return check


def get_check_to_edit(viewer: Person, slug: str, quarter: Period | None) -> HealthCheck:
    check = get_check(viewer, slug, quarter)
    if not edits(viewer, check.team):
        raise Http404
    return check


def get_team_to_prepare(viewer: Person, slug: str) -> Team:
    team = get_team_for_health(viewer, slug)
    if not edits(viewer, team):
        raise Http404
    return team
