"""The suggestion box's and concerns' forms. They only read the input: every rule (empty text,
lengths, statuses, reasons) is the service's, placed beside its field by lib.forms.add_refusal,
so the pages, the API and the demo refuse the same things with the same words."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from inservice.feedback.models.suggestions import (
    ANSWER_STATUSES,
    MAX_TEXT,
    MAX_TITLE,
    SuggestionStatus,
)
from inservice.org.models import Team

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ORGANISATION = "organisation"  # the board's filter value for the organisation-wide box


def _text(label: StrOrPromise, rows: int = 6, help_text: StrOrPromise = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        strip=True,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": MAX_TEXT}),
    )


class SuggestionForm(forms.Form):
    team = forms.ModelChoiceField(
        label=_("Suggestion for"),
        queryset=Team.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("The whole organisation"),
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": MAX_TITLE}),
    )
    body = _text(_("Your suggestion"), help_text=_("What should change, and why."))
    anonymous = forms.BooleanField(
        label=_("Anonymous: nothing links this suggestion to me"),
        required=False,
        initial=True,
        help_text=_(
            "You follow an anonymous suggestion through a private link, shown once when you send "
            "it. Untick to put your name to it and find it under your suggestions."
        ),
    )


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Keep the status"))] + [(s.value, s.label) for s in ANSWER_STATUSES],
    )
    body = _text(_("Your answer (public)"), rows=4)
    reason = _text(_("Why it is declined"), rows=3, help_text=_("Needed when declining."))

    def __init__(self, *args: Any, current: str = SuggestionStatus.NEW, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if current == SuggestionStatus.NEW:
            # The first answer gives a status: "keep" would be "new".
            field = self.fields["status"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", _("Choose a status"))] + [
                (s.value, s.label) for s in ANSWER_STATUSES
            ]


class ReplyForm(forms.Form):
    body = _text(_("Your reply"), rows=4)


class ConcernForm(forms.Form):
    team = forms.ModelChoiceField(
        label=_("About the service of"),
        queryset=Team.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Choose a team"),
    )
    about_lead = forms.BooleanField(
        label=_("My concern is about the team's lead"),
        required=False,
        help_text=_("Then it goes to the lead's manager instead of the lead."),
    )
    body = _text(_("Your concern"), rows=8, help_text=_("What happened, and what you expected."))


class ConcernAnswerForm(forms.Form):
    answer = _text(_("Your answer"), rows=6)
