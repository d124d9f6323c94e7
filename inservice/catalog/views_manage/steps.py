"""The standard operating steps editor: an ordered list saved as a whole."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from inservice.catalog import services as catalog
from inservice.catalog.forms import MAX_STEPS, STEP_ATTRS, StepRowForm
from inservice.catalog.permissions import get_service_to_manage
from inservice.catalog.views_manage.rows import apply, as_data, read_rows
from inservice.catalog.views_manage.sections import STEPS_CHANGED, answer, changed, steps_section
from inservice.lib.requests import person_of

BLANK_STEP = {"title": "", "detail": ""}


@require_http_methods(["GET", "POST"])
def steps(request: HttpRequest, slug: str) -> HttpResponse:
    """The steps section (GET); add, remove or move a step, or save them all (POST, `op`)."""
    service = get_service_to_manage(person_of(request), slug)
    if request.method == "GET":
        return answer(request, service, steps=steps_section(service))
    op = request.POST.get("op", "save")
    try:
        rows = read_rows(request.POST, "steps", STEP_ATTRS, MAX_STEPS)
    except ValidationError as exc:
        section = steps_section(service, error=" ".join(exc.messages))
        return answer(request, service, 422, steps=section)
    if op != "save":
        try:
            edit = apply(rows, op, BLANK_STEP, MAX_STEPS)
        except ValidationError as exc:
            section = steps_section(service, rows=rows, error=" ".join(exc.messages))
            return answer(request, service, 422, steps=section)
        return answer(request, service, steps=steps_section(service, rows=edit.rows, edit=edit))
    data = as_data(rows, "steps")
    forms = [StepRowForm(data, prefix=f"steps-{i}") for i in range(len(rows))]
    valid = [form.is_valid() for form in forms]  # every row, so each shows its messages
    if not all(valid):
        section = steps_section(service, rows=rows, forms=forms)
        return answer(request, service, 422, steps=section)
    saved = catalog.set_operating_steps(
        service, [(f.cleaned_data["title"], f.cleaned_data["detail"]) for f in forms]
    )
    messages.success(
        request,
        ngettext(
            "The steps are saved: %(n)s step.", "The steps are saved: %(n)s steps.", len(saved)
        )
        % {"n": len(saved)},
    )
    return changed(request, service, STEPS_CHANGED, "#steps")
