"""The dashboards' figures over the API, for the same people as the pages (insights.permissions):
what the caller may not see is a 404; a scope without the names it needs, or a wrong date, is a
422 naming the field. The period is checked by the pages' own form (forms.PeriodForm).

One item per figure of the scope, so the list is never paged.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, QueryDict
from django.utils.translation import gettext as _
from ninja import Query, Router

from inservice.insights import permissions
from inservice.insights.figures.base import Figure
from inservice.insights.forms import PeriodForm
from inservice.insights.periods import Period
from inservice.insights.schemas import FiguresOut, FiguresQuery, OneFigureOut
from inservice.insights.scope import Scope
from inservice.lib.api import form_problems, problem, unprocessable
from inservice.lib.queries import unique
from inservice.org.api_auth import caller
from inservice.org.models import Person

router = Router(tags=["insights"])


@router.get("/insights/figures", response=FiguresOut, summary="A dashboard's figures")
def list_figures(request: HttpRequest, query: Query[FiguresQuery]) -> dict[str, Any]:
    """Every figure of the scope you may see, in the dashboards' order, with its headline
    numbers against the previous period, its chart's series and its table's rows."""
    viewer = caller(request)
    scope = _scope(viewer, query)
    period = _period(query)
    specs = permissions.figures_for(viewer, scope)
    items = [_figure(spec.compute(scope, period)) for spec in specs]
    return _about(scope, period) | {"items": items}


@router.get("/insights/figures/{key}", response=OneFigureOut, summary="One figure")
def get_figure(request: HttpRequest, key: str, query: Query[FiguresQuery]) -> dict[str, Any]:
    """One figure of the scope by key (e.g. `volume`), as in the list."""
    viewer = caller(request)
    scope = _scope(viewer, query)
    spec = permissions.get_figure(viewer, scope, key)
    period = _period(query)
    return _about(scope, period) | {"figure": _figure(spec.compute(scope, period))}


def _required(field: str) -> None:
    message = _("Required for this scope.")
    raise unprocessable([problem(("query", field), message, "missing")])


def _scope(viewer: Person, query: FiguresQuery) -> Scope:
    if query.scope == "team":
        if not query.team:
            _required("team")
        return permissions.get_team_scope(viewer, query.team)
    if query.scope == "service":
        if not query.service:
            _required("service")
        return permissions.get_service_scope(viewer, query.service)
    if query.scope == "agent":
        if not query.agent:
            _required("agent")
        if query.team:
            return permissions.get_agent_scope(viewer, query.team, query.agent)
        return _agent_in_any_team(viewer, query.agent)
    return permissions.get_organisation_scope(viewer)


def _agent_in_any_team(viewer: Person, username: str) -> Scope:
    """The agent's work in the first team (by name) they serve in where the caller may see it."""
    agent = unique(Person.objects.filter(username=username, is_active=True))
    if agent is None:
        raise Http404
    for team in permissions.teams_served(agent):
        if permissions.sees_agent(viewer, agent, team):
            return Scope.of_agent(agent, team)
    raise Http404


def _period(query: FiguresQuery) -> Period:
    params = QueryDict(mutable=True)
    params.update({"from": query.start, "to": query.end})
    form = PeriodForm(params)
    if not form.is_valid():
        raise unprocessable(form_problems(form, ("query",)))
    return form.period


def _about(scope: Scope, period: Period) -> dict[str, Any]:
    previous = period.previous()
    return {
        "scope": {
            "kind": scope.kind.value,
            "title": scope.title,
            "team": scope.team,
            "service": scope.service,
            "agent": scope.agent,
        },
        "period": {"start": period.start, "end": period.end},
        "previous": {"start": previous.start, "end": previous.end},
    }


def _figure(figure: Figure) -> dict[str, Any]:
    # Text through str(): a figure may carry lazy translations, which JSON does not take.
    return {
        "key": figure.key,
        "title": str(figure.title),
        "description": str(figure.description),
        "chart": figure.chart.value,
        "unit": figure.unit.value,
        "labels": [str(label) for label in figure.labels],
        "series": [{"label": str(s.label), "values": s.values} for s in figure.series],
        "columns": [str(column) for column in figure.columns],
        "rows": figure.rows,
        "stats": [
            {
                "label": str(s.label),
                "value": s.value,
                "previous": s.previous,
                "change": s.change,
                "unit": s.unit.value,
                "target": s.target,
                "higher_is_better": s.higher_is_better,
            }
            for s in figure.stats
        ],
        "as_of": figure.as_of,
        "note": str(figure.note),
    }
