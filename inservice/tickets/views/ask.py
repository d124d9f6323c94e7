"""Asking for a service: its intake form plus who it is for, watchers and files."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from inservice.catalog.intake import IntakeForm
from inservice.catalog.permissions import can_ask, get_service_for_user
from inservice.catalog.targets import describe_targets
from inservice.lib.htmx import is_fragment
from inservice.lib.requests import person_of
from inservice.tickets import services
from inservice.tickets.forms import RequestForm


def ask(request: HttpRequest, slug: str) -> HttpResponse:
    person = person_of(request)
    service = get_service_for_user(person, slug)
    if not can_ask(person, service):
        raise Http404
    specs = list(service.fields.all())
    if request.method == "POST":
        form = RequestForm(request.POST, request.FILES, confidential=service.is_confidential)
        intake = IntakeForm(specs, request.POST, request.FILES, prefix="answers")
        form_ok, intake_ok = form.is_valid(), intake.is_valid()
        if form_ok and intake_ok:
            new = services.NewRequest(
                service=service,
                subject=form.cleaned_data["subject"],
                description=form.cleaned_data["description"],
                answers=intake.cleaned_answers(),
                uploads=intake.uploads(),
                requester=form.cleaned_data["on_behalf_of"],
                watchers=form.cleaned_data.get("watchers") or [],
                files=form.cleaned_data["attachments"],
            )
            try:
                ticket = services.open_ticket(person, new)
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(key)s is with %(team)s. We have told you by email too.")
                    % {"key": ticket.key, "team": ticket.team},
                )
                url = reverse("tickets:detail", args=[ticket.key])
                if is_fragment(request):
                    return HttpResponse(status=204, headers={"HX-Redirect": url})
                return HttpResponseRedirect(url, status=303)
        status = 422
    else:
        form = RequestForm(confidential=service.is_confidential)
        intake = IntakeForm(specs, prefix="answers")
        status = 200
    context = {
        "service": service,
        "form": form,
        "intake": intake,
        "targets": describe_targets(service),
        "nav": "portal",
    }
    template = "tickets/partials/ask_form.html" if is_fragment(request) else "tickets/ask.html"
    return render(request, template, context, status=status)


def _add_service_errors(form: RequestForm, exc: ValidationError) -> None:
    fields = {"subject", "description", "watchers"}
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(name if name in fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)
