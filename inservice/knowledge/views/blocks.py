"""The knowledge blocks other pages load after they are shown (htmx, `hx-trigger="load"`): on a
team's page, a person's page and a request's page. Reads only; each is a fixed number of queries."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from inservice.knowledge.models import Article
from inservice.knowledge.permissions import can_write_for
from inservice.lib.requests import person_of
from inservice.org.permissions import get_person, get_team, is_lead
from inservice.tickets.permissions import get_ticket_for_user

SHOWN = 5


@require_GET
def team_block(request: HttpRequest, slug: str) -> HttpResponse:
    """A team's most useful published articles, how many it has, and for its members a way to
    write one; for its leads (and administrators), how many need a look."""
    person = person_of(request)
    team = get_team(slug)
    today = timezone.localdate()
    published = Article.objects.published().filter(team=team)
    lead = person.is_superuser or is_lead(person, team)
    counts = Article.objects.filter(team=team).counts(today)
    context = {
        "team": team,
        "articles": list(published.most_useful()[:SHOWN]),
        "published": counts["published"],
        "to_review": counts["to_review"] if lead else 0,
        "writes": can_write_for(person, team),
    }
    return render(request, "knowledge/partials/team_block.html", context)


@require_GET
def person_block(request: HttpRequest, person_id: int) -> HttpResponse:
    """The published articles a person owns; on one's own page, how many need one's look."""
    viewer = person_of(request)
    owner = get_person(person_id)
    today = timezone.localdate()
    owned = Article.objects.filter(owner=owner)
    counts = owned.counts(today)
    context = {
        "owner": owner,
        "own_page": viewer.pk == owner.pk,
        "articles": list(owned.published().select_related("team").most_useful()[:SHOWN]),
        "published": counts["published"],
        "to_review": counts["to_review"] if viewer.pk == owner.pk else 0,
    }
    return render(request, "knowledge/partials/person_block.html", context)


@require_GET
def request_block(request: HttpRequest, key: str) -> HttpResponse:
    """On a request's page, for whoever may see the request: the published articles about its
    service, most useful first (an agent answers with a link; a requester may find the answer)."""
    person = person_of(request)
    ticket = get_ticket_for_user(person, key)
    articles = list(
        Article.objects.published()
        .linked_to(ticket.service_id)
        .select_related("team")
        .most_useful()[:SHOWN]
    )
    context = {"ticket": ticket, "articles": articles}
    return render(request, "knowledge/partials/request_block.html", context)
