"""The customer map's colour choice, and a key customer's worksheet (decision 0037). The period is
the dashboards' own form (forms.PeriodForm). The worksheet's rules (needs required, lengths, not
the team itself, a contact in the directory) are insights.services_customers', placed beside
their fields by lib.forms.add_refusal, so the pages and the API refuse the same things in the
same words; this form only reads the input and finds the customer team and the contact."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inservice.insights.customer_map import Colour
from inservice.insights.models_customers import MAX_TEXT, KeyCustomer
from inservice.insights.services_customers import KeyCustomerDraft
from inservice.lib.forms import optional_text
from inservice.lib.queries import unique
from inservice.org.choices import TeamKind
from inservice.org.fields import PersonField
from inservice.org.models import Team

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ColourForm(forms.Form):
    colour = forms.ChoiceField(
        label=gettext_lazy("Colour by"), choices=Colour.choices, required=False
    )

    @property
    def chosen(self) -> str:
        """The colour asked for (call after is_valid() is true): satisfaction by default."""
        chosen: str = self.cleaned_data.get("colour") or Colour.CSAT
        return chosen


def _text(label: StrOrPromise, help_text: StrOrPromise, rows: int) -> forms.CharField:
    return optional_text(label, help_text, rows, MAX_TEXT)


class KeyCustomerForm(forms.Form):
    """A key customer's worksheet. With `customer` (the edit page names it in its URL) the form
    has no customer field; without it, the customer is chosen from every other team."""

    customer = forms.CharField(label=gettext_lazy("Customer"), required=False)
    needs_from_us = _text(
        gettext_lazy("What they need from us"),
        gettext_lazy(
            "What this customer counts on your team for, in their words: e.g. “laptops ready "
            "before client visits”."
        ),
        4,
    )
    we_need = _text(
        gettext_lazy("What we need from them"),
        gettext_lazy(
            "What your team needs from them to serve them well: e.g. “tell us about new "
            "starters 10 working days ahead”."
        ),
        4,
    )
    contact = PersonField(
        label=gettext_lazy("Contact"),
        required=False,
        help_text=gettext_lazy("Who to talk to on their side: an email or username."),
    )
    notes = _text(gettext_lazy("Notes"), gettext_lazy("Anything else worth knowing."), 3)

    def __init__(
        self,
        *args: Any,
        team: Team,
        customer: Team | None = None,
        taken: frozenset[int] = frozenset(),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.team = team
        self.fixed = customer
        self.taken = taken  # the team's key customers already: the new-customer form refuses them
        if customer is not None:
            del self.fields["customer"]
        else:
            teams = Team.objects.exclude(pk=team.pk).exclude(pk__in=taken).order_by("name")
            choices = [("", _("Choose a team or a department"))]
            choices += [
                (
                    slug,
                    _("%(name)s (department)") % {"name": name}
                    if kind == TeamKind.DEPARTMENT
                    else name,
                )
                for slug, name, kind in teams.values_list("slug", "name", "kind")
            ]
            self.fields["customer"].widget = forms.Select(choices=choices)

    @classmethod
    def for_key_customer(cls, team: Team, key: KeyCustomer) -> KeyCustomerForm:
        contact = key.contact
        return cls(
            team=team,
            customer=key.customer_team,
            initial={
                "needs_from_us": key.needs_from_us,
                "we_need": key.we_need,
                "contact": contact.email or contact.username if contact else "",
                "notes": key.notes,
            },
        )

    def clean_customer(self) -> Team | None:
        slug = (self.cleaned_data.get("customer") or "").strip()
        if self.fixed is not None:
            return self.fixed
        if not slug:
            raise forms.ValidationError(_("Choose the customer team or department."))
        found = unique(Team.objects.filter(slug=slug))
        if found is None:
            raise forms.ValidationError(_("Choose a team from the list."))
        if found.pk in self.taken:
            raise forms.ValidationError(
                _("%(name)s is already a key customer: edit its worksheet instead.")
                % {"name": found.name}
            )
        return found

    @property
    def customer_team(self) -> Team:
        """The customer team (call after is_valid() is true)."""
        if self.fixed is not None:
            return self.fixed
        found: Team = self.cleaned_data["customer"]
        return found

    def draft(self) -> KeyCustomerDraft:
        data = self.cleaned_data
        return KeyCustomerDraft(
            needs_from_us=data["needs_from_us"],
            we_need=data["we_need"],
            contact=data["contact"],
            notes=data["notes"],
        )
