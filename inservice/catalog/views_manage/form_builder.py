"""The form builder: a lead edits a service's intake form, previews it, and saves it whole.

The definition travels as rows named fields-<i>-<attribute> (see rows.py). Adding, removing and
moving fields re-render the unsaved list; "Save" runs every row form, then check_form (plus the
rules for conditions that could never hold) and shows each message, keyed "<position>.<attribute>", next
to the input of that row and attribute. An invalid definition changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from inservice.catalog import services as catalog
from inservice.catalog.choices import FieldKind
from inservice.catalog.forms import (
    FIELD_ATTRS,
    MAX_FIELDS,
    FieldRowForm,
)
from inservice.catalog.models import Service
from inservice.catalog.permissions import get_service_to_manage
from inservice.catalog.services import FieldSpec
from inservice.catalog.views_manage.definition import (
    bound_forms,
    judge,
    posted_rows,
    saved_rows,
)
from inservice.catalog.views_manage.preview import preview_context
from inservice.catalog.views_manage.rows import Edit, Row, apply
from inservice.lib.htmx import is_fragment
from inservice.lib.requests import person_of

BUILDER_CHANGED = "builder-changed"
# Attributes folded away under "Validation and conditions" unless set or wrong.
ADVANCED = (
    "min_value",
    "max_value",
    "min_length",
    "max_length",
    "pattern",
    "pattern_message",
    "options",
    "required_when_key",
    "required_when_value",
)


@dataclass
class BuilderRow:
    index: int
    form: FieldRowForm
    title: str
    is_first: bool
    is_last: bool
    focus: str
    open: bool

    @property
    def number(self) -> int:
        return self.index + 1


def place(forms: list[FieldRowForm], problems: Mapping[str, list[str]]) -> None:
    """check_form's messages next to the right inputs (where a row form has not spoken first)."""
    for key, errors in problems.items():
        position, _dot, attr = key.partition(".")
        if not position.isdigit() or int(position) >= len(forms):
            continue
        form = forms[int(position)]
        if attr in form.errors:
            continue
        for error in errors:
            form.add_error(attr if attr in form.fields else None, error)


def _render(
    request: HttpRequest,
    service: Service,
    rows: list[Row],
    *,
    forms: list[FieldRowForm] | None = None,
    edit: Edit | None = None,
    notices: list[str] | None = None,
    error: str = "",
    preview: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    if forms is None:
        forms = [FieldRowForm(prefix=f"fields-{i}", initial=row) for i, row in enumerate(rows)]
    items = []
    for i, (row, form) in enumerate(zip(rows, forms, strict=True)):
        focus = edit.focus_control if edit and edit.focus_index == i else ""
        if focus == "label":
            form.fields["label"].widget.attrs["autofocus"] = True
        advanced = any(row.get(a) for a in ADVANCED) or any(a in form.errors for a in ADVANCED)
        items.append(BuilderRow(i, form, row["label"], i == 0, i == len(rows) - 1, focus, advanced))
    context = {
        "service": service,
        "rows": items,
        "keys": [row["key"] for row in rows if row["key"]],
        "kinds": FieldKind.choices,
        "notices": notices or [],
        "error": error,
        "invalid": bool(error) or any(f.errors for f in forms),
        "focus_add": bool(edit and edit.focus_control == "add"),
        "preview": preview,
        "nav": "directory",
    }
    if is_fragment(request):
        response = render(request, "catalog/manage/partials/builder.html", context, status=status)
        response["HX-Trigger"] = BUILDER_CHANGED  # the live preview follows the edit
        return response
    return render(request, "catalog/manage/form_builder.html", context, status=status)


def _dependents(rows: list[Row], removed: Row) -> list[str]:
    key = removed.get("key", "")
    return [
        _(
            "“%(label)s” was required only when “%(key)s” had a value: choose another "
            "condition for it or clear it before saving."
        )
        % {"label": row["label"] or row["key"], "key": key}
        for row in rows
        if key and row["required_when_key"] == key
    ]


@require_http_methods(["GET", "POST"])
def form_builder(request: HttpRequest, slug: str) -> HttpResponse:
    service = get_service_to_manage(person_of(request), slug)
    if request.method == "GET":
        return _render(request, service, saved_rows(service.fields.all()))
    op = request.POST.get("op", "save")
    try:
        rows = posted_rows(request.POST)
    except ValidationError as exc:
        saved = saved_rows(service.fields.all())
        return _render(request, service, saved, error=" ".join(exc.messages), status=422)
    if op == "save":
        return _save(request, service, rows)
    if op == "preview":  # without JavaScript; with htmx the preview posts to its own URL
        preview = preview_context(service, request.POST, request.FILES, check=False)
        return _render(request, service, rows, preview=preview)
    kind = request.POST.get("new-kind", FieldKind.TEXT)
    blank = dict.fromkeys(FIELD_ATTRS, "")
    blank["kind"] = kind if kind in FieldKind.values else FieldKind.TEXT
    try:
        edit = apply(rows, op, blank, MAX_FIELDS)
    except ValidationError as exc:
        return _render(request, service, rows, error=" ".join(exc.messages), status=422)
    notices = _dependents(edit.rows, edit.removed) if edit.removed else []
    return _render(request, service, edit.rows, edit=edit, notices=notices)


def _save(request: HttpRequest, service: Service, rows: list[Row]) -> HttpResponse:
    forms = bound_forms(rows)
    problems = judge(forms)
    if not problems:
        specs: list[FieldSpec] = [form.spec() for form in forms]
        try:
            catalog.set_form(service, specs)
        except ValidationError as exc:
            problems = exc.message_dict
    if problems:
        place(forms, problems)
        # A message no input can show (none should remain) still reaches the lead.
        unplaced = (
            [] if any(f.errors for f in forms) else [m for ms in problems.values() for m in ms]
        )
        return _render(request, service, rows, forms=forms, error=" ".join(unplaced), status=422)
    messages.success(
        request,
        ngettext(
            "The form is saved with %(n)s field. New requests use it from now on.",
            "The form is saved with %(n)s fields. New requests use it from now on.",
            len(rows),
        )
        % {"n": len(rows)},
    )
    url = reverse("manage_catalog:form", args=[service.slug])
    if is_fragment(request):
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return HttpResponseRedirect(url, status=303)


@require_POST
def preview(request: HttpRequest, slug: str) -> HttpResponse:
    """The intake form as employees will see it, from the unsaved definition (writes nothing).

    With `check` the answers given in the preview are validated as the portal would.
    """
    service = get_service_to_manage(person_of(request), slug)
    context = preview_context(service, request.POST, request.FILES, check="check" in request.POST)
    # The preview also refreshes the builder's list of keys for "required only when".
    context["oob"] = True
    return render(request, "catalog/manage/partials/preview.html", context)
