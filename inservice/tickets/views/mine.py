"""'My requests': everything the person asked, or someone asked for them."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from inservice.lib.htmx import is_fragment
from inservice.lib.requests import person_of
from inservice.tickets.choices import DONE_STATUSES
from inservice.tickets.models import Ticket

PAGE_SIZE = 25
STATES = ("open", "done", "all")


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    state = request.GET.get("state", "open")
    state = state if state in STATES else "open"
    tickets = (
        Ticket.objects.asked_by(person)
        .select_related("service", "team__calendar", "assignee")
        .order_by("-created_at", "-id")
    )
    if state == "open":
        tickets = tickets.open()
    elif state == "done":
        tickets = tickets.filter(status__in=DONE_STATUSES)
    page = Paginator(tickets, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "tickets": page.object_list, "state": state, "nav": "mine"}
    template = "tickets/partials/my_list.html" if is_fragment(request) else "tickets/mine.html"
    return render(request, template, context)
