"""The demo's quarterly health checks: the last two quarters' for a few teams, made by each
team's lead through insights.services_health as the page's "Make the check" would, from the
rollups of the simulated history (refreshed here for the days they lack). IT Service Desk's
are published, the latest with its lead's commentary and commitments; the other teams' latest
waits as a draft, as the quarterly task leaves it for their leads. Made after everything
else; does nothing when there are checks already.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from inservice.insights import periods, services, services_health
from inservice.insights.models import RollupDay
from inservice.insights.models_health import HealthCheck
from inservice.insights.periods import Period
from inservice.insights.scorecard import previous_quarter
from inservice.org.choices import Role
from inservice.org.models import Membership, Person, Team

Progress = Callable[[str], None]

TEAMS = ("IT", "PAY", "FAC", "HR")  # by request key prefix; the first has notes
COMMENTARY = """\
Resolutions held up well this quarter, but first responses slipped in the weeks after the
laptop refresh, when requests nearly doubled. The comments say the same: people like the fix,
less the wait for our first word.

What we learned:

- Monday mornings are our peak: half the week's laptop requests arrive before noon.
- Requests sent to us that belong to Facilities cost a day each before they reach them.
- The kudos from Sales for the onboarding week show what a clear promised time does.
"""
COMMITMENTS = (
    ("A second agent on the queue every Monday morning", 14),
    ("Publish a “new laptop: your first day” guide in the knowledge base", 45),
    ("Agree with Facilities which desk requests are theirs, and say so on the portal", 60),
    ("Answer every suggestion within five working days", None),
)


def build_health(now: datetime, progress: Progress) -> int:
    """The checks; returns how many were made."""
    if HealthCheck.objects.exists():
        return 0
    last = previous_quarter(Period.quarter_of(periods.local_day(now)))
    quarters = [previous_quarter(last), last]
    # Each check compares with the quarter before its own.
    _refresh_missing(previous_quarter(quarters[0]).start, last.end)
    teams = {t.key_prefix: t for t in Team.objects.filter(key_prefix__in=TEAMS)}
    made = 0
    for prefix in TEAMS:
        team = teams.get(prefix)
        lead = _lead(team) if team is not None else None
        if team is None or lead is None:
            continue
        for quarter in quarters:
            check = services_health.prepare_check(lead, team, quarter)
            made += 1
            if prefix == TEAMS[0] and quarter == last:
                services_health.save_notes(lead, check, _notes(last), at=now)
            if prefix == TEAMS[0] or quarter != last:
                services_health.publish_check(lead, check)
    progress(f"{made} health checks")
    return made


def _refresh_missing(start: date, end: date) -> None:
    """The rollups from the first day without any to `end` (the history's are usually none)."""
    have = set(RollupDay.objects.filter(day__gte=start, day__lte=end).values_list("day", flat=True))
    missing = next((d for d in Period(start, end).each_day() if d not in have), None)
    if missing is not None:
        services.refresh_days(missing, end)


def _notes(last: Period) -> services_health.NotesDraft:
    lines = []
    for text, days in COMMITMENTS:
        due = last.end + timedelta(days=days) if days else None
        lines.append(f"{text} | {due.isoformat()}" if due else text)
    return services_health.NotesDraft(commentary=COMMENTARY, commitments="\n".join(lines))


def _lead(team: Team) -> Person | None:
    lead = (
        Membership.objects.filter(team=team, role=Role.LEAD, person__is_active=True)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return lead.person if lead else None
