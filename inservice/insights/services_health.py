"""Writing health checks (decision 0038): the insights app's write path for them.

- `generate_check`: the quarterly task's verb: a team's check for a quarter when it has none
  (a second run, or two at once, makes nothing more), its leads told.
- `prepare_check`: a lead's, on demand: the quarter's check made, or its snapshot made again
  from today's rollups; the commentary, commitments and publication are kept.
- `save_notes`: the lead's commentary (Markdown, refused at the door like a charter's) and
  commitments (short lines, `text | YYYY-MM-DD`), refused whole with messages keyed by field,
  and refused when someone saved since the editor was opened (`version`).
- `publish_check`: the team (its members) may read it from now on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from inservice.catalog.models import Service
from inservice.insights import periods, scorecard
from inservice.insights.models_health import HealthCheck
from inservice.insights.periods import Period
from inservice.insights.permissions_health import edits
from inservice.knowledge.markup import markup_problems
from inservice.lib.queries import unique
from inservice.notifications.choices import Kind
from inservice.notifications.services import notify_people
from inservice.org.choices import Role
from inservice.org.models import Person, Team

GENERATE_DAYS = 7  # the task makes last quarter's checks on the first days of a quarter
MAX_COMMENTARY = 10_000
MAX_COMMITMENTS = 20
MAX_COMMITMENT = 200
EVENT_PREFIX = "health_check"

Problems = dict[str, list[str]]


@dataclass(frozen=True)
class NotesDraft:
    commentary: str = ""
    commitments: str = ""  # one a line: "text" or "text | YYYY-MM-DD"


# -- what the task makes ------------------------------------------------------------------------


def quarter_due(today: date) -> Period | None:
    """The quarter whose checks are made today: the one before, on the first GENERATE_DAYS days
    of a quarter (so a day the task did not run is caught up); None on the other days."""
    current = Period.quarter_of(today)
    if (today - current.start).days >= GENERATE_DAYS:
        return None
    return scorecard.previous_quarter(current)


def teams_due(quarter: Period) -> list[int]:
    """The service teams (teams with a service in the catalog) without a check for `quarter`,
    by id: one query."""
    has_check = HealthCheck.objects.filter(team=OuterRef("pk"), period_start=quarter.start)
    serves = Service.objects.filter(team=OuterRef("pk"))
    found = (
        Team.objects.service_teams()
        .filter(Exists(serves))
        .exclude(Exists(has_check))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return list(found)


def generate_check(team_id: int, quarter: Period) -> HealthCheck | None:
    """The team's check for `quarter` when it has none yet, its leads told; None when it has
    one (or the team is gone). Safe to run again, and twice at once."""
    team = unique(Team.objects.filter(pk=team_id))
    if team is None or HealthCheck.objects.filter(team=team, period_start=quarter.start).exists():
        return None
    return _create(team, quarter, None, scorecard.build(team, quarter))


def _create(
    team: Team, quarter: Period, actor: Person | None, snapshot: dict[str, Any]
) -> HealthCheck | None:
    try:
        with transaction.atomic():
            check = HealthCheck.objects.create(
                team=team,
                period_start=quarter.start,
                period_end=quarter.end,
                generated_at=timezone.now(),
                generated_by=actor,
                scorecard=snapshot,
                summary=snapshot["summary"],
            )
            _tell_leads(check, team, actor)
    except IntegrityError:
        return None  # made meanwhile by another run: that one told the leads
    return check


def _tell_leads(check: HealthCheck, team: Team, actor: Person | None) -> None:
    """The team's leads (but whoever made it) hear that a check waits for their commentary."""
    leads = Person.objects.filter(
        memberships__team=team, memberships__role=Role.LEAD, is_active=True
    )
    if actor is not None:
        leads = leads.exclude(pk=actor.pk)
    title = _("The %(quarter)s health check of %(team)s is ready for your commentary") % {
        "quarter": check.quarter,
        "team": team.name,
    }
    link = reverse("insights:health_check", args=[team.slug, check.quarter])
    notify_people(Kind.HEALTH_CHECK, leads, event_key(check), title=title, link=link)


def event_key(check: HealthCheck) -> str:
    return f"{EVENT_PREFIX}:{check.pk}"


# -- what a lead does ---------------------------------------------------------------------------


def prepare_check(actor: Person, team: Team, quarter: Period) -> HealthCheck:
    """The quarter's check, made now (the leads told), or its snapshot made again from today's
    rollups, keeping the commentary, commitments and publication. Only for a quarter that has
    ended."""
    if not edits(actor, team):
        raise PermissionDenied(_("Only the team's leads and administrators prepare its checks."))
    today = periods.today()
    if quarter.end >= today:
        when = date_format(quarter.end + timedelta(days=1), "DATE_FORMAT")
        message = _("This quarter has not ended: its check can be made from %(day)s.")
        raise ValidationError({"quarter": [message % {"day": when}]})
    snapshot = scorecard.build(team, quarter)
    with transaction.atomic():
        check = unique(
            HealthCheck.objects.select_for_update().filter(team=team, period_start=quarter.start)
        )
        if check is not None:
            check.scorecard = snapshot
            check.summary = snapshot["summary"]
            check.generated_at = timezone.now()
            check.generated_by = actor
            check.save(update_fields=["scorecard", "summary", "generated_at", "generated_by"])
            return check
    made = _create(team, quarter, actor, snapshot)
    if made is None:  # the task made it meanwhile: this snapshot is as new as its
        return prepare_check(actor, team, quarter)
    return made


