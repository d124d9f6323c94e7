"""Availability: people set their own (available, busy, away, or out of office with a delegate);
a team's lead sets it for a member from the team management page.

Without JavaScript the form posts and is redirected (303). With htmx success answers HX-Redirect
(the next page shows the confirmation) and bad input answers 422 with the page, from which htmx
swaps the form.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from inservice.lib.forms import add_refusal
from inservice.lib.htmx import is_fragment, triggered
from inservice.lib.requests import person_of
from inservice.org import services
from inservice.org.choices import Availability
from inservice.org.forms import AvailabilityForm
from inservice.org.models import Person, Team
from inservice.org.permissions import get_member_to_manage

CHANGED = "availability-changed"


@require_http_methods(["GET", "POST"])
def mine(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own availability."""
    person = person_of(request)
    return _availability(request, person, person, None, reverse("org:availability"))


@require_http_methods(["GET", "POST"])
def member(request: HttpRequest, slug: str, person_id: int) -> HttpResponse:
    """A member's availability, set by the team's lead (404 for anyone else)."""
    actor = person_of(request)
    team, found = get_member_to_manage(actor, slug, person_id)
    done = reverse("manage_org:team", args=[team.slug]) + "#members"
    return _availability(request, actor, found, team, done)


def _availability(
    request: HttpRequest, actor: Person, person: Person, team: Team | None, done_url: str
) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = AvailabilityForm(request.POST)
        if form.is_valid():
            try:
                services.set_availability(
                    person,
                    form.cleaned_data["status"],
                    until=form.cleaned_data["until"],
                    delegate=form.cleaned_data["delegate"],
                    by=actor,
                )
            except ValidationError as exc:
                add_refusal(form, exc)
            else:
                messages.success(request, _confirmation(actor, person))
                if is_fragment(request):
                    return triggered(CHANGED, redirect=done_url)
                return HttpResponseRedirect(done_url, status=303)
        status = 422
    else:
        delegate = person.delegate
        form = AvailabilityForm(
            initial={
                "status": person.availability,
                "until": person.away_until,
                "delegate": delegate.email if delegate else "",
            }
        )
    context = {
        "person": person,
        "team": team,
        "is_self": actor.pk == person.pk,
        "form": form,
        "nav": "directory" if team else "",
    }
    return render(request, "org/availability.html", context, status=status)


def _confirmation(actor: Person, person: Person) -> str:
    is_self = actor.pk == person.pk
    if person.availability == Availability.OUT_OF_OFFICE and person.away_until:
        values = {"name": person.name, "day": date_format(person.away_until, "j F Y")}
        if is_self:
            return (
                _("You are out of office until %(day)s. Your open requests are being handed on.")
                % values
            )
        return (
            _("%(name)s is out of office until %(day)s. Their open requests are being handed on.")
            % values
        )
    label = Availability(person.availability).label
    if is_self:
        return _("You are now shown as %(status)s.") % {"status": str(label).lower()}
    return _("%(name)s is now shown as %(status)s.") % {
        "name": person.name,
        "status": str(label).lower(),
    }
