"""What people do on a request page. POST only; every change goes through tickets.services."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inservice.lib.htmx import is_htmx
from inservice.lib.requests import person_of
from inservice.org.fields import find_person
from inservice.org.models import Person
from inservice.tickets import services
from inservice.tickets.forms import (
    AssignForm,
    KeyForm,
    PriorityForm,
    ReplyForm,
    TransferForm,
    TransitionForm,
    WatcherForm,
)
from inservice.tickets.lifecycle import IllegalTransition
from inservice.tickets.models import ReplyTemplate, Ticket
from inservice.tickets.permissions import get_ticket_for_user, is_agent
from inservice.tickets.views.responses import back_to_ticket, form_problems, problems_of, refused

Refusal = (ValidationError, IllegalTransition, PermissionDenied)


def reply_box(person: Person, ticket: Ticket, form: ReplyForm) -> dict[str, object]:
    """What the reply box shows: the form, and for the team its reply templates."""
    agent = is_agent(person, ticket)
    templates = list(ReplyTemplate.objects.of_team(ticket.team_id)) if agent else []
    return {"ticket": ticket, "reply_form": form, "is_agent": agent, "reply_templates": templates}


def _version(request: HttpRequest) -> int | None:
    """The version of the request the form was rendered with: a stale one is refused."""
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


@require_POST
def reply(request: HttpRequest, key: str) -> HttpResponse:
    person = person_of(request)
    ticket = get_ticket_for_user(person, key)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.reply(
                person,
                ticket,
                form.cleaned_data["body"],
                internal=form.cleaned_data["internal"],
                uploads=form.cleaned_data["attachments"],
            )
        except Refusal as exc:
            for problem in problems_of(exc):
                form.add_error(None, problem)
        else:
            if is_htmx(request):
                response = render(
                    request,
                    "tickets/partials/reply_form.html",
                    reply_box(person, ticket, ReplyForm()),
                )
                response["HX-Trigger"] = "ticket-changed"
                return response
            return back_to_ticket(request, ticket)
    if is_htmx(request):
        return render(
            request, "tickets/partials/reply_form.html", reply_box(person, ticket, form), status=422
        )
    return refused(request, ticket, form_problems(form.errors))


def _act(
    request: HttpRequest, ticket: Ticket, change: Callable[[], object], note: str = ""
) -> HttpResponse:
    """Runs one service call: back to the page when it succeeds, its message when it refuses."""
    try:
        change()
    except Refusal as exc:
        return refused(request, ticket, problems_of(exc))
    return back_to_ticket(request, ticket, note)


@require_POST
def transition(request: HttpRequest, key: str) -> HttpResponse:
    person = person_of(request)
    ticket = get_ticket_for_user(person, key)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return refused(request, ticket, form_problems(form.errors))
    data = form.cleaned_data
    return _act(
        request,
        ticket,
        lambda: services.transition(
            person,
            ticket,
            data["action"],
            version=data["version"],
            message=data["message"],
            reason=data["reason"],
        ),
    )


@require_POST
def assign(request: HttpRequest, key: str) -> HttpResponse:
    person = person_of(request)
    ticket = get_ticket_for_user(person, key)
    target = person
    if not request.POST.get("take"):
        form = AssignForm(request.POST, team=ticket.team)
        if not form.is_valid():
            return refused(request, ticket, form_problems(form.errors))
        target = form.cleaned_data["assignee"]
    return _act(
        request, ticket, lambda: services.assign(person, ticket, target, version=_version(request))
    )


@require_POST
def priority(request: HttpRequest, key: str) -> HttpResponse:
    person = person_of(request)
    ticket = get_ticket_for_user(person, key)
    form = PriorityForm(request.POST)
    if not form.is_valid():
        return refused(request, ticket, form_problems(form.errors))
    level = form.cleaned_data["priority"]
    return _act(
        request,
        ticket,
        lambda: services.change_priority(person, ticket, level, version=_version(request)),
    )


@require_POST
def transfer(request: HttpRequest, key: str) -> HttpResponse:
    person = person_of(request)
    ticket = get_ticket_for_user(person, key)
    form = TransferForm(request.POST, current=ticket.team)
    if not form.is_valid():
        return refused(request, ticket, form_problems(form.errors))
    data = form.cleaned_data
    moved = _("%(key)s is now with %(team)s.") % {"key": ticket.key, "team": data["team"]}
    return _act(
        request,
        ticket,
        lambda: services.transfer(
            person,
            ticket,
            data["team"],
            data["note"],
            reason=data["reason"],
            version=_version(request),
        ),
        moved,
    )


def _other_ticket(request: HttpRequest, prefix: str) -> Ticket | str:
    """The request named in the form, if the person may see it; else the message to show."""
    form = KeyForm(request.POST, prefix=prefix)
    if not form.is_valid():
        return _("Enter a request key, e.g. IT-1042.")
    try:
        return get_ticket_for_user(person_of(request), form.cleaned_data["key"].strip())
    except Http404:  # an invisible request and a missing one read the same
        return _("No request with the key %(key)s.") % {"key": form.cleaned_data["key"]}


@require_POST
def link(request: HttpRequest, key: str) -> HttpResponse:
    person = person_of(request)
    ticket = get_ticket_for_user(person, key)
    other = _other_ticket(request, "link")
    if isinstance(other, str):
        return refused(request, ticket, [other])
    return _act(request, ticket, lambda: services.link(person, ticket, other))


@require_POST
def duplicate(request: HttpRequest, key: str) -> HttpResponse:
    person = person_of(request)
    ticket = get_ticket_for_user(person, key)
    original = _other_ticket(request, "duplicate")
    if isinstance(original, str):
        return refused(request, ticket, [original])
    closed = _("Closed as a duplicate of %(key)s.") % {"key": original.key}
    return _act(
        request,
        ticket,
        lambda: services.mark_duplicate(person, ticket, original, version=_version(request)),
        closed,
    )


@require_POST
def add_watcher(request: HttpRequest, key: str) -> HttpResponse:
    person = person_of(request)
    ticket = get_ticket_for_user(person, key)
    form = WatcherForm(request.POST)
    if not form.is_valid():
        return refused(request, ticket, form_problems(form.errors))
    watcher = form.cleaned_data["person"]
    return _act(request, ticket, lambda: services.add_watcher(person, ticket, watcher))


@require_POST
def remove_watcher(request: HttpRequest, key: str, person_id: int) -> HttpResponse:
    person = person_of(request)
    ticket = get_ticket_for_user(person, key)
    watcher = find_person(str(person_id))
    if watcher is None:
        return refused(request, ticket, [_("No such watcher.")])
    return _act(request, ticket, lambda: services.remove_watcher(person, ticket, watcher))
