"""The lead's notes on a health check. The form only reads the input: every rule (length,
Markdown, the commitments' lines) is insights.services_health's, placed beside its field by
lib.forms.add_refusal, so a page and the service refuse the same things in the same words."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from inservice.insights.models_health import HealthCheck
from inservice.insights.services_health import (
    MAX_COMMENTARY,
    NotesDraft,
    commitments_text,
)


class NotesForm(forms.Form):
    commentary = forms.CharField(
        label=_("Commentary"),
        required=False,
        strip=False,
        help_text=_(
            "What the quarter says, in the lead's words: what went well, what did not, why. "
            "Markdown: **bold**, lists, [links](https://…). HTML and pictures are not allowed."
        ),
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": MAX_COMMENTARY}),
    )
    commitments = forms.CharField(
        label=_("Commitments"),
        required=False,
        help_text=_(
            "What the team will do next quarter: a few, one a line, each with a due date after "
            "a bar if it has one: “Answer every suggestion within 5 days | 2026-06-30”."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    @classmethod
    def for_check(cls, check: HealthCheck) -> NotesForm:
        return cls(
            initial={
                "commentary": check.commentary,
                "commitments": commitments_text(check.commitments),
                "version": check.version,
            }
        )

    def draft(self) -> NotesDraft:
        data = self.cleaned_data
        return NotesDraft(commentary=data["commentary"], commitments=data["commitments"])
