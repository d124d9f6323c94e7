"""The forms of the satisfaction pages. They read what was posted; services.csat decides (its
refusals are placed beside these fields with lib.forms.add_refusal)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from inservice.feedback.models.csat import RatingScore
from inservice.feedback.services.csat import MAX_ANSWER, MAX_COMMENT

SCORE_MESSAGE = _("Choose a score from 1 (very poor) to 5 (excellent).")
PERIODS = (30, 90, 365)
DEFAULT_PERIOD = 90


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Your score"),
        choices=RatingScore.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": SCORE_MESSAGE, "invalid_choice": SCORE_MESSAGE},
    )
    comment = forms.CharField(
        label=_("Anything to add? (optional)"),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reopen = forms.BooleanField(
        label=_("It is not solved: reopen my request (with a score of 1 or 2)"), required=False
    )


class FollowUpAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer to the requester"),
        max_length=MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write your answer to the requester first.")},
    )


class SurveyRuleForm(forms.Form):
    every = forms.IntegerField(
        label=_("Ask one in"),
        help_text=_("1 asks after every resolved request; 4 after one in four."),
        error_messages={
            "required": _("Say how often to ask: 1 for every request."),
            "invalid": _("Enter a whole number, e.g. 1 for every request."),
        },
    )
    cap_days = forms.IntegerField(
        label=_("At most once per person every (days)"),
        help_text=_("0 for no cap; at most 365."),
        error_messages={
            "required": _("Say how many days, or 0 for no cap."),
            "invalid": _("Enter a whole number of days, or 0 for no cap."),
        },
    )


class PeriodForm(forms.Form):
    """The results' period: the last 30, 90 or 365 days (90 unless chosen)."""

    days = forms.TypedChoiceField(
        choices=[(n, n) for n in PERIODS],
        coerce=int,
        required=False,
        error_messages={"invalid_choice": _("Choose a period of 30, 90 or 365 days.")},
    )

    def chosen_days(self) -> int:
        """The period of a valid form: the one chosen, else the default."""
        return int(self.cleaned_data["days"] or DEFAULT_PERIOD)
