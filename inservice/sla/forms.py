"""Forms for a lead's calendar and service-level pages (and the admin's calendar rows).

They clean what was typed into values; sla.services checks the whole and writes. Working hours are
entered as wall-clock times, and an end before the start runs overnight: 22:00-06:00 is stored as
1320-1800 (minutes from the start day's midnight; past 1440 is the next day).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time
from functools import cache
from typing import TYPE_CHECKING, Any
from zoneinfo import available_timezones

import holidays as holiday_tables
from django import forms
from django.db.models import Count
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from inservice.sla import policies
from inservice.sla.business import holiday_problem
from inservice.sla.calendar import DAY_MINUTES, Interval, interval_problems
from inservice.sla.models import Calendar
from inservice.sla.services import PAUSABLE_STATUSES
from inservice.tickets.choices import Status

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

WEEKDAY_CHOICES = [(day, WEEKDAYS[day]) for day in range(7)]
# The stylesheet styles text-like inputs only; time and date-time inputs get the same look here.
INPUT_LOOK = "padding:.45rem .6rem;border:1px solid #9aa5b1;border-radius:6px;font:inherit"
TIME_INPUT = {"type": "time", "style": f"width:auto;{INPUT_LOOK}"}


@cache
def zone_choices() -> list[tuple[str, str]]:
    return [(zone, zone) for zone in sorted(available_timezones())]


def minutes_to_time(minutes: int) -> time:
    """Wall-clock time of minutes from local midnight (an overnight end shows as the next day's)."""
    minutes %= DAY_MINUTES
    return time(minutes // 60, minutes % 60)


def time_to_minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def describe_interval(interval: Interval) -> str:
    """“Monday 22:00-06:00 (next day)”, for messages next to a row."""
    text = f"{WEEKDAYS[interval.weekday]} {minutes_to_time(interval.start):%H:%M}-"
    text += f"{minutes_to_time(interval.end):%H:%M}"
    if interval.end > DAY_MINUTES:
        text += " " + _("(next day)")
    return text


def end_minute(start: time, end: time) -> int | None:
    """The end in minutes from the start day's midnight; None when the interval is empty."""
    first, last = time_to_minutes(start), time_to_minutes(end)
    if last == first:
        return None
    return last if last > first else last + DAY_MINUTES


EMPTY_INTERVAL = gettext_lazy(
    "This interval is empty: it must end after it starts. For a 24-hour shift, split it in two "
    "(e.g. 06:00-18:00 and 18:00-06:00)."
)


# -- calendars --------------------------------------------------------------------------------


class CalendarChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # generic in the stubs only
    def label_from_instance(self, obj: Any) -> str:
        count = getattr(obj, "team_count", 0)
        return ngettext(
            "%(name)s (%(zone)s, used by %(count)s team)",
            "%(name)s (%(zone)s, used by %(count)s teams)",
            count,
        ) % {"name": obj.name, "zone": obj.time_zone, "count": count}


class ChooseCalendarForm(forms.Form):
    calendar = CalendarChoiceField(
        label=gettext_lazy("The team works by"),
        queryset=Calendar.objects.none(),
        required=False,
        empty_label=gettext_lazy("The default: Monday to Friday, 09:00-17:00 UTC"),
        error_messages={"invalid_choice": gettext_lazy("That calendar no longer exists.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["calendar"]
        assert isinstance(field, CalendarChoiceField)  # for mypy: declared just above
        field.queryset = Calendar.objects.annotate(team_count=Count("teams")).order_by("name")


class CalendarSettingsForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=120,
        help_text=gettext_lazy("E.g. “Berlin office hours”."),
        error_messages={"required": gettext_lazy("Name the calendar, e.g. “Berlin office hours”.")},
    )
    time_zone = forms.ChoiceField(
        label=gettext_lazy("Time zone"),
        choices=zone_choices,
        initial="UTC",
        help_text=gettext_lazy("Working hours, closures and the preview are in this time zone."),
        error_messages={"invalid_choice": gettext_lazy("Choose a time zone from the list.")},
    )
    country = forms.CharField(
        label=gettext_lazy("Public holidays of"),
        max_length=3,
        required=False,
        help_text=gettext_lazy(
            "A country code, e.g. DE or US. Leave empty for no public holidays."
        ),
    )
    subdivision = forms.CharField(
        label=gettext_lazy("Region"),
        max_length=10,
        required=False,
        help_text=gettext_lazy("Optional: a state or region code, e.g. BE for Berlin."),
    )

    def clean_country(self) -> str:
        return str(self.cleaned_data.get("country", "")).strip().upper()

    def clean_subdivision(self) -> str:
        return str(self.cleaned_data.get("subdivision", "")).strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        country, region = data.get("country", ""), data.get("subdivision", "")
        if "country" in data and "subdivision" in data:
            for field, message in holiday_messages(country, region).items():
                self.add_error(field, message)
        return data


def holiday_messages(country: str, subdivision: str) -> dict[str, str]:
    """Why public holidays cannot be looked up (sla.business.holiday_problem), field by field."""
    if holiday_problem(country, subdivision) is None:
        return {}
    if not country:
        return {"country": _("Give the country as well as the region, e.g. DE with BE.")}
    if holiday_problem(country, "") is not None:
        return {
            "country": _(
                "Public holidays are not known for “%(code)s”: use a two-letter country code, "
                "e.g. DE, FR or US."
            )
            % {"code": country}
        }
    regions = [r for r in holiday_tables.list_supported_countries().get(country, ()) if r.isupper()]
    return {
        "subdivision": _(
            "“%(code)s” is not a region of %(country)s that public holidays are known for. "
            "Known regions: %(regions)s."
        )
        % {"code": subdivision, "country": country, "regions": ", ".join(regions) or "—"}
    }


class IntervalRowForm(forms.Form):
    """One working interval on a weekday; an end before the start runs into the next day."""

    day = forms.TypedChoiceField(choices=WEEKDAY_CHOICES, coerce=int, widget=forms.HiddenInput)
    start = forms.TimeField(
        label=gettext_lazy("From"),
        widget=forms.TimeInput(attrs=TIME_INPUT, format="%H:%M"),
        error_messages={
            "required": gettext_lazy("Enter when work starts, e.g. 09:00."),
            "invalid": gettext_lazy("Enter a time like 09:00."),
        },
    )
    end = forms.TimeField(
        label=gettext_lazy("To"),
        widget=forms.TimeInput(attrs=TIME_INPUT, format="%H:%M"),
        error_messages={
            "required": gettext_lazy("Enter when work ends, e.g. 17:00."),
            "invalid": gettext_lazy("Enter a time like 17:00."),
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None and end_minute(start, end) is None:
            self.add_error("end", EMPTY_INTERVAL)
        return data

    def interval(self) -> Interval:
        data = self.cleaned_data
        end = end_minute(data["start"], data["end"])
        assert end is not None  # clean() refused an empty interval
        return Interval(data["day"], time_to_minutes(data["start"]), end)


def overlap_messages(intervals: Sequence[Interval]) -> dict[int, list[str]]:
    """For each row, the rows it overlaps (detected by interval_problems), in words."""
    found: dict[int, list[str]] = {}
    for i, first in enumerate(intervals):
        for j in range(i + 1, len(intervals)):
            second = intervals[j]
            if first == second or interval_problems([first, second]):
                found.setdefault(i, []).append(
                    _("Overlaps %(other)s.") % {"other": describe_interval(second)}
                )
                found.setdefault(j, []).append(
                    _("Overlaps %(other)s.") % {"other": describe_interval(first)}
                )
    return found


class ClosureForm(forms.Form):
    """A closure: a whole day, or from a date-time to a date-time in the calendar's time zone.

    Bind and validate it under timezone.override(the calendar's zone): the times typed are the
    calendar's wall-clock times."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Closed"),
        choices=[
            ("date", gettext_lazy("For a whole day")),
            ("range", gettext_lazy("From a time to a time")),
        ],
        initial="date",
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose a whole day, or a time to a time."),
            "invalid_choice": gettext_lazy("Choose a whole day, or a time to a time."),
        },
    )
    on_date = forms.DateField(
        label=gettext_lazy("Day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Enter a date like 2025-12-24.")},
    )
    starts_at = forms.DateTimeField(
        label=gettext_lazy("From"),
        required=False,
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "style": INPUT_LOOK}, format="%Y-%m-%dT%H:%M"
        ),
        error_messages={"invalid": gettext_lazy("Enter a date and time like 2025-12-24 12:00.")},
    )
    ends_at = forms.DateTimeField(
        label=gettext_lazy("Until"),
        required=False,
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "style": INPUT_LOOK}, format="%Y-%m-%dT%H:%M"
        ),
        error_messages={"invalid": gettext_lazy("Enter a date and time like 2025-12-24 17:00.")},
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=160,
        required=False,
        help_text=gettext_lazy("E.g. “Team offsite”. Shown in the preview."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == "date":
            data["starts_at"] = data["ends_at"] = None
            if data.get("on_date") is None and "on_date" not in self.errors:
                self.add_error("on_date", _("Pick the day the team is closed."))
        elif data.get("kind") == "range":
            data["on_date"] = None
            starts, ends = data.get("starts_at"), data.get("ends_at")
            if starts is None and "starts_at" not in self.errors:
                self.add_error("starts_at", _("Say when the closure starts."))
            if ends is None and "ends_at" not in self.errors:
                self.add_error("ends_at", _("Say when the closure ends."))
            if starts is not None and ends is not None and ends <= starts:
                self.add_error("ends_at", _("The closure must end after it starts."))
        return data


# -- policies ---------------------------------------------------------------------------------

# (form field prefix, service argument, label)
TARGETS = (
    ("first_response", "first_response_minutes", gettext_lazy("First response within")),
    ("resolution", "resolution_minutes", gettext_lazy("Resolved within")),
    ("update", "update_every_minutes", gettext_lazy("A public update at least every")),
)
# Where the service layer's messages go on the form.
POLICY_ERROR_FIELDS = {
    "first_response_minutes": "first_response_hours",
    "resolution_minutes": "resolution_hours",
    "update_every_minutes": "update_hours",
    "second_level_after_minutes": "second_level_hours",
    "at_risk_percent": "at_risk_percent",
    "pause_statuses": "pause_statuses",
}


def _number(label: StrOrPromise) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "style": "width:4.5rem"}),
        error_messages={"invalid": gettext_lazy("Enter a whole number.")},
    )


class PolicyForm(forms.Form):
    """A service's targets for one priority: durations as business hours and minutes."""

    first_response_hours = _number(gettext_lazy("hours"))
    first_response_mins = _number(gettext_lazy("minutes"))
    resolution_hours = _number(gettext_lazy("hours"))
    resolution_mins = _number(gettext_lazy("minutes"))
    update_hours = _number(gettext_lazy("hours"))
    update_mins = _number(gettext_lazy("minutes"))
    at_risk_percent = forms.IntegerField(
        label=gettext_lazy("At risk when this much of a target is used (%)"),
        initial=policies.DEFAULT_AT_RISK_PERCENT,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "style": "width:6rem"}),
        error_messages={
            "required": gettext_lazy("Give a percentage from 1 to 99, e.g. 75."),
            "invalid": gettext_lazy("Give a percentage from 1 to 99, e.g. 75."),
        },
    )
    pause_statuses = forms.MultipleChoiceField(
        label=gettext_lazy("The clock pauses while the request is"),
        choices=[(s.value, s.label) for s in PAUSABLE_STATUSES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=policies.DEFAULT_PAUSE,
        error_messages={
            "invalid_choice": gettext_lazy("“%(value)s” is not a status the clock can pause in.")
        },
    )
    second_level_hours = _number(gettext_lazy("hours"))
    second_level_mins = _number(gettext_lazy("minutes"))

    @classmethod
    def initial_for(
        cls,
        *,
        first_response_minutes: int | None,
        resolution_minutes: int | None,
        update_every_minutes: int | None,
        at_risk_percent: int = policies.DEFAULT_AT_RISK_PERCENT,
        pause_statuses: Sequence[str] = tuple(policies.DEFAULT_PAUSE),
        second_level_after_minutes: int = policies.DEFAULT_SECOND_LEVEL_MINUTES,
    ) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "at_risk_percent": at_risk_percent,
            "pause_statuses": list(pause_statuses),
        }
        durations = {
            "first_response": first_response_minutes,
            "resolution": resolution_minutes,
            "update": update_every_minutes,
            "second_level": second_level_after_minutes,
        }
        for prefix, minutes in durations.items():
            if minutes is not None:
                initial[f"{prefix}_hours"], initial[f"{prefix}_mins"] = divmod(minutes, 60)
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for prefix, _argument, _label in TARGETS:
            data[f"{prefix}_total"] = self._duration(data, prefix)
        data["second_level_total"] = self._duration(data, "second_level")
        if data["second_level_total"] is None and "second_level_hours" not in self.errors:
            self.add_error(
                "second_level_hours",
                _("Say how long after a breach the lead's manager is told, e.g. 4 hours."),
            )
        return data

    def _duration(self, data: dict[str, Any], prefix: str) -> int | None:
        hours, minutes = data.get(f"{prefix}_hours"), data.get(f"{prefix}_mins")
        if f"{prefix}_hours" in self.errors or f"{prefix}_mins" in self.errors:
            return None
        if hours is None and minutes is None:
            return None
        if (hours or 0) < 0 or (minutes or 0) < 0:
            self.add_error(f"{prefix}_hours", _("A duration cannot be negative."))
            return None
        return int(hours or 0) * 60 + int(minutes or 0)

    def values(self) -> dict[str, Any]:
        """Keyword arguments for sla.services.save_policy."""
        data = self.cleaned_data
        values: dict[str, Any] = {
            argument: data[f"{prefix}_total"] for prefix, argument, _label in TARGETS
        }
        values.update(
            at_risk_percent=data["at_risk_percent"],
            pause_statuses=data["pause_statuses"],
            second_level_after_minutes=data["second_level_total"],
        )
        return values


def status_label(value: str) -> str:
    return str(Status(value).label) if value in Status.values else value
