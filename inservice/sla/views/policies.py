"""A service's service-level policies: one card per priority, each saved or removed on its own.

A priority without a policy uses the service's stated targets (the service editor's first
response and resolution targets). Saving applies to requests asked from then on: each request
keeps the policy it started with (sla.policies.snapshot).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inservice.catalog.models import Service
from inservice.catalog.permissions import get_service_to_manage
from inservice.lib.htmx import is_fragment, triggered
from inservice.lib.requests import person_of
from inservice.sla import services
from inservice.sla.forms import POLICY_ERROR_FIELDS, TARGETS, PolicyForm, status_label
from inservice.sla.models import Policy
from inservice.sla.policies import DEFAULT_PAUSE
from inservice.tickets.choices import Priority


@dataclass
class Target:
    label: str
    value: str  # "4 h 30 min", or "no target"


@dataclass
class Duration:
    """Hours and minutes inputs of one duration, shown as one labelled group."""

    name: str
    label: str
    hours: BoundField
    minutes: BoundField
    help: str


@dataclass
class Card:
    priority: Priority
    policy: Policy | None
    form: PolicyForm
    targets: list[Target]  # what applies now, in words
    pauses: str
    durations: list[Duration]


def duration(minutes: int | None) -> str:
    """Business time in words: “4 h”, “1 h 30 min”, “45 min”."""
    if not minutes:
        return _("no target")
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return _("%(h)s h %(m)s min") % {"h": hours, "m": rest}
    if hours:
        return _("%(h)s h") % {"h": hours}
    return _("%(m)s min") % {"m": rest}


def _card(
    service: Service, priority: Priority, policy: Policy | None, form: PolicyForm | None = None
) -> Card:
    if policy is not None:
        first, resolution, update = (
            policy.first_response_minutes,
            policy.resolution_minutes,
            policy.update_every_minutes,
        )
        initial = PolicyForm.initial_for(
            first_response_minutes=first,
            resolution_minutes=resolution,
            update_every_minutes=update,
            at_risk_percent=policy.at_risk_percent,
            pause_statuses=policy.pause_statuses or DEFAULT_PAUSE,
            second_level_after_minutes=policy.second_level_after_minutes,
        )
        pauses = list(policy.pause_statuses or DEFAULT_PAUSE)  # as the snapshot reads it
    else:
        first, resolution, update = (
            service.response_target_minutes,
            service.resolution_target_minutes,
            None,
        )
        initial = PolicyForm.initial_for(
            first_response_minutes=first, resolution_minutes=resolution, update_every_minutes=None
        )
        pauses = list(initial["pause_statuses"])
    targets = [
        Target(_("First response"), duration(first)),
        Target(_("Resolution"), duration(resolution)),
        Target(_("Public update at least every"), duration(update)),
    ]
    form = form or PolicyForm(initial=initial, prefix=f"p{priority.value}")
    no_target = _("In business hours and minutes. Leave both empty for no target.")
    durations = [
        Duration(name, str(label), form[f"{name}_hours"], form[f"{name}_mins"], no_target)
        for name, _argument, label in TARGETS
    ]
    durations.append(
        Duration(
            "second_level",
            _("Escalate to the lead's manager this long after a breach"),
            form["second_level_hours"],
            form["second_level_mins"],
            _("Real time, not business time: the lead is told at the breach, the manager later."),
        )
    )
    return Card(
        priority=priority,
        policy=policy,
        form=form,
        targets=targets,
        pauses=", ".join(status_label(s) for s in pauses),
        durations=durations,
    )


def _priority(value: int) -> Priority:
    if value not in Priority.values:
        raise Http404
    return Priority(value)


def _page(
    request: HttpRequest, service: Service, edited: Card | None = None, status: int = 200
) -> HttpResponse:
    found = {p.priority: p for p in Policy.objects.filter(service=service)}
    cards = [
        edited
        if edited is not None and edited.priority == priority
        else _card(service, priority, found.get(priority.value))
        for priority in Priority
    ]
    context = {
        "service": service,
        "team": service.team,
        "team_calendar": service.team.calendar,
        "cards": cards,
        "nav": "directory",
    }
    return render(request, "sla/policies.html", context, status=status)


def _answer(request: HttpRequest, service: Service, card: Card, status: int = 200) -> HttpResponse:
    if is_fragment(request):
        context = {"service": service, "card": card, "fragment": True}
        return render(request, "sla/partials/policy.html", context, status=status)
    return _page(request, service, card, status)


def _changed(request: HttpRequest, service: Service, priority: Priority) -> HttpResponse:
    if is_fragment(request):
        return triggered(f"policy-{priority.value}-changed")
    url = reverse("sla:policies", args=[service.slug]) + f"#policy-{priority.value}"
    return HttpResponseRedirect(url, status=303)


def _place_errors(form: PolicyForm, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(POLICY_ERROR_FIELDS.get(name), errors)


@require_GET
def policies(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, get_service_to_manage(person_of(request), slug))


@require_http_methods(["GET", "POST"])
def policy(request: HttpRequest, slug: str, priority: int) -> HttpResponse:
    """One priority's card (GET), or saving its targets (POST)."""
    service = get_service_to_manage(person_of(request), slug)
    level = _priority(priority)
    current = Policy.objects.filter(service=service, priority=level.value).first()
    if request.method == "GET":
        return _answer(request, service, _card(service, level, current))
    form = PolicyForm(request.POST, prefix=f"p{level.value}")
    if form.is_valid():
        try:
            services.save_policy(service, level.value, **form.values())
        except ValidationError as exc:
            _place_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "The targets for %(priority)s requests are saved. They apply to requests "
                    "asked from now on."
                )
                % {"priority": level.label},
            )
            return _changed(request, service, level)
    return _answer(request, service, _card(service, level, current, form), 422)


@require_POST
def policy_remove(request: HttpRequest, slug: str, priority: int) -> HttpResponse:
    service = get_service_to_manage(person_of(request), slug)
    level = _priority(priority)
    services.remove_policy(service, level.value)
    messages.success(
        request,
        _("%(priority)s requests asked from now on use the service's targets.")
        % {"priority": level.label},
    )
    return _changed(request, service, level)
