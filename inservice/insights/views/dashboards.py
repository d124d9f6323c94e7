"""The dashboard pages: the organisation, a team, a service, one's own work, a lead's view of one
of their agents. One view for all five: the URL names the scope (views.places), the period form
checks the dates, every figure of the scope the viewer may see is computed once and shown
generically (views.display).

Changing the period is a GET form: with htmx only the figures are answered (422 with the
problems when the dates are wrong), pushed to the history; without it, the whole page.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from inservice.catalog.models import Service
from inservice.insights import permissions
from inservice.insights.forms import PeriodForm, presets
from inservice.insights.periods import Period
from inservice.insights.scope import ScopeKind
from inservice.insights.views.display import FigureView
from inservice.insights.views.places import ORGANISATION, Place, place_of
from inservice.lib.htmx import is_fragment
from inservice.lib.requests import person_of
from inservice.org.models import Person, Team

PAGE = "insights/dashboard.html"
FIGURES = "insights/partials/dashboard.html"


@require_GET
def dashboard(request: HttpRequest, where: str, **kwargs: str) -> HttpResponse:
    viewer = person_of(request)
    if where == ORGANISATION and not permissions.sees_organisation(viewer):
        if viewer.team_ids() and not is_fragment(request):
            # The top bar's "Insights" leads here; an agent's dashboards start with their own.
            return HttpResponseRedirect(reverse("insights:me"))
        raise Http404
    place = place_of(request, viewer, where, **kwargs)
    form = PeriodForm(request.GET)
    chosen = form.period if form.is_valid() else None
    context: dict[str, Any] = {
        "place": place,
        "scope": place.scope,
        "form": form,
        "chosen": chosen,
        "presets": [
            {"label": p.label, "url": place.url(p.period), "current": p.period == chosen}
            for p in presets(form.today)
        ],
    }
    if chosen is not None:
        context |= figures_context(viewer, place, chosen)
    status = 200 if chosen is not None else 422
    if is_fragment(request) and not _restoring_history(request):
        return render(request, FIGURES, context | {"oob": True}, status=status)
    context |= links(viewer, place) | {"nav": "insights"}
    return render(request, PAGE, context, status=status)


def figures_context(viewer: Person, place: Place, period: Period) -> dict[str, Any]:
    figures = [
        FigureView.of(spec.compute(place.scope, period), place.csv_url(spec.key, period))
        for spec in permissions.figures_for(viewer, place.scope)
    ]
    times = [f.figure.as_of for f in figures if f.figure.as_of is not None]
    return {
        "period": period,
        "previous": period.previous(),
        "figures": figures,
        "as_of": min(times) if times else None,
    }


def links(viewer: Person, place: Place) -> dict[str, Any]:
    """The other dashboards a page leads to: the organisation's for leadership; a team's
    services, teams (a department's) and, for its leads, its agents; one's other teams."""
    scope = place.scope
    found: dict[str, Any] = {"sees_organisation": permissions.sees_organisation(viewer)}
    if scope.kind == ScopeKind.TEAM and scope.team is not None:
        team = scope.team
        found["services"] = list(
            Service.objects.filter(team=team).order_by("name").only("name", "slug")
        )
        found["children"] = list(Team.objects.filter(parent=team).order_by("name"))
        if permissions.leads(viewer, team):
            found["agents"] = list(
                Person.objects.filter(memberships__team=team, is_active=True)
                .order_by("name", "id")
                .only("name", "username")
            )
    elif scope.team is not None:
        found["sees_team"] = permissions.sees_team(viewer, scope.team)
    return found


def _restoring_history(request: HttpRequest) -> bool:
    """htmx asks again for a page it pushed to the history (Back, with its cache gone): that
    wants the whole page, not the figures the period form swapped in."""
    return request.headers.get("HX-History-Restore-Request") == "true"
