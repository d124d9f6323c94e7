"""How request actions answer: the page again on success, the message and no change on failure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from inservice.lib.htmx import is_fragment
from inservice.tickets.lifecycle import IllegalTransition
from inservice.tickets.models import Ticket


def back_to_ticket(request: HttpRequest, ticket: Ticket, note: str = "") -> HttpResponse:
    url = reverse("tickets:detail", args=[ticket.key])
    if note:
        messages.success(request, note)
    if is_fragment(request):
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return HttpResponseRedirect(url, status=303)


def refused(request: HttpRequest, ticket: Ticket, problems: list[str]) -> HttpResponse:
    """Tells what was wrong; nothing was changed."""
    if is_fragment(request):
        return render(request, "tickets/partials/problems.html", {"problems": problems}, status=422)
    for problem in problems:
        messages.error(request, problem)
    return HttpResponseRedirect(reverse("tickets:detail", args=[ticket.key]), status=303)


def problems_of(exc: ValidationError | IllegalTransition | PermissionDenied) -> list[str]:
    if isinstance(exc, IllegalTransition):
        return [exc.message]
    if isinstance(exc, PermissionDenied):
        return [str(exc) or "You may not do this."]
    return [str(m) for m in exc.messages]


def form_problems(form_errors: Mapping[str, Iterable[object]]) -> list[str]:
    return [str(message) for messages_ in form_errors.values() for message in messages_]
