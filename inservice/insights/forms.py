"""The dashboards' period: from and to (reporting days, both included; the last 30 days unless
chosen), checked once for the pages, the CSV downloads and the API (decision 0035)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inservice.insights.periods import Period
from inservice.insights.periods import today as reporting_today

DEFAULT_DAYS = 30
MAX_DAYS = 731  # two years, a leap day included
# The rollups hold nothing older; an earlier date would only ever show empty figures, and dates
# near year 1 cannot have a previous period at all.
EARLIEST = date(2000, 1, 1)


class PeriodForm(forms.Form):
    """`from` and `to` (ISO dates in the query string). Empty fields fall back to the last 30
    days up to today; a period ending in the future, starting after it ends or longer than two
    years is refused, naming the field."""

    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword: the fields are named here rather than declared.
        self.fields["from"] = forms.DateField(label=gettext_lazy("From"), required=False)
        self.fields["to"] = forms.DateField(label=gettext_lazy("To"), required=False)
        self.today = today or reporting_today()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        end: date = data.get("to") or self.today
        start: date = data.get("from") or end - timedelta(days=DEFAULT_DAYS - 1)
        if end > self.today:
            when = date_format(self.today, "DATE_FORMAT")
            self.add_error("to", _("Choose a day up to today (%(today)s).") % {"today": when})
        elif start < EARLIEST:
            when = date_format(EARLIEST, "DATE_FORMAT")
            self.add_error("from", _("Choose a day from %(day)s on.") % {"day": when})
        elif start > end:
            self.add_error("to", _("The period ends before it starts."))
        elif (end - start).days + 1 > MAX_DAYS:
            self.add_error("from", _("Choose a period of at most two years."))
        else:
            data["period"] = Period(start, end)
        return data

    @property
    def period(self) -> Period:
        """The period asked for (call after is_valid() is true)."""
        period: Period = self.cleaned_data["period"]
        return period


@dataclass(frozen=True)
class Preset:
    label: str
    period: Period


def presets(until: date) -> list[Preset]:
    """The periods offered with one click: the last 7, 30 and 90 days, and this quarter so far."""
    quarter = Period.quarter_of(until)
    return [
        Preset(_("Last 7 days"), Period.last_days(7, until=until)),
        Preset(_("Last 30 days"), Period.last_days(30, until=until)),
        Preset(_("Last 90 days"), Period.last_days(90, until=until)),
        Preset(_("This quarter"), Period(quarter.start, until)),
    ]
