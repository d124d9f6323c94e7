"""The organisation's vision (its page, and the administrators' editor) and a team's charter
editor for its leads (decision 0036). The charter itself is shown on the team's page
(templatetags/charter_tags.py).

Editors answer 404 to anyone who may not edit. Every write goes through org.services_charter;
its refusals come back beside their fields with 422 (the form alone for htmx). A save lands on
the page that shows the result (303, or 204 + HX-Redirect for htmx).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from inservice.catalog.models import Service
from inservice.lib.forms import add_refusal
from inservice.lib.htmx import is_fragment, triggered
from inservice.lib.markdown import render_markdown
from inservice.lib.requests import person_of
from inservice.org import services_charter
from inservice.org.charters import AGREEMENTS_SHOWN, agreements_of, get_charter, get_vision
from inservice.org.charters import working_week as team_week
from inservice.org.forms_charter import CharterForm, VisionForm
from inservice.org.models import Team
from inservice.org.permissions import get_team_to_manage
from inservice.org.permissions_charter import can_edit_vision


def _saved(request: HttpRequest, url: str, event: str, message: str) -> HttpResponse:
    messages.success(request, message)
    if is_fragment(request):
        return triggered(event, redirect=url)
    return HttpResponseRedirect(url, status=303)


# -- the vision ---------------------------------------------------------------------------------


@require_GET
def vision(request: HttpRequest) -> HttpResponse:
    """The vision in full, for everyone signed in; the portal shows its statement."""
    person = person_of(request)
    found = get_vision()
    context = {
        "vision": found,
        "text": render_markdown(found.text) if found else "",
        "can_edit": can_edit_vision(person),
        "nav": "portal",
    }
    return render(request, "org/vision.html", context)


def _vision_page(request: HttpRequest, form: VisionForm, status: int = 200) -> HttpResponse:
    template = "org/partials/vision_form.html" if is_fragment(request) else "org/vision_edit.html"
    return render(request, template, {"form": form, "nav": "portal"}, status=status)


@require_http_methods(["GET", "POST"])
def vision_edit(request: HttpRequest) -> HttpResponse:
    """The administrators' editor of the vision (404 for anyone else)."""
    person = person_of(request)
    if not can_edit_vision(person):
        raise Http404
    if request.method == "GET":
        return _vision_page(request, VisionForm.for_vision(get_vision()))
    form = VisionForm(request.POST)
    if form.is_valid():
        try:
            services_charter.save_vision(person, form.draft(), version=form.cleaned_data["version"])
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            return _saved(
                request,
                reverse("org:vision"),
                "vision-saved",
                _("The vision is saved: the portal shows it to everyone."),
            )
    return _vision_page(request, form, status=422)


# -- a team's charter ---------------------------------------------------------------------------


def _live(team: Team) -> dict[str, Any]:
    """What the charter is shown with, read live: the editor shows it so the lead does not
    repeat it in the text."""
    agreements = list(agreements_of(team)[: AGREEMENTS_SHOWN + 1])
    return {
        "week": team_week(team),
        "team_services": list(
            Service.objects.filter(team=team, is_active=True).only("slug", "name").order_by("name")
        ),
        "agreements": agreements[:AGREEMENTS_SHOWN],
        "more_agreements": len(agreements) > AGREEMENTS_SHOWN,
    }


def _charter_page(
    request: HttpRequest, team: Team, form: CharterForm, status: int = 200
) -> HttpResponse:
    context: dict[str, Any] = {"team": team, "form": form, "nav": "directory"}
    if is_fragment(request):
        return render(request, "org/partials/charter_form.html", context, status=status)
    context.update(_live(team))
    return render(request, "org/charter_edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
def charter_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The team's charter editor, for its leads and administrators (404 for anyone else). A save
    by someone else since the form was opened refuses this one."""
    person = person_of(request)
    team = get_team_to_manage(person, slug)
    if request.method == "GET":
        return _charter_page(request, team, CharterForm.for_charter(get_charter(team)))
    form = CharterForm(request.POST)
    if form.is_valid():
        try:
            services_charter.save_charter(
                person, team, form.draft(), version=form.cleaned_data["version"]
            )
        except ValidationError as exc:
            add_refusal(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc  # the fetcher let them in: only a race ends here
        else:
            return _saved(
                request,
                reverse("org:team", args=[team.slug]) + "#charter",
                "charter-saved",
                _("The charter is saved: the team's page shows it."),
            )
    return _charter_page(request, team, form, status=422)
