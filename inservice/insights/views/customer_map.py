"""The internal customer map, `/insights/map/` (decision 0037): teams and the requests between
them, over a period, coloured by satisfaction or by resolution on time; `?focus=<slug>` one
team with its customers and suppliers. Drawn on the server (insights.map_svg), with the same
flows as a table and a CSV (`flows.csv`, the same query string).

Changing the period is the dashboards' GET form: with htmx only the map is answered (422 with
the problems), without it the whole page. Clicking a team is a plain link to its map.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from inservice.insights import customer_flows
from inservice.insights.customer_flows import Network, TeamInfo
from inservice.insights.customer_map import Colour, chart_of, table_of
from inservice.insights.exports import csv_text
from inservice.insights.forms import PeriodForm, presets
from inservice.insights.forms_customers import ColourForm
from inservice.insights.map_svg import render_svg
from inservice.insights.periods import Period
from inservice.insights.permissions import sees_organisation, sees_team
from inservice.insights.permissions_customers import get_map_focus
from inservice.insights.views.display import FigureView
from inservice.lib.htmx import is_fragment
from inservice.lib.requests import person_of
from inservice.org.models import Person, Team

PAGE = "insights/customers/map.html"
MAP = "insights/customers/partials/map.html"


def map_url(
    focus: str = "", period: Period | None = None, colour: str = "", *, csv: bool = False
) -> str:
    """The map (or its CSV) with these choices; the defaults are left out of the URL."""
    query = [("focus", focus)] if focus else []
    if period is not None:
        query += [("from", period.start.isoformat()), ("to", period.end.isoformat())]
    if colour and colour != Colour.CSAT:
        query.append(("colour", colour))
    path = reverse("insights:map_csv" if csv else "insights:map")
    return f"{path}?{urlencode(query)}" if query else path


@require_GET
def customer_map(request: HttpRequest) -> HttpResponse:
    viewer = person_of(request)
    focus = get_map_focus(viewer, request.GET.get("focus", "").strip())
    slug = focus.slug if focus is not None else ""
    period_form, colour_form = PeriodForm(request.GET), ColourForm(request.GET)
    valid = period_form.is_valid() & colour_form.is_valid()  # both, to name every problem
    chosen = period_form.period if period_form.is_valid() else None
    colour = colour_form.chosen if colour_form.is_valid() else str(Colour.CSAT)
    context: dict[str, Any] = {
        "form": period_form,
        "colour_form": colour_form,
        "chosen": chosen,
        "focus": focus,
        "colour": colour,
        "params": [(k, v) for k, v in (("focus", slug), ("colour", colour)) if v],
        "presets": [
            {
                "label": p.label,
                "url": map_url(slug, p.period, colour),
                "current": p.period == chosen,
            }
            for p in presets(period_form.today)
        ],
        "sees_organisation": sees_organisation(viewer),
        "whole_url": map_url("", chosen, colour),
        "sees_customers": focus is not None and sees_team(viewer, focus),
    }
    if valid and chosen is not None:
        context |= map_context(viewer, focus, chosen, colour)
    status = 200 if valid else 422
    if is_fragment(request) and request.headers.get("HX-History-Restore-Request") != "true":
        return render(request, MAP, context | {"oob": True}, status=status)
    return render(request, PAGE, context | {"nav": "insights"}, status=status)


def map_context(viewer: Person, focus: Team | None, period: Period, colour: str) -> dict[str, Any]:
    network = customer_flows.network(period, focus=focus)
    every = sees_organisation(viewer)
    mine = viewer.team_ids()

    def link_to(team: TeamInfo) -> str:
        # Members see only their own teams' maps: other teams' dots are not links for them.
        return map_url(team.slug, period, colour) if every or team.pk in mine else ""

    slug = focus.slug if focus is not None else ""
    table = FigureView.of(table_of(network), map_url(slug, period, colour, csv=True))
    return {
        "period": period,
        "network": network,
        "svg": render_svg(chart_of(network, colour, link_to)) if network.edges else "",
        "view": table,
        "toggles": [
            {"label": c.label, "url": map_url(slug, period, c.value), "current": c.value == colour}
            for c in Colour
        ],
    }


@require_GET
def map_csv(request: HttpRequest) -> HttpResponse:
    """The map's flows as CSV: the table under the map, for the same viewers."""
    viewer = person_of(request)
    focus = get_map_focus(viewer, request.GET.get("focus", "").strip())
    form = PeriodForm(request.GET)
    if not form.is_valid():
        problems = [
            f"{field.label}: {' '.join(str(e) for e in field.errors)}"
            for field in form
            if field.errors
        ]
        return HttpResponse("\n".join(problems), status=422, content_type="text/plain")
    period = form.period
    network: Network = customer_flows.network(period, focus=focus)
    response = HttpResponse(csv_text(table_of(network)), content_type="text/csv; charset=utf-8")
    where = f"team-{focus.slug}" if focus is not None else "organisation"
    name = f"insights-map-{where}-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
