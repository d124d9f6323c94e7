"""Who is Responsible, Consulted or Informed for a service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from inservice.catalog import services as catalog
from inservice.catalog.choices import RaciRole
from inservice.catalog.forms import RaciForm
from inservice.catalog.permissions import get_service_to_manage
from inservice.catalog.views_manage.sections import (
    RACI_CHANGED,
    answer,
    changed,
    place_errors,
    raci_section,
)
from inservice.lib.requests import person_of


@require_http_methods(["GET", "POST"])
def raci(request: HttpRequest, slug: str) -> HttpResponse:
    """The RACI section (GET), or adding an assignment to it (POST)."""
    service = get_service_to_manage(person_of(request), slug)
    if request.method == "GET":
        return answer(request, service, raci=raci_section(service))
    form = RaciForm(request.POST)
    if form.is_valid():
        role = form.cleaned_data["role"]
        person, team = form.cleaned_data["person"], form.cleaned_data["team"]
        who = person or team
        if service.raci.filter(role=role, person=person, team=team).exists():
            form.add_error(
                None,
                _("%(who)s is already %(role)s for this service.")
                % {"who": who, "role": RaciRole(role).label},
            )
        else:
            try:
                catalog.add_raci(
                    service, role, person=person, team=team, note=form.cleaned_data["note"]
                )
            except ValidationError as exc:
                place_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(who)s is %(role)s for this service.")
                    % {"who": who, "role": RaciRole(role).label},
                )
                return changed(request, service, RACI_CHANGED, "#raci")
    return answer(request, service, 422, raci=raci_section(service, form=form))


@require_POST
def raci_remove(request: HttpRequest, slug: str, raci_id: int) -> HttpResponse:
    service = get_service_to_manage(person_of(request), slug)
    entry = service.raci.select_related("person", "team").filter(pk=raci_id).first()
    if entry is None:
        raise Http404
    catalog.remove_raci(service, entry.pk)
    messages.success(
        request,
        _("%(who)s is no longer %(role)s for this service.")
        % {"who": entry.person or entry.team, "role": entry.get_role_display()},
    )
    return changed(request, service, RACI_CHANGED, "#raci")
