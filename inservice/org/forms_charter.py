"""The vision's and a charter's forms. They only read the input: every rule (required, length,
Markdown) is org.services_charter's, placed beside its field by lib.forms.add_refusal, so the
pages and the API refuse the same things in the same words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from inservice.lib.forms import optional_text
from inservice.org.models_charter import MAX_MISSION, MAX_STATEMENT, MAX_TEXT, Charter, Vision
from inservice.org.services_charter import CharterDraft, VisionDraft

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MARKDOWN_HELP = _(
    "Markdown: **bold**, lists, [links](https://…). HTML and pictures are not allowed."
)


def _text(label: StrOrPromise, help_text: StrOrPromise, rows: int) -> forms.CharField:
    return optional_text(label, help_text, rows, MAX_TEXT)


class CharterForm(forms.Form):
    mission = forms.CharField(
        label=_("Mission"),
        required=False,
        help_text=_("One or two sentences: what the team is for, and for whom."),
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_MISSION}),
    )
    hours = _text(
        _("Hours"),
        _(
            "In words, beside the working calendar shown here: e.g. cover outside office hours, "
            "the busy days of the month."
        ),
        3,
    )
    reach = _text(
        _("How to reach us"),
        format_lazy("{} {}", _("The best way in for each kind of need."), MARKDOWN_HELP),
        5,
    )
    commitments = _text(
        _("Our commitments"),
        format_lazy(
            "{} {}",
            _("What colleagues can count on, as a list: one “- ” line each."),
            MARKDOWN_HELP,
        ),
        8,
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    @classmethod
    def for_charter(cls, charter: Charter | None) -> CharterForm:
        if charter is None:
            return cls(initial={"version": 0})
        return cls(
            initial={
                "mission": charter.mission,
                "hours": charter.hours,
                "reach": charter.reach,
                "commitments": charter.commitments,
                "version": charter.version,
            }
        )

    def draft(self) -> CharterDraft:
        data = self.cleaned_data
        return CharterDraft(
            mission=data["mission"],
            hours=data["hours"],
            reach=data["reach"],
            commitments=data["commitments"],
        )


class VisionForm(forms.Form):
    statement = forms.CharField(
        label=_("Vision statement"),
        required=False,
        help_text=_("One or two sentences, shown on the portal to everyone."),
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_STATEMENT}),
    )
    text = _text(
        _("The longer text"),
        format_lazy(
            "{} {}",
            _("Why it matters and what it means day to day; shown under “Read more”."),
            MARKDOWN_HELP,
        ),
        14,
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    @classmethod
    def for_vision(cls, vision: Vision | None) -> VisionForm:
        if vision is None:
            return cls(initial={"version": 0})
        initial = {"statement": vision.statement, "text": vision.text, "version": vision.version}
        return cls(initial=initial)

    def draft(self) -> VisionDraft:
        return VisionDraft(statement=self.cleaned_data["statement"], text=self.cleaned_data["text"])
