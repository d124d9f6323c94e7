"""The weekly working hours editor: a calendar's settings and its intervals, saved as a whole.

Each interval is a row of inputs named `hours-<i>-day/start/end`, with `hours-count` beside them;
rows are shown grouped by weekday. Adding and removing rows re-renders the posted list (nothing is
written); saving checks every row, then the week as a whole (overlaps, by
sla.calendar.interval_problems), and hands it to sla.services, which checks it again and writes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from inservice.sla.business import OFFICE_HOURS
from inservice.sla.calendar import Interval
from inservice.sla.forms import (
    CalendarSettingsForm,
    IntervalRowForm,
    end_minute,
    minutes_to_time,
    overlap_messages,
)
from inservice.sla.models import Calendar

Row = dict[str, str]  # what was typed: day, start, end
MAX_ROWS = 70  # ten intervals a day is more than any real rota


@dataclass
class HourRow:
    index: int
    form: IntervalRowForm
    problems: list[str] = field(default_factory=list)
    overnight_until: str = ""  # "06:00" when the interval runs into the next day
    focus: bool = False


@dataclass
class Day:
    weekday: int
    name: str
    rows: list[HourRow]
    focus_add: bool = False


def saved_rows(calendar: Calendar | None) -> list[Row]:
    """The calendar's intervals as rows (the default office hours when there is none)."""
    if calendar is None:
        intervals = list(OFFICE_HOURS)
    else:
        intervals = [
            Interval(i.weekday, i.start_minute, i.end_minute) for i in calendar.intervals.all()
        ]
    return [
        {
            "day": str(i.weekday),
            "start": f"{minutes_to_time(i.start):%H:%M}",
            "end": f"{minutes_to_time(i.end):%H:%M}",
        }
        for i in sorted(intervals)
    ]


def read_rows(data: Mapping[str, Any]) -> list[Row]:
    """The posted rows as typed, so a re-render keeps them."""
    count = str(data.get("hours-count", ""))
    if not count.isdigit():
        # Without the count an empty week would look like "remove every interval".
        raise ValidationError(_("The page sent an incomplete list: reload it and try again."))
    if int(count) > MAX_ROWS:
        raise ValidationError(_("Keep it to %(n)s working intervals.") % {"n": MAX_ROWS})
    return [
        {attr: str(data.get(f"hours-{i}-{attr}", "")).strip() for attr in ("day", "start", "end")}
        for i in range(int(count))
    ]


def _data(rows: Sequence[Row]) -> dict[str, str]:
    data = {"hours-count": str(len(rows))}
    for i, row in enumerate(rows):
        for attr, value in row.items():
            data[f"hours-{i}-{attr}"] = value
    return data


def _overnight_until(row: Row) -> str:
    form = IntervalRowForm(_data([row]), prefix="hours-0")
    if not form.is_valid():
        return ""
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    minutes = end_minute(start, end)
    return f"{end:%H:%M}" if minutes is not None and minutes > 24 * 60 else ""


def section(
    rows: Sequence[Row],
    settings: CalendarSettingsForm,
    *,
    forms: Sequence[IntervalRowForm] | None = None,
    problems: Mapping[int, list[str]] | None = None,
    error: str = "",
    focus_row: int | None = None,
    focus_day: int | None = None,
) -> dict[str, Any]:
    """Template context of the editor: settings, then the rows grouped by weekday."""
    if forms is None:
        forms = [IntervalRowForm(prefix=f"hours-{i}", initial=row) for i, row in enumerate(rows)]
    problems = problems or {}
    days = [Day(d, str(WEEKDAYS[d]), [], focus_add=d == focus_day) for d in range(7)]
    for i, (row, form) in enumerate(zip(rows, forms, strict=True)):
        day = int(row["day"]) if row["day"].isdigit() and int(row["day"]) < 7 else 0
        if i == focus_row:
            form.fields["start"].widget.attrs["autofocus"] = True
        days[day].rows.append(
            HourRow(i, form, list(problems.get(i, [])), _overnight_until(row), i == focus_row)
        )
    invalid = bool(error) or bool(problems) or any(f.errors for f in forms) or bool(settings.errors)
    return {
        "settings_form": settings,
        "hour_count": len(rows),
        "days": days,
        "hours_error": error,
        "hours_invalid": invalid,
    }


def edit(rows: list[Row], op: str) -> tuple[list[Row], int | None, int | None]:
    """An edit named by the button pressed (add-<weekday>, remove-<i>): the rows and where the
    keyboard focus goes next (a row's first input, or a day's add button)."""
    verb, _sep, number = op.partition("-")
    index = int(number) if number.isdigit() else -1
    rows = list(rows)
    if verb == "add" and 0 <= index <= 6:
        if len(rows) >= MAX_ROWS:
            raise ValidationError(_("Keep it to %(n)s working intervals.") % {"n": MAX_ROWS})
        rows.append({"day": str(index), "start": "", "end": ""})
        return rows, len(rows) - 1, None
    if verb == "remove" and 0 <= index < len(rows):
        removed = rows.pop(index)
        day = int(removed["day"]) if removed["day"].isdigit() else None
        return rows, None, day
    return rows, None, None


@dataclass
class Checked:
    """A posted editor checked: the context to show again, or what to save."""

    context: dict[str, Any]
    status: int = 200
    values: dict[str, Any] | None = None


def check(data: Mapping[str, Any], settings: CalendarSettingsForm) -> Checked:
    """Reads the posted editor and either applies an add/remove edit or validates a save."""
    op = str(data.get("op", "save"))
    try:
        rows = read_rows(data)
    except ValidationError as exc:
        return Checked(section([], settings, error=" ".join(exc.messages)), 422)
    if op != "save":
        # Adding or removing a row is not a save: the settings are shown as typed, unjudged.
        settings = CalendarSettingsForm(
            initial={name: data.get(name, "") for name in CalendarSettingsForm.base_fields}
        )
        try:
            rows, focus_row, focus_day = edit(rows, op)
        except ValidationError as exc:
            return Checked(section(rows, settings, error=" ".join(exc.messages)), 422)
        return Checked(section(rows, settings, focus_row=focus_row, focus_day=focus_day))
    bound = _data(rows)
    forms = [IntervalRowForm(bound, prefix=f"hours-{i}") for i in range(len(rows))]
    valid = [form.is_valid() for form in forms]  # every row, so each shows its messages
    settings_valid = settings.is_valid()
    if not all(valid):
        return Checked(section(rows, settings, forms=forms), 422)
    intervals = [form.interval() for form in forms]
    problems = overlap_messages(intervals)
    if problems or not intervals or not settings_valid:
        error = "" if intervals else _("Give the calendar at least one working interval.")
        return Checked(section(rows, settings, forms=forms, problems=problems, error=error), 422)
    values = {**settings.cleaned_data, "intervals": intervals}
    return Checked(section(rows, settings, forms=forms), 200, values)


def place_errors(settings: CalendarSettingsForm, exc: ValidationError) -> str:
    """The service layer's messages: settings next to their inputs; the rest for the hours."""
    if not hasattr(exc, "error_dict"):
        return " ".join(exc.messages)
    rest: list[str] = []
    for name, errors in exc.error_dict.items():
        if name in settings.fields:
            settings.add_error(name, errors)
        else:
            rest.extend(message for error in errors for message in error.messages)
    return " ".join(rest)
