"""Forms for the agreement pages: the agreement, a row per committed service and per named
workflow, and the period the measures cover.

They turn what was typed into a draft; workflows.services checks the whole draft and writes it,
and its errors (keyed `services.2.resolution_minutes`) are put back on the field they are about.
Targets are typed in business hours (1.5 is an hour and a half) and kept in business minutes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from inservice.catalog.models import Service
from inservice.org.models import Team
from inservice.workflows.agreement_measures import Terms
from inservice.workflows.models import Agreement, WorkflowTemplate
from inservice.workflows.services import AgreementDraft, Commitment, NoticeTerm

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EXTRA_ROWS = 3  # blank rows offered for more services and workflows


def hours_field(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.DecimalField:
    """Business hours, up to two decimals; empty for none."""
    return forms.DecimalField(
        label=label, help_text=help_text, max_digits=8, decimal_places=2, required=False
    )


def hours_to_minutes(hours: Decimal | None) -> int | None:
    if hours is None:
        return None
    return int((hours * 60).to_integral_value(rounding=ROUND_HALF_UP))


def minutes_to_hours(minutes: int | None) -> Decimal | None:
    if minutes is None:
        return None
    hours = (Decimal(minutes) / 60).quantize(Decimal("0.01"))
    # 10.00 shows as 10, 1.50 as 1.5 (normalize alone would write 10 as 1E+1).
    return hours.quantize(Decimal(1)) if hours == hours.to_integral_value() else hours.normalize()


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    end = forms.DateField(label=_("To"), required=False, widget=DATE_INPUT)


class AgreementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    receiver = forms.ModelChoiceField(
        label=_("Receiving team or department"),
        queryset=Team.objects.none(),
        help_text=_("For a department, the people of all its teams count as the receiver."),
        error_messages={"invalid_choice": _("That team no longer exists.")},
    )
    starts_on = forms.DateField(label=_("In force from"), widget=DATE_INPUT)
    review_on = forms.DateField(
        label=_("Review date"),
        widget=DATE_INPUT,
        help_text=_("Both leads are reminded two weeks before."),
    )
    complete_information = forms.BooleanField(
        label=_("The receiver sends complete information with each request"), required=False
    )
    answer_within_hours = hours_field(
        _("The receiver answers the provider's questions within (business hours)"),
        _("While a request waits on them; leave empty for no commitment."),
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["receiver"]
        assert isinstance(field, forms.ModelChoiceField)  # declared just above
        field.queryset = Team.objects.order_by("name")
        # The two sides are fixed once the agreement exists (workflows.services.update_agreement).
        field.disabled = editing


class ServiceRowForm(forms.Form):
    service = forms.TypedChoiceField(label=_("Service"), coerce=int, required=False)
    first_response_hours = hours_field(_("First response within (h)"))
    resolution_hours = hours_field(_("Resolved within (h)"))

    def __init__(self, *args: Any, choices: Sequence[tuple[Any, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "—"), *choices]


class NoticeRowForm(forms.Form):
    template = forms.TypedChoiceField(label=_("Workflow"), coerce=int, required=False)
    notice_days = forms.IntegerField(label=_("Notice (working days)"), required=False)

    def __init__(self, *args: Any, choices: Sequence[tuple[Any, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["template"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "—"), *choices]


ServiceRows = forms.formset_factory(ServiceRowForm, extra=EXTRA_ROWS, max_num=100)
NoticeRows = forms.formset_factory(NoticeRowForm, extra=EXTRA_ROWS, max_num=100)

# Where a service error about a draft field shows on the page.
FIELD_OF = {
    "answer_within_minutes": "answer_within_hours",
    "first_response_minutes": "first_response_hours",
    "resolution_minutes": "resolution_hours",
    "provider": NON_FIELD_ERRORS,
}


@dataclass
class AgreementForms:
    """The agreement form and its two lists of rows, bound or not, for one providing team."""

    provider: Team
    main: AgreementForm
    services: forms.BaseFormSet  # type: ignore[type-arg]  # generic in the stubs only
    notices: forms.BaseFormSet  # type: ignore[type-arg]  # generic in the stubs only
    offered: dict[int, Service]
    templates: dict[int, WorkflowTemplate]
    _service_rows: list[int]
    _notice_rows: list[int]

    @classmethod
    def build(
        cls,
        provider: Team,
        data: Any = None,
        agreement: Agreement | None = None,
        terms: Terms | None = None,
    ) -> AgreementForms:
        offered = {s.pk: s for s in Service.objects.filter(team=provider).order_by("name")}
        templates = {t.pk: t for t in WorkflowTemplate.objects.order_by("name")}
        initial: dict[str, Any] = {"complete_information": True}
        service_rows: list[dict[str, Any]] = []
        notice_rows: list[dict[str, Any]] = []
        if agreement is not None:
            initial = {
                "title": agreement.title,
                "receiver": agreement.receiver_id,
                "starts_on": agreement.starts_on,
                "review_on": agreement.review_on,
                "complete_information": agreement.complete_information,
                "answer_within_hours": minutes_to_hours(agreement.answer_within_minutes),
                "notes": agreement.notes,
            }
        if terms is not None:
            service_rows = [
                {
                    "service": row.service_id,
                    "first_response_hours": minutes_to_hours(row.first_response_minutes),
                    "resolution_hours": minutes_to_hours(row.resolution_minutes),
                }
                for row in terms.services
            ]
            notice_rows = [
                {"template": n.template_id, "notice_days": n.notice_days} for n in terms.notices
            ]
        service_choices = [(pk, s.name) for pk, s in offered.items()]
        template_choices = [(pk, t.name) for pk, t in templates.items()]
        return cls(
            provider=provider,
            main=AgreementForm(data, initial=initial, editing=agreement is not None),
            services=ServiceRows(
                data,
                prefix="services",
                initial=service_rows,
                form_kwargs={"choices": service_choices},
            ),
            notices=NoticeRows(
                data,
                prefix="notices",
                initial=notice_rows,
                form_kwargs={"choices": template_choices},
            ),
            offered=offered,
            templates=templates,
            _service_rows=[],
            _notice_rows=[],
        )

    def draft(self) -> AgreementDraft | None:
        """The agreement as typed, or None when a form has errors of its own."""
        valid = [form.is_valid() for form in (self.main, self.services, self.notices)]
        if not all(valid):
            return None
        data = self.main.cleaned_data
        commitments: list[Commitment] = []
        self._service_rows = []
        for i, row in enumerate(self.services.cleaned_data):
            if not row.get("service"):
                continue  # a blank row
            service = self.offered.get(row["service"])
            if service is None:
                self.services.forms[i].add_error("service", _("Choose a service of the team."))
                continue
            self._service_rows.append(i)
            commitments.append(
                Commitment(
                    service=service,
                    first_response_minutes=hours_to_minutes(row.get("first_response_hours")),
                    resolution_minutes=hours_to_minutes(row.get("resolution_hours")),
                )
            )
        notices: list[NoticeTerm] = []
        self._notice_rows = []
        for i, row in enumerate(self.notices.cleaned_data):
            if not row.get("template"):
                continue
            template = self.templates.get(row["template"])
            if template is None or row.get("notice_days") is None:
                self.notices.forms[i].add_error(
                    "notice_days" if template else "template",
                    _("Name the notice in working days.") if template else _("Choose a workflow."),
                )
                continue
            self._notice_rows.append(i)
            notices.append(NoticeTerm(template=template, notice_days=row["notice_days"]))
        if any(form.errors for form in (*self.services.forms, *self.notices.forms)):
            return None
        return AgreementDraft(
            title=data["title"],
            provider=self.provider,
            receiver=data["receiver"],
            starts_on=data["starts_on"],
            review_on=data["review_on"],
            complete_information=data["complete_information"],
            answer_within_minutes=hours_to_minutes(data.get("answer_within_hours")),
            notes=data.get("notes", ""),
            services=commitments,
            notices=notices,
        )

    def place(self, exc: ValidationError) -> None:
        """Puts a service's refusal on the fields it names."""
        if not hasattr(exc, "error_dict"):
            self.main.add_error(None, exc)
            return
        for where, errors in exc.error_dict.items():
            parts = where.split(".")
            if len(parts) == 3 and parts[0] in ("services", "notices"):
                rows = self._service_rows if parts[0] == "services" else self._notice_rows
                formset = self.services if parts[0] == "services" else self.notices
                form = formset.forms[rows[int(parts[1])]]
                form.add_error(FIELD_OF.get(parts[2], parts[2]), errors)
            elif where in ("services", "notices"):
                self.main.add_error(None, errors)
            else:
                name = FIELD_OF.get(where, where)
                self.main.add_error(None if name not in self.main.fields else name, errors)

    @property
    def has_errors(self) -> bool:
        return bool(
            self.main.errors
            or self.services.non_form_errors()
            or self.notices.non_form_errors()
            or any(f.errors for f in (*self.services.forms, *self.notices.forms))
        )
