"""The kudos blocks other pages load after themselves: "thank the people who helped" on a
resolved request, kudos on a person's profile, kudos on a team's page."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from inservice.kudos import services
from inservice.kudos.choices import Period
from inservice.kudos.figures import person_figures, quarter_start, team_figures
from inservice.kudos.forms import ThankForm
from inservice.kudos.helped import helpers_of
from inservice.kudos.models import Kudos
from inservice.kudos.permissions import can_thank_helpers
from inservice.kudos.wall import cards, team_and_children
from inservice.lib.forms import add_refusal
from inservice.lib.htmx import is_fragment, triggered
from inservice.lib.requests import person_of
from inservice.org.models import Person
from inservice.org.permissions import get_person, get_team
from inservice.tickets.models import Ticket
from inservice.tickets.permissions import get_ticket_for_user

LATEST = 3
TICKET_BLOCK = "kudos/partials/ticket_block.html"


@require_http_methods(["GET", "POST"])
def ticket_block(request: HttpRequest, key: str) -> HttpResponse:
    """On a resolved or closed request, for its requester (and whoever asked for them): "thank
    the people who helped", everyone who worked on it preselected, and the thanks they gave for
    it. Anyone else who may see the request gets nothing; others still, 404."""
    person = person_of(request)
    ticket = get_ticket_for_user(person, key)
    if not can_thank_helpers(person, ticket):
        if request.method == "POST":
            raise Http404
        return HttpResponse("")  # nothing to thank for this viewer: the placeholder goes
    helpers = [p for p in helpers_of(ticket) if p.pk != person.pk]
    if request.method == "GET":
        return _ticket_block(request, person, ticket, ThankForm(helpers=helpers))
    form = ThankForm(request.POST, helpers=helpers)
    if form.is_valid():
        new = services.NewKudos(
            message=form.cleaned_data["message"],
            values=list(form.cleaned_data["values"]),
            people=form.chosen(),
            ticket=ticket,
        )
        try:
            services.give_kudos(person, new)
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            if is_fragment(request):
                return triggered("kudos-given")  # the block reloads itself
            messages.success(request, _("Thank you: your kudos is on the wall."))
            url = reverse("tickets:detail", args=[ticket.key])
            return HttpResponseRedirect(url, status=303)
    if is_fragment(request):
        return _ticket_block(request, person, ticket, form, status=422)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return HttpResponseRedirect(reverse("tickets:detail", args=[ticket.key]), status=303)


def _ticket_block(
    request: HttpRequest, person: Person, ticket: Ticket, form: ThankForm, status: int = 200
) -> HttpResponse:
    given = cards(
        person,
        list(
            Kudos.objects.visible_to(person)
            .given_by(person)
            .filter(ticket=ticket)
            .for_cards(person)
            .newest_first()
        ),
    )
    if not form.helpers and not given:
        return HttpResponse("")  # nobody of a serving team worked on it: nobody to thank here
    context = {"ticket": ticket, "form": form, "given": given}
    return render(request, TICKET_BLOCK, context, status=status)


@require_GET
def person_block(request: HttpRequest, person_id: int) -> HttpResponse:
    """A person's kudos on their profile: received and given, how many across teams, the
    latest received; for everyone signed in."""
    viewer = person_of(request)
    person = get_person(person_id)
    latest = Kudos.objects.shown().received_by(person).for_cards(viewer).newest_first()[:LATEST]
    context = {
        "person": person,
        "figures": person_figures(person),
        "cards": cards(viewer, list(latest)),
        "is_self": viewer.pk == person.pk,
    }
    return render(request, "kudos/partials/person_block.html", context)


@require_GET
def team_block(request: HttpRequest, slug: str) -> HttpResponse:
    """A team's kudos this quarter on its page: to the team and its people, help across teams
    received and given, the latest; for everyone signed in."""
    viewer = person_of(request)
    team = get_team(slug)
    now = timezone.now()
    start = quarter_start(now)
    latest = (
        Kudos.objects.shown()
        .to_teams(team_and_children(team))
        .for_cards(viewer)
        .newest_first()[:LATEST]
    )
    context = {
        "team": team,
        "figures": team_figures(team, start, now + timedelta(seconds=1)),
        "cards": cards(viewer, list(latest)),
        "quarter_period": Period.QUARTER.value,
    }
    return render(request, "kudos/partials/team_block.html", context)
