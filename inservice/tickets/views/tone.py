"""The tone hint under the reply box: a gentle word when a public reply reads strongly negative.

The page posts the draft as the agent types (htmx, debounced); this answers with the hint or with
nothing. It reads, never writes, and never stands in the way of sending.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from inservice.lib.requests import person_of
from inservice.lib.sentiment import reads_harsh
from inservice.tickets.permissions import get_ticket_for_user, is_agent
from inservice.tickets.services import MAX_BODY


@require_POST
def tone(request: HttpRequest, key: str) -> HttpResponse:
    person = person_of(request)
    ticket = get_ticket_for_user(person, key)
    draft = request.POST.get("body", "")[:MAX_BODY]
    # Internal notes are for colleagues, and requesters' own words are theirs: no hint for either.
    public = not request.POST.get("internal")
    harsh = public and is_agent(person, ticket) and reads_harsh(draft)
    return render(request, "tickets/partials/tone_hint.html", {"harsh": harsh})
