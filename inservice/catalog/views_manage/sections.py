"""The service editor page and its sections (RACI, operating steps), rendered whole or alone.

With htmx a section answers alone: its list after an edit, 422 with its messages on bad input,
and 204 + HX-Trigger after a save (the section then reloads itself with the confirmation).
Without JavaScript the whole page answers, and a save redirects back to it (303).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from inservice.catalog.forms import SERVICE_ERROR_FIELDS, RaciForm, ServiceForm, StepRowForm
from inservice.catalog.models import Service
from inservice.catalog.views_manage.rows import Edit, Row
from inservice.lib.htmx import is_fragment, triggered

RACI_CHANGED = "raci-changed"
STEPS_CHANGED = "steps-changed"


def raci_section(service: Service, form: RaciForm | None = None) -> dict[str, Any]:
    return {
        "raci_rows": list(service.raci.select_related("person", "team")),
        "raci_form": form or RaciForm(),
    }


@dataclass
class StepRow:
    index: int
    form: StepRowForm
    is_first: bool
    is_last: bool
    focus: str = ""


def saved_steps(service: Service) -> list[Row]:
    return [{"title": s.title, "detail": s.detail} for s in service.steps.all()]


def steps_section(
    service: Service,
    rows: list[Row] | None = None,
    forms: list[StepRowForm] | None = None,
    edit: Edit | None = None,
    error: str = "",
) -> dict[str, Any]:
    rows = saved_steps(service) if rows is None else rows
    if forms is None:
        forms = [StepRowForm(prefix=f"steps-{i}", initial=row) for i, row in enumerate(rows)]
    focus_index = edit.focus_index if edit else None
    items = []
    for i, form in enumerate(forms):
        focus = edit.focus_control if edit and i == focus_index else ""
        if focus == "label":
            form.fields["title"].widget.attrs["autofocus"] = True
        items.append(StepRow(i, form, i == 0, i == len(forms) - 1, focus))
    return {
        "step_rows": items,
        "steps_error": error,
        "steps_invalid": bool(error) or any(f.errors for f in forms),
        "steps_focus_add": bool(edit and edit.focus_control == "add"),
    }


def edit_page(
    request: HttpRequest,
    service: Service,
    *,
    form: ServiceForm | None = None,
    raci: dict[str, Any] | None = None,
    steps: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "service": service,
        "team": service.team,
        "form": form or ServiceForm(initial=ServiceForm.initial_for(service)),
        "field_count": service.fields.count(),
        **(raci if raci is not None else raci_section(service)),
        **(steps if steps is not None else steps_section(service)),
        "nav": "directory",
    }
    return render(request, "catalog/manage/service_edit.html", context, status=status)


def answer(
    request: HttpRequest,
    service: Service,
    status: int = 200,
    *,
    raci: dict[str, Any] | None = None,
    steps: dict[str, Any] | None = None,
) -> HttpResponse:
    """The section alone for htmx, the whole editor page otherwise."""
    if is_fragment(request):
        if raci is not None:
            context = {"service": service, "fragment": True, **raci}
            return render(request, "catalog/manage/partials/raci.html", context, status=status)
        if steps is not None:
            context = {"service": service, "fragment": True, **steps}
            return render(request, "catalog/manage/partials/steps.html", context, status=status)
    return edit_page(request, service, raci=raci, steps=steps, status=status)


def changed(request: HttpRequest, service: Service, event: str, anchor: str) -> HttpResponse:
    if is_fragment(request):
        return triggered(event)
    url = reverse("manage_catalog:service", args=[service.slug]) + anchor
    return HttpResponseRedirect(url, status=303)


def place_errors(form: ServiceForm | RaciForm, exc: ValidationError) -> None:
    """The service layer's messages next to the inputs they are about."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        target = SERVICE_ERROR_FIELDS.get(name, name)
        for error in errors:
            if (
                name == NON_FIELD_ERRORS
                and error.code == "unique_together"
                and "name" in form.fields
            ):
                form.add_error(
                    "name",
                    _("The team already has a service called “%(name)s”.")
                    % {"name": form.data.get("name", "").strip()},
                )
            else:
                form.add_error(target if target in form.fields else None, error)
