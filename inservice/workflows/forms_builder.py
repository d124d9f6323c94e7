"""The template builder's forms: the template, its parameters, and one form per step.

Parameters, conditions and prefills are written as short lines, so a lead builds a workflow on
one page without a script:
- a parameter per line: `key | Label | kind | optional | choice, choice` (kind: text, choice,
  person, date; `optional` may be left out);
- a condition: `location = Berlin`, `location != Berlin`, `location in Berlin, Paris`,
  `manager is set`, several joined by `and` (all must hold);
- a prefill per line: `field_key = text with {parameter}`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inservice.catalog.models import Service
from inservice.org.models import Team
from inservice.workflows.choices import ConditionOp, ParamKind
from inservice.workflows.models import StepDefinition, TemplateVersion
from inservice.workflows.schedule import Condition
from inservice.workflows.services.templates import Param, StepDraft, conditions_of


class TemplateForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    summary = forms.CharField(label=gettext_lazy("Summary"), max_length=300, required=False)
    team = forms.ModelChoiceField(label=gettext_lazy("Owning team"), queryset=Team.objects.none())
    anchor_label = forms.CharField(
        label=gettext_lazy("Anchor date"), max_length=60, initial="Start date"
    )
    min_notice_days = forms.IntegerField(
        label=gettext_lazy("Minimum notice (working days)"),
        min_value=0,
        max_value=250,
        initial=0,
        help_text=gettext_lazy("A run started later is flagged “late notice”. 0: no rule."),
    )
    parameters = forms.CharField(
        label=gettext_lazy("Parameters"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "mono"}),
        help_text=gettext_lazy(
            "One per line: key | Label | kind (text, choice, person, date) | optional | choices."
        ),
    )
    note = forms.CharField(label=gettext_lazy("What changed"), max_length=200, required=False)

    def __init__(self, teams: Sequence[Team], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["team"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Team.objects.filter(pk__in=[t.pk for t in teams]).order_by("name")

    def clean_parameters(self) -> list[Param]:
        return parse_params(self.cleaned_data.get("parameters", ""))


class ServiceChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.team.name} — {obj.name}"


class StepForm(forms.Form):
    key = forms.SlugField(label=gettext_lazy("Key"), max_length=40)
    name = forms.CharField(label=gettext_lazy("Step"), max_length=120)
    service = ServiceChoice(
        label=gettext_lazy("Owned by (team — service)"),
        queryset=Service.objects.filter(is_active=True)
        .select_related("team")
        .order_by("team__name", "name"),
    )
    subject = forms.CharField(label=gettext_lazy("Request subject"), max_length=200)
    offset_days = forms.IntegerField(
        label=gettext_lazy("Due (working days from the anchor)"),
        initial=0,
        help_text=gettext_lazy("-2: two working days before it."),
    )
    work_days = forms.IntegerField(label=gettext_lazy("Takes (working days)"), initial=1)
    depends_on = forms.CharField(
        label=gettext_lazy("After steps"),
        required=False,
        help_text=gettext_lazy("Keys, separated by commas."),
    )
    condition = forms.CharField(
        label=gettext_lazy("Only when"),
        required=False,
        help_text=gettext_lazy("e.g. office != Remote and contract != Contractor"),
    )
    prefill = forms.CharField(
        label=gettext_lazy("Prefill the form"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "mono"}),
        help_text=gettext_lazy("One per line: field_key = text with {parameter}"),
    )

    def clean_depends_on(self) -> list[str]:
        text = self.cleaned_data.get("depends_on", "")
        return [k.strip() for k in text.split(",") if k.strip()]

    def clean_condition(self) -> list[Condition]:
        text = self.cleaned_data.get("condition", "")
        return [found for part in text.split(" and ") if (found := parse_condition(part))]

    def clean_prefill(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for line in self.cleaned_data.get("prefill", "").splitlines():
            if not line.strip():
                continue
            key, sep, text = line.partition("=")
            if not sep or not key.strip():
                raise ValidationError(_("Write each prefill as field_key = text."))
            found[key.strip()] = text.strip()
        return found

    def draft(self) -> StepDraft:
        data = self.cleaned_data
        return StepDraft(
            key=data["key"],
            name=data["name"],
            service=data["service"],
            subject=data["subject"],
            offset_days=data["offset_days"],
            work_days=data["work_days"],
            depends_on=data["depends_on"],
            condition=data["condition"],
            prefill=data["prefill"],
        )


StepFormSet = forms.formset_factory(StepForm, extra=0, can_delete=True, max_num=60)


def parse_params(text: str) -> list[Param]:
    params: list[Param] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 2 or not parts[0] or not parts[1]:
            raise ValidationError(
                _("Line %(n)s: write key | Label, then the kind if it is not text.") % {"n": number}
            )
        kind = (parts[2] if len(parts) > 2 and parts[2] else ParamKind.TEXT).lower()
        if kind not in ParamKind.values:
            raise ValidationError(
                _("Line %(n)s: the kind is text, choice, person or date.") % {"n": number}
            )
        optional = len(parts) > 3 and parts[3].lower() == "optional"
        choices = [c.strip() for c in parts[4].split(",") if c.strip()] if len(parts) > 4 else []
        params.append(Param(parts[0], parts[1], kind, not optional, choices))
    return params


def parse_condition(text: str) -> Condition | None:
    text = text.strip()
    if not text:
        return None
    if text.endswith(" is set"):
        return Condition(text[: -len(" is set")].strip(), ConditionOp.IS_SET)
    for token, op in (
        (" in ", ConditionOp.ONE_OF),
        ("!=", ConditionOp.NOT_EQUALS),
        ("=", "equals"),
    ):
        if token in text:
            param, _sep, value = text.partition(token)
            if param.strip() and value.strip():
                return Condition(param.strip(), op, value.strip())
    raise ValidationError(
        _("Write the condition as “key = value”, “key != value”, “key in a, b” or “key is set”.")
    )


def params_text(version: TemplateVersion) -> str:
    lines = []
    for p in version.parameters:
        parts = [p["key"], p["label"], p.get("kind", "text")]
        if not p.get("required", True) or p.get("choices"):
            parts.append("" if p.get("required", True) else "optional")
        if p.get("choices"):
            parts.append(", ".join(p["choices"]))
        lines.append(" | ".join(parts))
    return "\n".join(lines)


def condition_text(step: StepDefinition) -> str:
    parts = []
    for found in conditions_of(step):
        if found.op == ConditionOp.IS_SET:
            parts.append(f"{found.param} is set")
            continue
        token = {"one_of": " in ", "not_equals": " != "}.get(found.op, " = ")
        parts.append(f"{found.param}{token}{found.value}")
    return " and ".join(parts)


def step_initial(step: StepDefinition) -> dict[str, Any]:
    return {
        "key": step.key,
        "name": step.name,
        "service": step.service_id,
        "subject": step.subject,
        "offset_days": step.offset_days,
        "work_days": step.work_days,
        "depends_on": ", ".join(step.depends_on),
        "condition": condition_text(step),
        "prefill": "\n".join(f"{k} = {v}" for k, v in step.prefill.items()),
    }
