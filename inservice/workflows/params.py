"""The form a run's parameters are checked with, built from a template version's parameters."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django import forms

from inservice.org.fields import PersonField
from inservice.org.models import Person
from inservice.workflows.choices import ParamKind
from inservice.workflows.services.templates import Param


class ParamsForm(forms.Form):
    """One field per parameter; `cleaned_params()` is what a run stores (JSON)."""

    def __init__(self, params: Sequence[Param], *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "p")
        super().__init__(*args, **kwargs)
        self.params = list(params)
        for param in self.params:
            self.fields[param.key] = _field(param)

    def cleaned_params(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for param in self.params:
            value = self.cleaned_data.get(param.key)
            if value in (None, ""):
                continue
            if isinstance(value, Person):
                found[param.key] = {"id": value.pk, "name": value.name, "email": value.email}
            elif isinstance(value, date):
                found[param.key] = value.isoformat()
            else:
                found[param.key] = value
        return found


def _field(param: Param) -> forms.Field:
    common: dict[str, Any] = {"label": param.label, "required": param.required}
    if param.kind == ParamKind.CHOICE:
        options = [(c, c) for c in param.choices]
        return forms.ChoiceField(choices=[("", "—"), *options], **common)
    if param.kind == ParamKind.PERSON:
        return PersonField(**common)
    if param.kind == ParamKind.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    return forms.CharField(max_length=200, **common)


def as_form_data(params: Mapping[str, Any]) -> dict[str, str]:
    """Parameters given as JSON (the API, the services) as the form's data."""
    data: dict[str, str] = {}
    for key, value in params.items():
        if isinstance(value, dict):
            value = value.get("email") or value.get("id") or ""
        data[f"p-{key}"] = "" if value is None else str(value)
    return data
