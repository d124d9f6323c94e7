"""The handoff report page, for leads (the pairs of teams they lead) and administrators (every
pair), under /manage/; anyone else gets 404. The figures come from tickets.handoff_report.

The filters are a GET form: with htmx only the report below them is answered (422 with the
problems when the period is wrong), without it the whole page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from inservice.lib.htmx import is_fragment
from inservice.lib.requests import person_of
from inservice.org.models import Team
from inservice.sla import business
from inservice.sla.display import business_span, day_minutes
from inservice.tickets import handoff_report as handoffs
from inservice.tickets.choices import TransferReason


@dataclass(frozen=True)
class Row:
    """A pair of teams as the page shows it: times in words, in the receiving team's calendar."""

    pair: handoffs.PairRow
    median_words: str
    p90_words: str
    reasons: list[tuple[str, int]]  # (label, transfers)


def _words(minutes: float | None, team: Team) -> str:
    if minutes is None:
        return ""
    return business_span(minutes, day_minutes(business.for_team(team)))


def _label(reason: str) -> str:
    if reason in TransferReason.values:
        return str(TransferReason(reason).label)
    return _("reason not recorded")  # transfers made before a reason was asked for


def rows_of(pairs: list[handoffs.PairRow]) -> list[Row]:
    return [
        Row(
            pair=p,
            median_words=_words(p.median_minutes, p.to_team),
            p90_words=_words(p.p90_minutes, p.to_team),
            reasons=[(_label(reason), n) for reason, n in p.reasons],
        )
        for p in pairs
    ]


@require_GET
def handoff_report(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    scope = handoffs.scope_of(person)
    if scope is not None and not scope:
        raise Http404  # not a lead: the page does not exist for them
    teams = handoffs.teams_in(scope)
    form = handoffs.ReportForm(request.GET, teams=teams, today=timezone.localdate())
    context: dict[str, Any] = {"form": form, "teams": teams, "units": handoffs.UNITS}
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        chosen = form.chosen_team()
        start, end = handoffs.period_bounds(
            data["start"], data["end"], timezone.get_current_timezone()
        )
        within = frozenset({chosen.pk}) if chosen is not None else scope
        context.update(
            start=data["start"],
            end=data["end"],
            team=chosen,
            rows=rows_of(handoffs.report(start, end, within)),
        )
    else:
        status = 422
    template = "tickets/partials/handoff_report.html" if is_fragment(request) else None
    return render(request, template or "tickets/handoff_report.html", context, status=status)
