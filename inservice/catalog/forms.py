"""Forms for a lead's service pages. They clean input; catalog.services decides and writes."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inservice.catalog.choices import Audience, FieldKind, RaciRole
from inservice.catalog.models import Service
from inservice.catalog.services import FieldSpec
from inservice.org.fields import PersonField
from inservice.org.models import Team
from inservice.tickets.choices import Priority

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_FIELDS = 60
MAX_OPTIONS = 100
MAX_STEPS = 40


class TeamChoiceField(forms.ModelChoiceField[Team]):
    def label_from_instance(self, obj: Team) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class TeamsChoiceField(forms.ModelMultipleChoiceField[Team]):
    def label_from_instance(self, obj: Team) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


def hours_to_minutes(hours: Decimal | None) -> int | None:
    if hours is None:
        return None
    return int((hours * 60).to_integral_value(rounding=ROUND_HALF_UP))


def minutes_to_hours(minutes: int | None) -> str:
    if minutes is None:
        return ""
    text = f"{Decimal(minutes) / 60:.2f}"
    return text.rstrip("0").rstrip(".")


class TargetHoursField(forms.DecimalField):
    """A stated target in business hours, left empty for "no target". Zero gets a message of its
    own, pointing at "empty" (people type 0 meaning "none"); below zero meets the field's minimum."""

    def __init__(self, label: StrOrPromise, target: StrOrPromise) -> None:
        super().__init__(
            label=label,
            required=False,
            min_value=Decimal("0.01"),
            max_value=Decimal(99999),
            max_digits=7,
            decimal_places=2,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            help_text=gettext_lazy("In business hours, e.g. 4 or 0.5. Leave empty for no target."),
        )
        self.target = target

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and value == 0:
            raise forms.ValidationError(
                _("%(target)s must be longer than zero, or left empty for no target."),
                code="zero",
                params={"target": self.target},
            )


class ServiceForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    summary = forms.CharField(
        label=gettext_lazy("Summary"),
        max_length=240,
        help_text=gettext_lazy("One line shown in the catalog."),
    )
    description = forms.CharField(
        label=gettext_lazy("Description"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Markdown: **bold**, lists, [links](https://…)."),
    )
    keywords = forms.CharField(
        label=gettext_lazy("Search keywords"),
        required=False,
        max_length=240,
        help_text=gettext_lazy("Words people might search for, e.g. “notebook, computer”."),
    )
    audience = forms.ChoiceField(
        label=gettext_lazy("Who may ask"),
        choices=Audience.choices,
        initial=Audience.EVERYONE,
        widget=forms.RadioSelect,
    )
    audience_teams = TeamsChoiceField(
        label=gettext_lazy("Chosen teams and departments"),
        queryset=Team.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=gettext_lazy(
            "Only for “Members of chosen teams or departments”. A department includes its teams."
        ),
    )
    accountable = PersonField(
        label=gettext_lazy("Accountable person"),
        help_text=gettext_lazy("Their email or username: the one person who answers for it."),
        error_messages={"required": gettext_lazy("Every service has an accountable person.")},
    )
    default_priority = forms.TypedChoiceField(
        label=gettext_lazy("Default priority"),
        choices=Priority.choices,
        coerce=int,
        initial=Priority.NORMAL,
    )
    is_confidential = forms.BooleanField(
        label=gettext_lazy("Confidential"),
        required=False,
        help_text=gettext_lazy(
            "Requests are visible only to the team, the requester and watchers the team adds."
        ),
    )
    is_active = forms.BooleanField(
        label=gettext_lazy("Offered in the catalog"), required=False, initial=True
    )
    response_target_hours = TargetHoursField(
        gettext_lazy("First response target (hours)"), gettext_lazy("The first response target")
    )
    resolution_target_hours = TargetHoursField(
        gettext_lazy("Resolution target (hours)"), gettext_lazy("The resolution target")
    )

    @classmethod
    def initial_for(cls, service: Service) -> dict[str, Any]:
        accountable = service.accountable
        return {
            "name": service.name,
            "summary": service.summary,
            "description": service.description,
            "keywords": service.keywords,
            "audience": service.audience,
            "audience_teams": list(service.audience_teams.all()),
            "accountable": accountable.email or accountable.username if accountable else "",
            "default_priority": service.default_priority,
            "is_confidential": service.is_confidential,
            "is_active": service.is_active,
            "response_target_hours": minutes_to_hours(service.response_target_minutes),
            "resolution_target_hours": minutes_to_hours(service.resolution_target_minutes),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("audience") == Audience.TEAMS and not data.get("audience_teams"):
            self.add_error(
                "audience_teams", _("Choose at least one team or department who may ask.")
            )
        response, resolution = (
            data.get("response_target_hours"),
            data.get("resolution_target_hours"),
        )
        if response is not None and resolution is not None and resolution < response:
            self.add_error(
                "resolution_target_hours",
                _("The resolution target is shorter than the first response target."),
            )
        return data

    def values(self) -> dict[str, Any]:
        """Keyword arguments for create_service / update_service."""
        data = self.cleaned_data
        audience = data["audience"]
        return {
            "name": data["name"].strip(),
            "summary": data["summary"].strip(),
            "description": data["description"],
            "keywords": data["keywords"].strip(),
            "audience": audience,
            "audience_teams": list(data["audience_teams"]) if audience == Audience.TEAMS else [],
            "accountable": data["accountable"],
            "default_priority": data["default_priority"],
            "is_confidential": data["is_confidential"],
            "is_active": data["is_active"],
            "response_target_minutes": hours_to_minutes(data["response_target_hours"]),
            "resolution_target_minutes": hours_to_minutes(data["resolution_target_hours"]),
        }


# Model field names the service layer may complain about → the input that shows the message.
SERVICE_ERROR_FIELDS = {
    "response_target_minutes": "response_target_hours",
    "resolution_target_minutes": "resolution_target_hours",
}


class RaciForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=RaciRole.choices)
    person = PersonField(
        label=gettext_lazy("Person"),
        required=False,
        help_text=gettext_lazy("Email or username, or choose a team instead."),
    )
    team = TeamChoiceField(
        label=gettext_lazy("or team"),
        queryset=Team.objects.order_by("name"),
        required=False,
        empty_label="—",
    )
    note = forms.CharField(
        label=gettext_lazy("For what"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("e.g. “approves purchases over 2,000”."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "person" in self.errors or "team" in self.errors:
            return data
        if data.get("person") is None and data.get("team") is None:
            self.add_error("person", _("Name a person or choose a team."))
        elif data.get("person") is not None and data.get("team") is not None:
            self.add_error("team", _("Name a person or a team, not both."))
        return data


class StepRowForm(forms.Form):
    """One standard operating step in the steps editor (rows named steps-<i>-title...)."""

    title = forms.CharField(label=gettext_lazy("Step"), max_length=160, required=False)
    detail = forms.CharField(
        label=gettext_lazy("Detail"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("detail") and not data.get("title"):
            self.add_error("title", _("Give this step a title, or clear its detail."))
        return data


def _text(**attrs: str) -> forms.TextInput:
    return forms.TextInput(attrs={"autocomplete": "off", **attrs})


class FieldRowForm(forms.Form):
    """One intake field in the form builder (rows named fields-<i>-key, fields-<i>-label...).

    Deliberately lenient: catalog.services.check_form is the one judge of a definition, so its
    messages (keyed "<position>.<attribute>") land next to the inputs of the same names.
    """

    label = forms.CharField(label=gettext_lazy("Label"), max_length=160, required=False)
    key = forms.CharField(
        label=gettext_lazy("Key"),
        max_length=60,
        required=False,
        widget=_text(spellcheck="false"),
        help_text=gettext_lazy(
            "For the API: letters a to z, digits and _. Left empty, made from the label."
        ),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Type"),
        choices=FieldKind.choices,
        error_messages={"invalid_choice": gettext_lazy("Choose a field type.")},
    )
    required = forms.BooleanField(label=gettext_lazy("Always required"), required=False)
    help_text = forms.CharField(label=gettext_lazy("Help text"), max_length=300, required=False)
    min_value = forms.DecimalField(
        label=gettext_lazy("Minimum (numbers)"),
        required=False,
        max_digits=14,
        decimal_places=4,
        widget=_text(inputmode="decimal"),
    )
    max_value = forms.DecimalField(
        label=gettext_lazy("Maximum (numbers)"),
        required=False,
        max_digits=14,
        decimal_places=4,
        widget=_text(inputmode="decimal"),
    )
    min_length = forms.IntegerField(
        label=gettext_lazy("Minimum length (text) or choices ticked"),
        required=False,
        min_value=0,
        max_value=100000,
    )
    max_length = forms.IntegerField(
        label=gettext_lazy("Maximum length (text) or choices ticked"),
        required=False,
        min_value=1,
        max_value=100000,
    )
    pattern = forms.CharField(
        label=gettext_lazy("Pattern (text)"),
        max_length=200,
        required=False,
        widget=_text(spellcheck="false"),
        help_text=gettext_lazy("A regular expression the whole answer must match, e.g. CC-\\d{4}."),
    )
    pattern_message = forms.CharField(
        label=gettext_lazy("Message when the pattern does not match"),
        max_length=200,
        required=False,
    )
    options = forms.CharField(
        label=gettext_lazy("Options (choice fields), one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    required_when_key = forms.CharField(
        label=gettext_lazy("Required only when the field with key"),
        max_length=60,
        required=False,
        widget=_text(list="builder-keys", spellcheck="false"),
    )
    required_when_value = forms.CharField(
        label=gettext_lazy("has the value"), max_length=160, required=False
    )

    def clean_options(self) -> list[str]:
        text = self.cleaned_data.get("options") or ""
        options = [line.strip() for line in str(text).splitlines() if line.strip()]
        if len(options) > MAX_OPTIONS:
            raise forms.ValidationError(_("Offer at most %(n)s options.") % {"n": MAX_OPTIONS})
        if any(len(o) > 160 for o in options):
            raise forms.ValidationError(_("Keep each option to 160 characters."))
        return options

    def spec(self) -> FieldSpec:
        """The field as the service layer reads it; inputs that did not clean count as empty."""
        return FieldSpec.from_data(self.cleaned_data if hasattr(self, "cleaned_data") else {})


FIELD_ATTRS = tuple(FieldRowForm.base_fields)
STEP_ATTRS = tuple(StepRowForm.base_fields)


def key_from_label(label: str) -> str:
    """A key a lead did not type, made from the label: “Needed by?” → needed_by."""
    key = re.sub(r"[^a-z0-9]+", "_", slugify(label)).strip("_")
    if key and not key[0].isalpha():
        key = f"field_{key}"
    return key[:60].rstrip("_")
