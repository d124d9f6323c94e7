"""An intake form's definition as the builder posts it, read back into row forms and judged."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from inservice.catalog.forms import (
    FIELD_ATTRS,
    MAX_FIELDS,
    FieldRowForm,
    key_from_label,
)
from inservice.catalog.models import FormField
from inservice.catalog.services import check_form
from inservice.catalog.views_manage.rows import Row, as_data, read_rows


def saved_rows(fields: Iterable[FormField]) -> list[Row]:
    def number(value: Any) -> str:
        return "" if value is None else f"{value.normalize():f}"

    return [
        {
            "label": f.label,
            "key": f.key,
            "kind": f.kind,
            "required": "on" if f.required else "",
            "help_text": f.help_text,
            "min_value": number(f.min_value),
            "max_value": number(f.max_value),
            "min_length": "" if f.min_length is None else str(f.min_length),
            "max_length": "" if f.max_length is None else str(f.max_length),
            "pattern": f.pattern,
            "pattern_message": f.pattern_message,
            "options": "\n".join(f.options),
            "required_when_key": f.required_when_key,
            "required_when_value": f.required_when_value,
        }
        for f in fields
    ]


def posted_rows(data: Mapping[str, str]) -> list[Row]:
    """The posted definition; a field left without a key gets one made from its label."""
    rows = read_rows(data, "fields", FIELD_ATTRS, MAX_FIELDS)
    for row in rows:
        if not row["key"].strip() and row["label"].strip():
            row["key"] = key_from_label(row["label"])
    return rows


def bound_forms(rows: list[Row]) -> list[FieldRowForm]:
    data = as_data(rows, "fields")
    return [FieldRowForm(data, prefix=f"fields-{i}") for i in range(len(rows))]


def judge(forms: list[FieldRowForm]) -> dict[str, list[str]]:
    """Every problem of the definition, by "<position>.<attribute>" (the row forms' own too)."""
    for form in forms:
        form.is_valid()
    specs = [form.spec() for form in forms]
    problems = check_form(specs)
    for i, form in enumerate(forms):
        for attr, errors in form.errors.items():
            problems.setdefault(f"{i}.{attr}", []).extend(str(e) for e in errors)
    return problems
