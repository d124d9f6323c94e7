"""The portal: the service catalog grouped by team, a search over services, one service's page."""

from __future__ import annotations

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from inservice.catalog.flowchart import raci_rows, service_chart
from inservice.catalog.models import Service
from inservice.catalog.permissions import can_ask, can_manage_service, get_service_for_user
from inservice.catalog.targets import describe_targets
from inservice.lib.flowchart import render_svg, render_text
from inservice.lib.htmx import is_fragment
from inservice.lib.markdown import render_markdown
from inservice.lib.requests import person_of
from inservice.tickets.models import Ticket

SEARCH_LIMIT = 30


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    services = (
        Service.objects.offered_to(person).select_related("team").order_by("team__name", "name")
    )
    catalog = [(team, list(items)) for team, items in groupby(services, key=lambda s: s.team)]
    recent = list(
        Ticket.objects.asked_by(person)
        .open()
        .select_related("service", "team__calendar", "assignee")
        .order_by("-created_at")[:5]
    )
    return render(
        request, "catalog/home.html", {"catalog": catalog, "recent": recent, "nav": "portal"}
    )


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    query = request.GET.get("q", "").strip()[:100]
    results: list[Service] = []
    if query:
        results = list(
            Service.objects.offered_to(person)
            .search(query)
            .select_related("team")
            .order_by("name")[:SEARCH_LIMIT]
        )
    context = {"query": query, "results": results, "nav": "portal"}
    template = (
        "catalog/partials/search_results.html" if is_fragment(request) else "catalog/search.html"
    )
    return render(request, template, context)


@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = person_of(request)
    service = get_service_for_user(person, slug)
    steps = list(service.steps.all())
    raci = list(service.raci.select_related("person", "team"))
    asking = can_ask(person, service)
    chart = service_chart(
        service, steps, raci, ask_url=reverse("tickets:ask", args=[service.slug]) if asking else ""
    )
    context = {
        "service": service,
        "description": render_markdown(service.description),
        "steps": steps,
        "raci": raci,
        "raci_rows": raci_rows(service, raci),
        "chart": render_svg(chart) if steps else "",
        "chart_text": render_text(chart) if steps else "",
        "fields": list(service.fields.all()),
        "targets": describe_targets(service),
        "can_ask": asking,
        "can_manage": can_manage_service(person, service),
        "nav": "portal",
    }
    return render(request, "catalog/detail.html", context)
