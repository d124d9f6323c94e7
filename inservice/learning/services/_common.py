"""What the learning services share: the refusals' shape, dates in a person's days, paths."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.urls import reverse

from inservice.learning.models.content import Course, Program
from inservice.learning.standings import today_for
from inservice.org.models import Person, Team
from inservice.sla import business
from inservice.workflows.schedule import NoWorkingDay, add_working_days

Problems = dict[str, list[str]]


def due_after(person: Person, team: Team | None, now: datetime, days: int) -> date:
    """The date `days` working days from now in the calendar of `team` (or the person's home
    team), as a day where the person is."""
    calendar_team = team or person.team
    table = business.for_team(calendar_team) if calendar_team else business.for_calendar(None)
    try:
        moment = add_working_days(table, now, days)
    except NoWorkingDay:  # a calendar with no working day: a fortnight per ten days
        moment = now + timedelta(days=round(days * 1.4))
    return today_for(person, moment)


def target_path(target: Course | Program) -> str:
    if isinstance(target, Course):
        return reverse("learning:course_detail", args=[target.pk])
    return reverse("learning:program_detail", args=[target.pk])
