"""The template builder: leads create a workflow and save new versions of it on one page.

Each save is a new version; runs under way keep the one they started with. "Add a step" posts
the page back with one more empty step and saves nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from inservice.catalog.models import Service
from inservice.lib.requests import person_of
from inservice.org.models import Person, Team
from inservice.workflows import services
from inservice.workflows.drawing import draw_version
from inservice.workflows.forms_builder import (
    StepFormSet,
    TemplateForm,
    params_text,
    step_initial,
)
from inservice.workflows.models import WorkflowTemplate
from inservice.workflows.permissions import get_template_to_manage

PREFIX = "steps"


def _teams(person: Person) -> list[Team]:
    if person.is_superuser:
        return list(Team.objects.order_by("name"))
    return list(Team.objects.filter(pk__in=person.lead_team_ids()).order_by("name"))


@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    teams = _teams(person)
    if not teams:
        raise Http404("Only team leads build workflows.")
    return _builder(request, person, teams, None)


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, template_id: int) -> HttpResponse:
    person = person_of(request)
    template = get_template_to_manage(person, template_id)
    return _builder(request, person, _teams(person) or [template.team], template)


def _builder(
    request: HttpRequest, person: Person, teams: list[Team], template: WorkflowTemplate | None
) -> HttpResponse:
    if request.method == "POST":
        form = TemplateForm(teams, request.POST)
        steps = StepFormSet(request.POST, prefix=PREFIX)
        if "add_step" in request.POST:
            return _render(request, template, form, _one_more(request, teams), status=200)
        if form.is_valid() & steps.is_valid():
            try:
                saved = _save(person, template, form.cleaned_data, steps)
            except ValidationError as refused:
                _place(refused, form, steps)
            else:
                messages.success(request, _("Saved. New runs use this version."))
                return HttpResponseRedirect(reverse("workflows:template", args=[saved.pk]))
        return _render(request, template, form, steps, status=422)
    if template is None:
        form = TemplateForm(teams, initial={"team": teams[0].pk})
        steps = StepFormSet(prefix=PREFIX, initial=[{"offset_days": 0, "work_days": 1}])
    else:
        version = template.current
        form = TemplateForm(
            teams,
            initial={
                "name": template.name,
                "summary": template.summary,
                "team": template.team_id,
                "anchor_label": version.anchor_label if version else "Start date",
                "min_notice_days": version.min_notice_days if version else 0,
                "parameters": params_text(version) if version else "",
            },
        )
        found = list(version.steps.order_by("position")) if version else []
        steps = StepFormSet(prefix=PREFIX, initial=[step_initial(s) for s in found])
    return _render(request, template, form, steps)


def _one_more(request: HttpRequest, teams: list[Team]) -> BaseFormSet[Any]:
    data = request.POST.copy()
    total = int(data.get(f"{PREFIX}-TOTAL_FORMS", "0") or 0)
    data[f"{PREFIX}-TOTAL_FORMS"] = str(min(total + 1, 60))
    data[f"{PREFIX}-{total}-offset_days"] = "0"
    data[f"{PREFIX}-{total}-work_days"] = "1"
    return StepFormSet(data, prefix=PREFIX)


def _save(
    person: Person,
    template: WorkflowTemplate | None,
    data: dict[str, Any],
    steps: BaseFormSet[Any],
) -> WorkflowTemplate:
    kept = [f for f in steps.forms if f.has_changed() and not f.cleaned_data.get("DELETE")]
    draft = services.VersionDraft(
        steps=[f.draft() for f in kept],
        parameters=data["parameters"],
        anchor_label=data["anchor_label"],
        min_notice_days=data["min_notice_days"],
        note=data["note"],
    )
    if template is None:
        return services.create_template(person, data["team"], data["name"], data["summary"], draft)
    services.save_version(person, template, draft, name=data["name"], summary=data["summary"])
    return template


def _place(refused: ValidationError, form: TemplateForm, steps: BaseFormSet[Any]) -> None:
    """The service's refusals next to what they concern: `steps.2.service` on the third step."""
    kept = [f for f in steps.forms if f.has_changed() and not f.cleaned_data.get("DELETE")]
    for key, found in refused.message_dict.items():
        text = " ".join(found)
        parts = key.split(".")
        if parts[0] == "steps" and len(parts) == 3 and int(parts[1]) < len(kept):
            target = kept[int(parts[1])]
            field = parts[2] if parts[2] in target.fields else None
            target.add_error(field, text)
        elif parts[0] == "parameters":
            form.add_error("parameters", text)
        elif key in form.fields:
            form.add_error(key, text)
        else:
            form.add_error(None, text)


def _render(
    request: HttpRequest,
    template: WorkflowTemplate | None,
    form: TemplateForm,
    steps: BaseFormSet[Any],
    status: int = 200,
) -> HttpResponse:
    choices = [
        (s.pk, f"{s.team.name} — {s.name}")
        for s in Service.objects.filter(is_active=True)
        .select_related("team")
        .order_by("team__name", "name")
    ]
    for step_form in steps.forms:
        step_form.fields["service"].choices = [("", "—"), *choices]  # one query for every step
    version = template.current if template else None
    current = list(version.steps.select_related("team").order_by("position")) if version else []
    context = {
        "template": template,
        "form": form,
        "steps": steps,
        "chart": draw_version(current) if current else "",
        "nav": "workflows",
    }
    return render(request, "workflows/builder.html", context, status=status)