def notes_problems(draft: NotesDraft) -> tuple[Problems, list[dict[str, str | None]]]:
    """What is wrong with the notes, keyed by field, and the commitments read from the lines."""
    errors: Problems = {}
    commentary = draft.commentary.strip()
    if len(commentary) > MAX_COMMENTARY:
        errors["commentary"] = [_too_long(commentary, MAX_COMMENTARY)]
    elif commentary and (found := markup_problems(commentary, where=_("in a health check"))):
        errors["commentary"] = found
    commitments, problems = read_commitments(draft.commitments)
    if problems:
        errors["commitments"] = problems
    return errors, commitments


def read_commitments(text: str) -> tuple[list[dict[str, str | None]], list[str]]:
    """The commitments of the lines (`text` or `text | YYYY-MM-DD`), and what is wrong with
    them, each problem naming its line."""
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1)]
    lines = [(n, line) for n, line in lines if line]
    if len(lines) > MAX_COMMITMENTS:
        return [], [
            _("Keep to %(n)s commitments: a few that will be kept.") % {"n": MAX_COMMITMENTS}
        ]
    found: list[dict[str, str | None]] = []
    problems: list[str] = []
    for number, line in lines:
        words, _sep, due = line.rpartition("|") if "|" in line else (line, "", "")
        words, due = words.strip(), due.strip()
        day = _day(due) if due else None
        if not words:
            problems.append(_("Line %(n)s: say what the team commits to.") % {"n": number})
        elif len(words) > MAX_COMMITMENT:
            problems.append(
                _("Line %(n)s: keep a commitment to %(max)s characters (this has %(len)s).")
                % {"n": number, "max": MAX_COMMITMENT, "len": len(words)}
            )
        elif due and day is None:
            problems.append(
                _("Line %(n)s: after “|”, write the due date as YYYY-MM-DD (not “%(due)s”).")
                % {"n": number, "due": due}
            )
        else:
            found.append({"text": words, "due": day.isoformat() if day else None})
    return found, problems


def commitments_text(commitments: list[dict[str, Any]]) -> str:
    """The commitments as the editor shows them, one a line."""
    return "\n".join(
        f"{c['text']} | {c['due']}" if c.get("due") else str(c["text"]) for c in commitments
    )


def save_notes(
    actor: Person,
    check: HealthCheck,
    draft: NotesDraft,
    *,
    version: int | None = None,
    at: datetime | None = None,
) -> HealthCheck:
    """The lead's commentary and commitments, whole. `version` is the one the editor opened
    (None saves over whatever is there)."""
    if not edits(actor, check.team):
        raise PermissionDenied(_("Only the team's leads and administrators write its checks."))
    errors, commitments = notes_problems(draft)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = HealthCheck.objects.select_for_update().get(pk=check.pk)
        if version is not None and version != locked.version:
            raise _stale()
        locked.commentary = draft.commentary.strip()
        locked.commitments = commitments
        locked.notes_updated_at = at or timezone.now()
        locked.notes_updated_by = actor
        locked.version += 1
        locked.save(
            update_fields=[
                "commentary",
                "commitments",
                "notes_updated_at",
                "notes_updated_by",
                "version",
            ]
        )
    return locked


def publish_check(actor: Person, check: HealthCheck) -> HealthCheck:
    """The team's members may read the check from now on. Publishing twice changes nothing."""
    if not edits(actor, check.team):
        raise PermissionDenied(_("Only the team's leads and administrators publish its checks."))
    with transaction.atomic():
        locked = HealthCheck.objects.select_for_update().get(pk=check.pk)
        if locked.published_at is None:
            locked.published_at = timezone.now()
            locked.published_by = actor
            locked.version += 1
            locked.save(update_fields=["published_at", "published_by", "version"])
    return locked


def _too_long(text: str, limit: int) -> str:
    return _("Too long: at most %(max)s characters (this has %(n)s).") % {
        "max": f"{limit:,}",
        "n": f"{len(text):,}",
    }


def _stale() -> ValidationError:
    return ValidationError(
        {
            "version": [
                _(
                    "Someone else changed this health check since you opened it: reload the "
                    "page to see their change, then make yours again."
                )
            ]
        },
        code="stale",
    )


def _day(text: str) -> date | None:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    # Only the written form: fromisoformat also takes "20260630" and week dates.
    return day if len(text) == 10 and 2000 <= day.year <= 2100 else None


def quarter_of_check(check: HealthCheck) -> Period:
    return Period(check.period_start, check.period_end)
