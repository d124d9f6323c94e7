"""Forms of the workflow pages: starting a run, moving its date, cancelling it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class StartForm(forms.Form):
    anchor_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to name it after the workflow and the first detail."),
    )


class MoveForm(forms.Form):
    anchor_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label=_("Note to the teams"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
