"""The directory: teams, people and "who to ask about what"."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from inservice.catalog.models import Service
from inservice.learning.permissions import can_follow_person
from inservice.lib.htmx import is_fragment
from inservice.lib.requests import person_of
from inservice.org.choices import Role, TeamKind
from inservice.org.models import KeyContact, Membership, Person, Team
from inservice.org.permissions import can_manage_team, get_person, get_team

RESULTS = 20


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    context: dict[str, object] = {"query": query, "nav": "directory"}
    if query:
        context.update(
            contacts=list(
                KeyContact.objects.filter(
                    Q(topics__icontains=query) | Q(team__name__icontains=query)
                ).select_related("person", "team")[:RESULTS]
            ),
            teams=list(Team.objects.search(query).select_related("parent")[:RESULTS]),
            people=list(Person.objects.active().search(query).with_card()[:RESULTS]),
        )
    else:
        departments = (
            Team.objects.filter(kind=TeamKind.DEPARTMENT)
            .prefetch_related("children")
            .order_by("name")
        )
        context["departments"] = list(departments)
        context["loose_teams"] = list(
            Team.objects.filter(kind=TeamKind.TEAM, parent__isnull=True).order_by("name")
        )
    template = (
        "org/partials/directory_results.html" if is_fragment(request) else "org/directory.html"
    )
    return render(request, template, context)


@require_GET
def team(request: HttpRequest, slug: str) -> HttpResponse:
    person = person_of(request)
    found = get_team(slug)
    members = (
        Membership.objects.filter(team=found)
        .select_related("person")
        .order_by("-role", "person__name")
    )
    context = {
        "team": found,
        "members": list(members),
        "leads": [m.person for m in members if m.role == Role.LEAD],
        "contacts": list(found.key_contacts.select_related("person")),
        "services": list(Service.objects.offered_to(person).filter(team=found).order_by("name")),
        "children": list(found.children.order_by("name")),
        "can_manage": can_manage_team(person, found),
        "is_member": found.pk in person.team_ids(),
        # The team's ratings, NPS and sentiment figures are its own and its administrators'.
        "reads_feedback": person.is_superuser or found.pk in person.team_ids(),
        "nav": "directory",
    }
    return render(request, "org/team.html", context)


@require_GET
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    found = get_person(person_id)
    memberships = (
        Membership.objects.filter(person=found).select_related("team").order_by("team__name")
    )
    context = {
        "person": found,
        "memberships": list(memberships),
        "sees_learning": can_follow_person(person_of(request), found),
        "reports": list(found.reports.filter(is_active=True).order_by("name")[:50]),
        "contact_for": list(found.key_contact_for.select_related("team")),
        "nav": "directory",
    }
    return render(request, "org/person.html", context)


@require_GET
def people_suggestions(request: HttpRequest) -> HttpResponse:
    """<option>s for the people datalist, as someone types a name."""
    query = request.GET.get("q", "").strip()[:100]
    people = (
        list(Person.objects.active().search(query).only("name", "email")[:10])
        if len(query) >= 2
        else []
    )
    return render(request, "org/partials/people_options.html", {"people": people})
