"""Runs: starting one from the portal, its progress page, moving its date, cancelling it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from inservice.lib.forms import add_refusal
from inservice.lib.requests import person_of
from inservice.org.models import Person
from inservice.sla import business
from inservice.tickets.models import Ticket
from inservice.workflows import schedule, services
from inservice.workflows.drawing import draw_run
from inservice.workflows.forms import CancelForm, MoveForm, StartForm
from inservice.workflows.models import Run, StepDefinition
from inservice.workflows.params import ParamsForm
from inservice.workflows.permissions import get_run_for_user, get_template_for_user
from inservice.workflows.progress import progress
from inservice.workflows.services.templates import params_of


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, template_id: int) -> HttpResponse:
    person = person_of(request)
    template = get_template_for_user(person, template_id)
    version = template.current
    if version is None or not template.is_active:
        messages.error(request, _("This workflow cannot be started now."))
        return HttpResponseRedirect(reverse("workflows:template", args=[template.pk]))
    params = ParamsForm(params_of(version), request.POST or None)
    form = StartForm(request.POST or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid() & params.is_valid():
        try:
            run = services.start_run(
                person,
                template,
                form.cleaned_data["anchor_date"],
                params.cleaned_params(),
                title=form.cleaned_data["title"],
            )
        except ValidationError as refused:
            problems = _place(refused, form, params)
        else:
            if run.late_notice:
                messages.warning(request, late_notice_message(run))
            else:
                messages.success(request, _("Started: each team has its step in its queue."))
            return HttpResponseRedirect(reverse("workflows:run", args=[run.pk]))
    form.fields["anchor_date"].label = version.anchor_label
    owner = business.for_team(template.team)
    latest = (
        schedule.earliest_anchor(owner, timezone.now(), version.min_notice_days)
        if version.min_notice_days
        else None
    )
    context = {
        "template": template,
        "version": version,
        "form": form,
        "params": params,
        "problems": problems,
        "notice_from": latest,
        "steps": _with_predecessors(list(version.steps.select_related("team"))),
        "nav": "workflows",
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "workflows/start.html", context, status=status)


def _with_predecessors(steps: list[StepDefinition]) -> list[tuple[StepDefinition, str]]:
    """Each step with the names of the steps it waits on, for people (not their keys)."""
    names = {s.key: s.name for s in steps}
    return [(s, ", ".join(names.get(k, k) for k in s.depends_on)) for s in steps]


def _place(refused: ValidationError, form: Form, params: Form) -> list[str]:
    """The service's refusals next to the fields they concern; the rest listed above the form."""
    problems: list[str] = []
    for key, found in refused.message_dict.items():
        text = " ".join(found)
        if key.startswith("params.") and key[7:] in params.fields:
            params.add_error(key[7:], text)
        elif key in form.fields:
            form.add_error(key, text)
        else:
            problems.append(text)
    return problems


def late_notice_message(run: Run) -> str:
    return _(
        "Late notice: %(given)s working days before %(label)s, and this workflow asks for "
        "%(wanted)s. Every team has been told; it counts against the requesting side."
    ) % {
        "given": run.notice_days,
        "label": run.version.anchor_label.lower(),
        "wanted": run.version.min_notice_days,
    }


def run_page(request: HttpRequest, run_id: int) -> HttpResponse:
    person = person_of(request)
    run = get_run_for_user(person, run_id)
    return render(request, "workflows/run.html", _run_context(person, run))


def _run_context(person: Person, run: Run, **forms: Any) -> dict[str, Any]:
    shown = progress(run)
    ticket_ids = [r.step.ticket_id for r in shown.rows if r.step.ticket_id]
    visible = set(
        Ticket.objects.visible_to(person).filter(pk__in=ticket_ids).values_list("pk", flat=True)
    )
    manage = services.can_manage_run(person, run) and run.status == "active"
    move_form = forms.get("move_form") or MoveForm(initial={"anchor_date": run.anchor_date})
    move_form.fields["anchor_date"].label = run.version.anchor_label
    return {
        "run": run,
        "progress": shown,
        "visible": visible,
        "chart": draw_run(shown, visible),
        "can_manage": manage,
        "late_notice": late_notice_message(run) if run.late_notice else "",
        "move_form": move_form,
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        "nav": "workflows",
    }


@require_POST
def move(request: HttpRequest, run_id: int) -> HttpResponse:
    return _change(
        request,
        run_id,
        MoveForm(request.POST),
        lambda person, run, data: services.move_anchor(
            person, run, data["anchor_date"], data["note"]
        ),
        _("Moved: the teams with open steps have been told."),
        "move_form",
    )


@require_POST
def cancel(request: HttpRequest, run_id: int) -> HttpResponse:
    return _change(
        request,
        run_id,
        CancelForm(request.POST),
        lambda person, run, data: services.cancel_run(person, run, data["reason"]),
        _("Cancelled, with your reason on each open request."),
        "cancel_form",
    )


def _change(
    request: HttpRequest,
    run_id: int,
    form: Form,
    change: Callable[[Person, Run, dict[str, Any]], Run],
    done: str,
    form_name: str,
) -> HttpResponse:
    """Moving or cancelling: the service's refusal shown on the run page, with nothing changed."""
    person = person_of(request)
    run = get_run_for_user(person, run_id)
    if form.is_valid():
        try:
            change(person, run, form.cleaned_data)
        except ValidationError as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, done)
            return HttpResponseRedirect(reverse("workflows:run", args=[run.pk]))
    context = _run_context(person, run, **{form_name: form})
    return render(request, "workflows/run.html", context, status=422)
