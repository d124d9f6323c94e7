"""The kudos forms. They only read the input: every rule (oneself, the daily limit, empty or
long messages, at least one value) is the service's, placed beside its field by
lib.forms.add_refusal, so the pages, the API and the demo refuse the same things in the same
words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from inservice.kudos.models import MAX_MESSAGE, Value
from inservice.kudos.services.giving import MAX_REASON
from inservice.lib.queries import unique
from inservice.org.fields import PeopleField
from inservice.org.models import Person, Team
from inservice.tickets.models import Ticket


def _values_field() -> forms.ModelMultipleChoiceField:  # type: ignore[type-arg]  # generic in the stubs only
    return forms.ModelMultipleChoiceField(
        label=_("Which of our values did they show?"),
        queryset=Value.objects.active().in_order(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def _message_field() -> forms.CharField:
    return forms.CharField(
        label=_("Your message"),
        required=False,
        strip=True,
        help_text=_("What did they do, and what difference did it make? Everyone can read it."),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_MESSAGE}),
    )


class GiveForm(forms.Form):
    people = PeopleField(label=_("People to thank"), required=False)
    teams = forms.ModelChoiceField(
        label=_("Or a whole team"),
        queryset=Team.objects.order_by("name").only("pk", "name", "slug"),
        to_field_name="slug",
        required=False,
        empty_label=_("No team"),
    )
    values = _values_field()
    message = _message_field()
    request = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)

    def clean_request(self) -> Ticket | None:
        key = str(self.cleaned_data.get("request") or "").strip().upper()
        if not key:
            return None
        ticket = unique(Ticket.objects.filter(key=key))
        if ticket is None:
            # The same words as for a request one may not see: nothing tells them apart.
            raise forms.ValidationError(_("No request you can see has this key."))
        return ticket


class ThankForm(forms.Form):
    """The request page's "thank the people who helped": who, among those who worked on it."""

    people = forms.MultipleChoiceField(
        label=_("Who helped"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    values = _values_field()
    message = _message_field()

    def __init__(self, *args: Any, helpers: Sequence[Person] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helpers = {str(p.pk): p for p in helpers}
        field = self.fields["people"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(pk, p.name) for pk, p in self.helpers.items()]
        if not self.is_bound:
            self.initial.setdefault("people", list(self.helpers))  # everyone, preselected

    def chosen(self) -> list[Person]:
        return [self.helpers[pk] for pk in self.cleaned_data.get("people") or []]


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why hide it"),
        required=False,
        strip=True,
        help_text=_("Recorded with your name; the person who gave it reads it."),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_REASON}),
    )


class SettingsForm(forms.Form):
    tell_manager = forms.BooleanField(
        label=_("Tell my manager when someone thanks me"),
        required=False,
        help_text=_("They get a notification with the kudos; the kudos is on the wall either way."),
    )
