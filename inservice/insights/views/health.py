"""A team's quarterly health checks (decision 0038): the archive, one check (printable), its
scorecard as CSV, and the leads' notes, publishing and regenerating.

Who sees what is permissions_health's (404 for anyone else); every write goes through
services_health. The notes are edited in place with htmx: the section answers its form (422
with the service's refusals beside their fields), and a save answers 204 + HX-Trigger, on
which the section reloads itself. Without JavaScript the same forms post whole pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inservice.insights import scorecard, services_health
from inservice.insights.exports import csv_text
from inservice.insights.figures.base import Stat
from inservice.insights.forms_health import NotesForm
from inservice.insights.models_health import HealthCheck, quarter_name
from inservice.insights.periods import Period, today
from inservice.insights.permissions_health import (
    edits,
    get_check,
    get_check_to_edit,
    get_team_for_health,
    get_team_to_prepare,
    sees_drafts,
    visible_checks,
)
from inservice.insights.scorecard import Light, parse_quarter, previous_quarter
from inservice.insights.views.display import StatView
from inservice.lib.forms import add_refusal
from inservice.lib.htmx import is_fragment, triggered
from inservice.lib.markdown import render_markdown
from inservice.lib.requests import person_of
from inservice.org.models import Person, Team

NOTES_SAVED = "health-notes-saved"


@dataclass(frozen=True)
class LineView:
    """A scorecard line as the dashboards say a headline number (views.display.StatView),
    with its light."""

    stat: StatView
    light: Light


def line_view(line: scorecard.Line) -> LineView:
    stat = Stat(
        line.label,
        line.value,
        line.previous,
        line.unit,
        target=line.target,
        higher_is_better=line.higher_is_better,
    )
    return LineView(StatView.of(stat), line.light)


def lights(summary: dict[str, int]) -> list[tuple[Light, int]]:
    counts = scorecard.light_counts(summary)
    return [(light, counts[light.value]) for light in Light]


# -- the archive --------------------------------------------------------------------------------


@require_GET
def archive(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = person_of(request)
    team = get_team_for_health(viewer, slug)
    return _archive_page(request, viewer, team)


def _archive_page(
    request: HttpRequest, viewer: Person, team: Team, status: int = 200, problem: str = ""
) -> HttpResponse:
    checks = list(visible_checks(viewer, team).for_archive())
    can_edit = edits(viewer, team)
    last = previous_quarter(Period.quarter_of(today()))
    missing = can_edit and all(c.period_start != last.start for c in checks)
    context = {
        "team": team,
        "rows": [(c, lights(c.summary), scorecard.summary_sentence(c.summary)) for c in checks],
        "can_edit": can_edit,
        "sees_drafts": sees_drafts(viewer, team),
        "missing": quarter_name(last.start) if missing else "",
        "problem": problem,
        "nav": "insights",
    }
    return render(request, "insights/health/archive.html", context, status=status)


# -- one check ----------------------------------------------------------------------------------


@require_GET
def check(request: HttpRequest, slug: str, quarter: str) -> HttpResponse:
    viewer = person_of(request)
    found = get_check(viewer, slug, parse_quarter(quarter))
    editing = request.GET.get("edit") == "notes" and edits(viewer, found.team)
    return _check_page(request, viewer, found, NotesForm.for_check(found) if editing else None)


def _check_page(
    request: HttpRequest,
    viewer: Person,
    found: HealthCheck,
    form: NotesForm | None = None,
    status: int = 200,
) -> HttpResponse:
    snapshot = found.scorecard
    previous = snapshot.get("previous", {})
    context = {
        "team": found.team,
        "check": found,
        "period": services_health.quarter_of_check(found),
        "previous_start": _date(previous.get("start")),
        "previous_end": _date(previous.get("end")),
        "as_of": _moment(snapshot.get("as_of")),
        "lines": [line_view(line) for line in scorecard.lines_of(snapshot)],
        "lights": lights(found.summary),
        "sentence": scorecard.summary_sentence(found.summary),
        "feedback": snapshot.get("feedback", {}),
        "kudos": snapshot.get("kudos", {}),
        "kudos_received": _count(snapshot, "kudos_received"),
        "suggestions": snapshot.get("suggestions", {}),
        "training": snapshot.get("training", {}),
        "can_edit": edits(viewer, found.team),
        "nav": "insights",
        **_notes_context(viewer, found, form),
    }
    return render(request, "insights/health/check.html", context, status=status)


def _notes_context(viewer: Person, found: HealthCheck, form: NotesForm | None) -> dict[str, Any]:
    return {
        "check": found,
        "team": found.team,
        "form": form,
        "can_edit": edits(viewer, found.team),
        "commentary": render_markdown(found.commentary) if found.commentary else "",
        "commitments": [{"text": c["text"], "due": _date(c.get("due"))} for c in found.commitments],
    }


@require_http_methods(["GET", "POST"])
def notes(request: HttpRequest, slug: str, quarter: str) -> HttpResponse:
    """The notes section (GET: as shown, or `?edit=1` its form, for the team's leads), and
    saving it (POST)."""
    viewer = person_of(request)
    if request.method == "GET":
        found = get_check(viewer, slug, parse_quarter(quarter))
        editing = request.GET.get("edit") == "1" and edits(viewer, found.team)
        form = NotesForm.for_check(found) if editing else None
        if not is_fragment(request):
            return _check_page(request, viewer, found, form)
        return _notes_section(request, viewer, found, form)
    found = get_check_to_edit(viewer, slug, parse_quarter(quarter))
    form = NotesForm(request.POST)
    if form.is_valid():
        try:
            services_health.save_notes(
                viewer, found, form.draft(), version=form.cleaned_data["version"]
            )
        except ValidationError as exc:
            add_refusal(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc  # the fetcher let them in: only a race ends here
        else:
            message = _("The commentary and commitments are saved.")
            return _done(request, found, message, event=NOTES_SAVED)
    if is_fragment(request):
        return _notes_section(request, viewer, found, form, status=422)
    return _check_page(request, viewer, found, form, status=422)


def _notes_section(
    request: HttpRequest,
    viewer: Person,
    found: HealthCheck,
    form: NotesForm | None,
    status: int = 200,
) -> HttpResponse:
    context = _notes_context(viewer, found, form)
    return render(request, "insights/health/partials/notes.html", context, status=status)


@require_POST
def publish(request: HttpRequest, slug: str, quarter: str) -> HttpResponse:
    viewer = person_of(request)
    found = get_check_to_edit(viewer, slug, parse_quarter(quarter))
    try:
        services_health.publish_check(viewer, found)
    except PermissionDenied as exc:
        raise Http404 from exc
    return _done(request, found, _("Published: the team's members can read it now."))


@require_POST
def prepare(request: HttpRequest, slug: str, quarter: str) -> HttpResponse:
    """Makes the quarter's check, or its snapshot again from today's figures (the notes kept)."""
    viewer = person_of(request)
    team = get_team_to_prepare(viewer, slug)
    period = parse_quarter(quarter)
    if period is None:
        raise Http404
    try:
        made = services_health.prepare_check(viewer, team, period)
    except ValidationError as exc:
        return _archive_page(request, viewer, team, status=422, problem=" ".join(exc.messages))
    except PermissionDenied as exc:
        raise Http404 from exc
    made.team = team
    return _done(request, made, _("The scorecard is made from today's figures."))


def _done(request: HttpRequest, found: HealthCheck, message: str, event: str = "") -> HttpResponse:
    messages.success(request, message)
    url = reverse("insights:health_check", args=[found.team.slug, found.quarter])
    if is_fragment(request):
        return triggered(event or "health-check-changed", redirect=None if event else url)
    return HttpResponseRedirect(url, status=303)


@require_GET
def scorecard_csv(request: HttpRequest, slug: str, quarter: str) -> HttpResponse:
    viewer = person_of(request)
    found = get_check(viewer, slug, parse_quarter(quarter))
    title = _("Health check: %(team)s, %(quarter)s") % {
        "team": found.team.name,
        "quarter": found.quarter,
    }
    response = HttpResponse(
        csv_text(scorecard.as_figure(found.scorecard, title)),
        content_type="text/csv; charset=utf-8",
    )
    name = f"health-check-{found.team.slug}-{found.quarter}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _count(snapshot: dict[str, Any], key: str) -> int | None:
    line = next((line for line in snapshot.get("lines", []) if line["key"] == key), None)
    return None if line is None or line["value"] is None else int(line["value"])
