"""One's own learning, and the learning block on a person's page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from inservice.learning.models.progress import Assignment
from inservice.learning.models.reflection import Reflection
from inservice.learning.permissions import get_person_to_follow, may_assign, may_author_anything
from inservice.learning.standings import assignment_rows, today_for
from inservice.lib.paging import CappedPaginator
from inservice.lib.requests import person_of
from inservice.org.models import Team

PAGE_SIZE = 25
BLOCK_ROWS = 8


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What one has to learn: open assignments soonest due first, then the done ones; and the
    ways to browse courses, reflect, and (for leads and administrators) write and assign."""
    person = person_of(request)
    assignments = Assignment.objects.for_person(person).for_list().in_order()
    page = CappedPaginator(assignments, PAGE_SIZE).get_page(request.GET.get("page"))
    lead_teams = (
        list(Team.objects.filter(pk__in=person.lead_team_ids()).order_by("name"))
        if person.lead_team_ids()
        else []
    )
    context = {
        "page": page,
        "rows": assignment_rows(page.object_list, today_for(person)),
        "lead_teams": lead_teams,
        "authors": may_author_anything(person),
        "assigns": may_assign(person),
        "reflected": Reflection.objects.of(person).exists(),
        "nav": "learning",
    }
    return render(request, "learning/home.html", context)


@require_GET
def person_block(request: HttpRequest, person_id: int) -> HttpResponse:
    """For a person's page (loaded after it): their assignments and where they stand, for
    themselves, the leads of their teams and administrators (a 404 for anyone else, so the
    page shows nothing)."""
    viewer = person_of(request)
    person = get_person_to_follow(viewer, person_id)
    assignments = Assignment.objects.for_person(person).for_list().in_order()[:BLOCK_ROWS]
    context = {
        "person": person,
        "own": person.pk == viewer.pk,
        "rows": assignment_rows(assignments, today_for(person)),
        "open": Assignment.objects.for_person(person).open().count(),
    }
    return render(request, "learning/partials/person_block.html", context)
