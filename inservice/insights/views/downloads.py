"""A figure's numbers as CSV: the columns and rows of its data table on the page, for the same
viewers (an unknown figure, one of another scope or one the viewer may not see: 404)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from inservice.insights import permissions
from inservice.insights.exports import csv_text
from inservice.insights.forms import PeriodForm
from inservice.insights.views.places import place_of
from inservice.lib.requests import person_of


@require_GET
def download(request: HttpRequest, where: str, key: str, **kwargs: str) -> HttpResponse:
    viewer = person_of(request)
    place = place_of(request, viewer, where, **kwargs)
    spec = permissions.get_figure(viewer, place.scope, key)
    form = PeriodForm(request.GET)
    if not form.is_valid():
        problems = [
            f"{field.label}: {' '.join(str(e) for e in field.errors)}"
            for field in form
            if field.errors
        ]
        return HttpResponse("\n".join(problems), status=422, content_type="text/plain")
    period = form.period
    figure = spec.compute(place.scope, period)
    response = HttpResponse(csv_text(figure), content_type="text/csv; charset=utf-8")
    name = f"insights-{place.slug}-{key}-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
