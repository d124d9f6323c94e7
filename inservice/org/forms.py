"""Forms for a lead's team management page and the availability page. They clean input;
org.services decides and writes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from inservice.org.choices import Availability, Role
from inservice.org.fields import PersonField

NAME_SOMEONE = _("Name the person by email or username.")


class AddMemberForm(forms.Form):
    person = PersonField(
        label=_("Person"),
        help_text=_("Their email or username."),
        error_messages={"required": NAME_SOMEONE},
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        error_messages={"invalid_choice": _("Choose member or lead.")},
    )


class TopicsForm(forms.Form):
    topics = forms.CharField(
        label=_("Topics"),
        max_length=300,
        help_text=_("What colleagues should ask them about, e.g. “laptops, phones, VPN”."),
        error_messages={"required": _("Say which topics this person covers.")},
    )


class KeyContactForm(TopicsForm):
    person = PersonField(
        label=_("Person"),
        help_text=_("Their email or username."),
        error_messages={"required": NAME_SOMEONE},
    )
    field_order = ["person", "topics"]


class AvailabilityForm(forms.Form):
    # The date and delegate matter only when out of office: org.services checks them then.
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Availability.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose available, busy, away or out of office."),
            "invalid_choice": _("Choose available, busy, away or out of office."),
        },
    )
    until = forms.DateField(
        label=_("Out of office until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The last day away; available again the day after."),
        error_messages={"invalid": _("Enter a date, e.g. 2026-05-12.")},
    )
    delegate = PersonField(
        label=_("Delegate"),
        required=False,
        help_text=_(
            "A colleague's email or username. Open requests go to the delegate in the teams "
            "they serve in, and back to the team queue elsewhere."
        ),
    )
