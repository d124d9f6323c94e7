"""Business calendars: created and changed as a whole, checked before anything is written."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inservice.lib.timezones import is_time_zone
from inservice.org import services as org
from inservice.org.models import Team
from inservice.sla.business import holiday_problem
from inservice.sla.calendar import Interval, interval_problems
from inservice.sla.models import Calendar, Closure, WorkingInterval


def save_calendar(
    calendar: Calendar | None,
    *,
    name: str,
    time_zone: str,
    intervals: Sequence[Interval],
    country: str = "",
    subdivision: str = "",
) -> Calendar:
    """Creates a calendar (None) or replaces one's settings and weekly hours in one go."""
    country, subdivision = country.strip().upper(), subdivision.strip().upper()
    errors: dict[str, list[str]] = {}
    same_name = Calendar.objects.filter(name__iexact=name.strip())
    if calendar is not None:
        same_name = same_name.exclude(pk=calendar.pk)
    if not name.strip():
        errors.setdefault("name", []).append(_("Name the calendar, e.g. “Berlin office hours”."))
    elif same_name.exists():
        errors.setdefault("name", []).append(
            _("There is already a calendar called “%(name)s”: pick it, or choose another name.")
            % {"name": name.strip()}
        )
    if not is_time_zone(time_zone):
        errors.setdefault("time_zone", []).append(
            _("“%(tz)s” is not a time zone, e.g. Europe/Berlin.") % {"tz": time_zone}
        )
    problem = holiday_problem(country, subdivision)
    if problem:
        errors.setdefault("subdivision" if subdivision and country else "country", []).append(
            problem
        )
    if not intervals:
        errors.setdefault("intervals", []).append(
            _("Give the calendar at least one working interval.")
        )
    errors.setdefault("intervals", []).extend(interval_problems(intervals))
    # interval_problems compares neighbours that differ, so a repeated interval needs its own check.
    if len(set(intervals)) < len(intervals):
        errors["intervals"].append(_("The same working interval is given twice."))
    errors = {field: messages for field, messages in errors.items() if messages}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if calendar is None:
            calendar = Calendar(name=name.strip())
        calendar.name, calendar.time_zone = name.strip(), time_zone
        calendar.country, calendar.subdivision = country, subdivision
        calendar.full_clean()
        calendar.save()  # a new updated_at: cached business-time tables rebuild
        calendar.intervals.all().delete()
        WorkingInterval.objects.bulk_create(
            WorkingInterval(
                calendar=calendar, weekday=i.weekday, start_minute=i.start, end_minute=i.end
            )
            for i in intervals
        )
    return calendar


def create_team_calendar(
    team: Team,
    *,
    name: str,
    time_zone: str,
    intervals: Sequence[Interval],
    country: str = "",
    subdivision: str = "",
) -> Calendar:
    """A new calendar that the team works by from now on."""
    with transaction.atomic():
        calendar = save_calendar(
            None,
            name=name,
            time_zone=time_zone,
            intervals=intervals,
            country=country,
            subdivision=subdivision,
        )
        org.set_calendar(team, calendar)
    return calendar


def add_closure(
    calendar: Calendar,
    *,
    on_date: date | None = None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    reason: str = "",
) -> Closure:
    """Closes a whole local date, or a range of instants."""
    if (on_date is None) == (starts_at is None and ends_at is None):
        raise ValidationError(_("Give either a date or a start and an end."))
    if on_date is None and (starts_at is None or ends_at is None or ends_at <= starts_at):
        raise ValidationError({"ends_at": _("The closure must end after it starts.")})
    with transaction.atomic():
        closure = Closure.objects.create(
            calendar=calendar,
            on_date=on_date,
            starts_at=starts_at,
            ends_at=ends_at,
            reason=reason.strip()[:160],
        )
        Calendar.objects.filter(pk=calendar.pk).update(updated_at=timezone.now())
    return closure


def remove_closure(calendar: Calendar, closure_id: int) -> None:
    with transaction.atomic():
        Closure.objects.filter(calendar=calendar, pk=closure_id).delete()
        Calendar.objects.filter(pk=calendar.pk).update(updated_at=timezone.now())
