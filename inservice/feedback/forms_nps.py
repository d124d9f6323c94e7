"""Forms of the NPS pages: a new campaign (a lead's), and the answer (an invited person's).

They only read what was typed; services.nps and the survey engine check it and refuse with
messages keyed by field, which are put back beside the field they are about.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from inservice.feedback.anonymity import DEFAULT_MIN_GROUP
from inservice.feedback.nps_score import SCALE_MAX, SCALE_MIN, previous_quarter
from inservice.feedback.services import nps
from inservice.feedback.services.surveys import MAX_TEXT_ANSWER
from inservice.lib.forms import add_refusal

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DEFAULT_SAMPLE = 200
NAMED, ANONYMOUS = "named", "anonymous"


class CampaignForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave it empty for the team's name and the period, e.g. “NPS Q3 2026”."),
    )
    period_start = forms.DateField(label=_("Requests made from"), widget=DATE_INPUT)
    period_end = forms.DateField(
        label=_("to"),
        widget=DATE_INPUT,
        help_text=_("People who asked the team for something in this period are sampled."),
    )
    sample_size = forms.IntegerField(
        label=_("People to ask"),
        help_text=_("At most; fewer when fewer people asked the team for something."),
    )
    anonymity = forms.ChoiceField(
        label=_("Answers are"),
        choices=[
            (ANONYMOUS, _("Anonymous: no names, figures only over the smallest group below")),
            (NAMED, _("Named: the team's leads see who answered what")),
        ],
        widget=forms.RadioSelect,
    )
    min_group = forms.IntegerField(
        label=_("Smallest group shown (anonymous campaigns)"),
        help_text=_("No figure over fewer respondents is shown, to anyone."),
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE_INPUT)
    closes_on = forms.DateField(label=_("Closes on"), widget=DATE_INPUT)

    @classmethod
    def initial_for(cls, today: date) -> dict[str, Any]:
        """Last quarter, asked today for two weeks, anonymously."""
        start, end = previous_quarter(today)
        return {
            "period_start": start,
            "period_end": end,
            "sample_size": DEFAULT_SAMPLE,
            "anonymity": ANONYMOUS,
            "min_group": DEFAULT_MIN_GROUP,
            "opens_on": today,
            "closes_on": today + timedelta(days=nps.OPEN_DAYS),
        }

    def place(self, exc: ValidationError) -> None:
        add_refusal(self, exc)


class AnswerForm(forms.Form):
    # Whole numbers pass here as typed: the engine says what the scale is ("Choose a value from
    # 0 to 10"), the same words on the page and in the API.
    score = forms.IntegerField(label=_("Your score"), required=False)
    reason = forms.CharField(
        label=_("What is the main reason?"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_TEXT_ANSWER}),
    )

    scale = range(SCALE_MIN, SCALE_MAX + 1)

    def place(self, exc: ValidationError, names: Mapping[str, str]) -> None:
        """The engine's refusal ("questions.<id>", "survey") beside the fields it is about."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for key, errors in exc.error_dict.items():
            self.add_error(names.get(key), errors)
