"""The workflows everyone can start, each template's page, and the runs one follows."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from inservice.lib.requests import person_of
from inservice.workflows.drawing import draw_version, offset_words
from inservice.workflows.models import Run, WorkflowTemplate
from inservice.workflows.permissions import get_template_for_user
from inservice.workflows.schedule import describe_all
from inservice.workflows.services.templates import can_edit_template, conditions_of, params_of

RUNS_SHOWN = 25


def index(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    leads = person.lead_team_ids()
    templates = [
        t
        for t in WorkflowTemplate.objects.for_list()
        if (t.is_active and t.current_id) or person.is_superuser or t.team_id in leads
    ]
    runs = (
        Run.objects.visible_to(person)
        .select_related("template", "initiator", "version")
        .order_by("-started_at", "-pk")[:RUNS_SHOWN]
    )
    context = {
        "templates": templates,
        "editable": {t.pk for t in templates if can_edit_template(person, t.team_id)},
        "can_create": bool(leads) or person.is_superuser,
        "runs": list(runs),
        "nav": "workflows",
    }
    return render(request, "workflows/index.html", context)


def template_page(request: HttpRequest, template_id: int) -> HttpResponse:
    person = person_of(request)
    template = get_template_for_user(person, template_id)
    version = template.current
    steps = (
        list(version.steps.select_related("team", "service").order_by("position"))
        if version
        else []
    )
    labels = {p.key: p.label for p in params_of(version)} if version else {}
    rows = [(s, conditions_of(s)) for s in steps]
    context = {
        "template": template,
        "version": version,
        "rows": [(s, describe_all(c, labels), offset_words(s.offset_days)) for s, c in rows],
        "params": params_of(version) if version else [],
        "chart": draw_version(steps) if steps else "",
        "versions": list(template.versions.select_related("created_by").order_by("-number")[:10]),
        "can_edit": can_edit_template(person, template.team_id),
        "nav": "workflows",
    }
    return render(request, "workflows/template.html", context)
