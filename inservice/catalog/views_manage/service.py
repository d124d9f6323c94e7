"""Creating a service for a team, and editing one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from inservice.catalog import services as catalog
from inservice.catalog.forms import ServiceForm
from inservice.catalog.permissions import get_service_to_manage
from inservice.catalog.views_manage.sections import edit_page, place_errors
from inservice.lib.requests import person_of
from inservice.org.permissions import get_team_to_manage, is_member


@require_http_methods(["GET", "POST"])
def new_service(request: HttpRequest, team_slug: str) -> HttpResponse:
    actor = person_of(request)
    team = get_team_to_manage(actor, team_slug)
    status = 200
    if request.method == "POST":
        form = ServiceForm(request.POST)
        if form.is_valid():
            try:
                service = catalog.create_service(team, **form.values())
            except ValidationError as exc:
                place_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("“%(name)s” is created. Next: who does what, its steps and its form.")
                    % {"name": service.name},
                )
                url = reverse("manage_catalog:service", args=[service.slug])
                return HttpResponseRedirect(url, status=303)
        status = 422
    else:
        initial = {"accountable": actor.email if is_member(actor, team) else ""}
        form = ServiceForm(initial=initial)
    context = {"team": team, "form": form, "nav": "directory"}
    return render(request, "catalog/manage/service_new.html", context, status=status)


@require_http_methods(["GET", "POST"])
def edit_service(request: HttpRequest, slug: str) -> HttpResponse:
    actor = person_of(request)
    service = get_service_to_manage(actor, slug)
    if request.method == "GET":
        return edit_page(request, service)
    form = ServiceForm(request.POST)
    if form.is_valid():
        try:
            catalog.update_service(service, **form.values())
        except ValidationError as exc:
            place_errors(form, exc)
            # update_service set the refused values on our copy; show the stored service.
            service = get_service_to_manage(actor, slug)
        else:
            messages.success(request, _("The service is saved."))
            url = reverse("manage_catalog:service", args=[service.slug])
            return HttpResponseRedirect(url, status=303)
    return edit_page(request, service, form=form, status=422)
