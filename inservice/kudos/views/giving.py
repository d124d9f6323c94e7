"""Writing kudos from the pages: giving one, taking it back within the window, hiding one (a
lead). Every change goes through kudos.services; who may is kudos.permissions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from inservice.kudos import services
from inservice.kudos.forms import GiveForm, HideForm
from inservice.kudos.models import DELETE_WINDOW
from inservice.kudos.permissions import get_kudos_to_delete, get_kudos_to_hide
from inservice.kudos.views.wall import detail_page
from inservice.lib.forms import add_refusal
from inservice.lib.htmx import is_fragment, triggered
from inservice.lib.requests import person_of
from inservice.tickets.models import Ticket
from inservice.tickets.permissions import can_view_ticket, get_ticket_for_user

MINUTES = int(DELETE_WINDOW.total_seconds() // 60)


@require_http_methods(["GET", "POST"])
def give(request: HttpRequest) -> HttpResponse:
    """The kudos form. `?to=` names people (emails or usernames, commas between), `?team=` a
    team's slug, `?request=` the key of a request one may see, which the kudos is for."""
    person = person_of(request)
    if request.method == "GET":
        key = request.GET.get("request", "").strip()
        ticket = get_ticket_for_user(person, key) if key else None
        form = GiveForm(
            initial={
                "people": request.GET.get("to", ""),
                "teams": request.GET.get("team", ""),
                "request": ticket.key if ticket else "",
            }
        )
        return _form_page(request, form, ticket)
    form = GiveForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        new = services.NewKudos(
            message=data["message"],
            values=list(data["values"]),
            people=data["people"],
            teams=[data["teams"]] if data["teams"] else [],
            ticket=data["request"],
        )
        try:
            kudos = services.give_kudos(person, new)
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Your kudos is on the wall. Changed your mind? You can delete it in the "
                    "next %(n)s minutes, before anyone is told."
                )
                % {"n": MINUTES},
            )
            url = services.kudos_path(kudos)
            if is_fragment(request):
                return triggered("kudos-given", redirect=url)
            return HttpResponseRedirect(url, status=303)
    # The request is named again only to someone who may see it: a key typed into the form
    # must not show another request's subject.
    ticket = form.cleaned_data.get("request")
    shown = ticket if isinstance(ticket, Ticket) and can_view_ticket(person, ticket) else None
    return _form_page(request, form, shown, status=422)


def _form_page(
    request: HttpRequest, form: GiveForm, ticket: Ticket | None, status: int = 200
) -> HttpResponse:
    context = {"form": form, "ticket": ticket, "minutes": MINUTES, "nav": "kudos"}
    if is_fragment(request):
        return render(request, "kudos/partials/give_form.html", context, status=status)
    return render(request, "kudos/give.html", context, status=status)


@require_POST
def delete(request: HttpRequest, kudos_id: int) -> HttpResponse:
    """The giver takes a kudos back within its first minutes; later, the page says why not."""
    person = person_of(request)
    kudos = get_kudos_to_delete(person, kudos_id)
    try:
        services.delete_kudos(person, kudos)
    except ValidationError as exc:
        problem = " ".join(exc.messages)
        shown = services.kudos_path(kudos)
        if is_fragment(request):
            return HttpResponse(problem, status=422)
        messages.error(request, problem)
        return HttpResponseRedirect(shown, status=303)
    messages.success(request, _("Deleted: nobody was told of it."))
    url = reverse("kudos:wall")
    if is_fragment(request):
        return triggered("kudos-deleted", redirect=url)
    return HttpResponseRedirect(url, status=303)


@require_POST
def hide(request: HttpRequest, kudos_id: int) -> HttpResponse:
    """A lead of the teams involved (or an administrator) hides a kudos, with a reason."""
    person = person_of(request)
    kudos = get_kudos_to_hide(person, kudos_id)
    form = HideForm(request.POST)
    if form.is_valid():
        try:
            services.hide_kudos(person, kudos, form.cleaned_data["reason"])
        except ValidationError as exc:
            add_refusal(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("The kudos is hidden; your reason is recorded."))
            url = services.kudos_path(kudos)
            if is_fragment(request):
                return triggered("kudos-hidden", redirect=url)
            return HttpResponseRedirect(url, status=303)
    return detail_page(request, person, kudos, hide_form=form, status=422)
