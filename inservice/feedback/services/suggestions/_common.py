"""What the suggestion box's and concerns' services share: targets, paths, business time, and
who hears of a suggestion to a team."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.urls import reverse

from inservice.feedback.models.suggestions import Concern, Suggestion
from inservice.feedback.permissions_suggestions import org_owner
from inservice.org.choices import Role
from inservice.org.models import Person, Team
from inservice.sla import business
from inservice.sla.calendar import BusinessTime
from inservice.workflows.schedule import NoWorkingDay, add_working_days

ANSWER_WITHIN_DAYS = 10  # working days of the owning team's calendar
CONCERN_WITHIN_DAYS = 5
BATCH = 500  # rows one periodic pass looks at

Problems = dict[str, list[str]]


def follow_path(secret: str) -> str:
    return reverse("feedback:suggestion_follow", args=[secret])


def detail_path(suggestion: Suggestion | int) -> str:
    pk = suggestion if isinstance(suggestion, int) else suggestion.pk
    return reverse("feedback:suggestion_detail", args=[pk])


def concern_path(concern: Concern | int) -> str:
    pk = concern if isinstance(concern, int) else concern.pk
    return reverse("feedback:concern_detail", args=[pk])


# -- time -----------------------------------------------------------------------------------


def table_for(team: Team | None) -> BusinessTime:
    """The calendar suggestions to `team` are answered by (the whole organisation's: its owning
    team's, else office hours)."""
    owner = team if team is not None else org_owner()
    return business.for_team(owner) if owner is not None else business.for_calendar(None)


def midnight(table: BusinessTime, moment: datetime, days_later: int = 0) -> datetime:
    day = moment.astimezone(table.zone).date() + timedelta(days=days_later)
    return datetime.combine(day, time(), tzinfo=table.zone).astimezone(moment.tzinfo)


def working_days_after(table: BusinessTime, moment: datetime, days: int) -> datetime:
    try:
        return add_working_days(table, moment, days)
    except NoWorkingDay:  # a calendar with no working day: a fortnight per ten days
        return moment + timedelta(days=round(days * 1.4))


def anonymous_times(table: BusinessTime, now: datetime) -> tuple[datetime, datetime]:
    """(Stored time, time it reaches the team) of something an anonymous submitter writes: the
    day only, seen from the end of that day, so that it cannot be matched to who was at work."""
    return midnight(table, now), midnight(table, now, days_later=1)


# -- telling people -------------------------------------------------------------------------


def team_to_tell(team_id: int | None) -> list[Person]:
    """Who hears of a suggestion to the team (None: the whole organisation): its active leads;
    administrators when it has none."""
    team: Team | int | None = team_id if team_id is not None else org_owner()
    leads: list[Person] = []
    if team is not None:
        leads = list(
            Person.objects.filter(
                is_active=True, memberships__team=team, memberships__role=Role.LEAD
            ).order_by("pk")
        )
    return leads or administrators()


def administrators() -> list[Person]:
    return list(Person.objects.filter(is_active=True, is_superuser=True).order_by("pk"))
