"""The retrospectives' forms: making one, a card, an action item. They read what was typed;
insights.services_retros checks it (its refusals come back beside their fields: add_refusal),
so the page, the htmx partials and the API give the same messages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from inservice.insights import periods
from inservice.insights.models_retros import MAX_TEXT, MAX_TITLE, RetroCard, RetroColumn
from inservice.insights.services_retros import ActionDraft, RetroDraft
from inservice.org.models import Person, Team

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DEFAULT_DAYS = 90
TEXT_ROWS = 3


class RetroForm(forms.Form):
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"),
        queryset=Team.objects.order_by("name", "id"),
        required=False,
        help_text=_("Two or more, one of them yours. Hold Ctrl (⌘ on a Mac) to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        error_messages={"invalid_choice": _("Choose teams from the list.")},
    )
    start = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    end = forms.DateField(label=_("To"), required=False, widget=DATE_INPUT)
    title = forms.CharField(
        label=_("Title"),
        required=False,
        help_text=_("Left empty: the teams' names."),
        widget=forms.TextInput(attrs={"maxlength": MAX_TITLE}),
    )

    @classmethod
    def initial_for(cls, teams: list[Team]) -> RetroForm:
        """A blank form over the last 90 days, with the teams already chosen (a team page's
        link names one)."""
        today = periods.today()
        return cls(
            initial={
                "teams": teams,
                "start": today - timedelta(days=DEFAULT_DAYS - 1),
                "end": today,
            }
        )

    def draft(self) -> RetroDraft:
        data = self.cleaned_data
        return RetroDraft(
            teams=list(data.get("teams") or []),
            start=data.get("start"),
            end=data.get("end"),
            title=data.get("title") or "",
        )


class CardForm(forms.Form):
    column = forms.ChoiceField(
        choices=RetroColumn.choices,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Choose a column: went well, to improve or ideas.")},
    )
    text = forms.CharField(
        label=_("Your card"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": TEXT_ROWS, "maxlength": MAX_TEXT}),
    )


class CardTextForm(forms.Form):
    text = forms.CharField(
        label=_("Card"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": TEXT_ROWS, "maxlength": MAX_TEXT}),
    )


class CardChoiceField(forms.ModelChoiceField[RetroCard]):
    """A card by the start of its text."""

    def label_from_instance(self, obj: RetroCard) -> str:
        text = " ".join(obj.text.split())
        return text if len(text) <= 80 else text[:79] + "…"


class ActionForm(forms.Form):
    text = forms.CharField(
        label=_("Action"),
        required=False,
        help_text=_("What will be done. Left empty with a card chosen: the card's text."),
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_TEXT}),
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=Person.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the participants.")},
    )
    due_on = forms.DateField(label=_("Due"), required=False, widget=DATE_INPUT)
    card = CardChoiceField(
        label=_("From the card"),
        queryset=RetroCard.objects.none(),
        required=False,
        empty_label=_("(none: a free action)"),
        error_messages={"invalid_choice": _("Choose a card of this board.")},
    )

    def __init__(
        self,
        *args: Any,
        owners: QuerySet[Person],
        cards: QuerySet[RetroCard],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        owner_field = self.fields["owner"]
        card_field = self.fields["card"]
        assert isinstance(owner_field, forms.ModelChoiceField)
        assert isinstance(card_field, forms.ModelChoiceField)
        owner_field.queryset = owners
        card_field.queryset = cards

    def draft(self) -> ActionDraft:
        data = self.cleaned_data
        return ActionDraft(
            text=data.get("text") or "",
            owner=data.get("owner"),
            due_on=data.get("due_on"),
            card=data.get("card"),
        )
