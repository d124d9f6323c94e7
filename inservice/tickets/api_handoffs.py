"""The handoff report over the API: the figures of the page under /manage/handoffs/, for the same
people (leads: the pairs of the teams they lead; administrators: every pair; anyone else: 404).

Dates are days in the caller's time zone, checked by the page's own form (ReportForm); a wrong
one is a 422 naming it. One item per pair of teams, so the list is never paged.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, QueryDict
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from inservice.lib.api import form_problems, unprocessable
from inservice.lib.timezones import zone_or_utc
from inservice.org.api_auth import caller
from inservice.org.schemas import TeamRef
from inservice.tickets import handoff_report as handoffs

router = Router(tags=["handoffs"])


class HandoffQuery(Schema):
    start: str = Field(
        "",
        description="The first day (YYYY-MM-DD, your time zone); by default 90 days up to `end`.",
    )
    end: str = Field("", description="The last day, included (YYYY-MM-DD); by default today.")
    team: str = Field(
        "", description="Only the pairs of one of your teams (its slug); by default all of them."
    )


class PairOut(Schema):
    from_team: TeamRef
    to_team: TeamRef
    transfers: int = Field(
        description="Transfers from one to the other that arrived in the period."
    )
    acted: int = Field(description="Of them, those the receiving team has acted on.")
    median_minutes: float | None = Field(
        description="Median time from arrival to the receiving team's first action, in business "
        "minutes of its calendar; null when none was acted on."
    )
    p90_minutes: float | None = Field(description="The 90th percentile of the same.")
    bounces: int = Field(description="Transfers the receiving team sent straight back.")
    reasons: dict[str, int] = Field(
        description="Transfers by reason (empty: made before reasons were asked for)."
    )


class HandoffReport(Schema):
    start: date
    end: date
    units: str
    items: list[PairOut]


@router.get("/handoffs", response=HandoffReport, summary="Handoffs between teams")
def handoff_report(request: HttpRequest, query: Query[HandoffQuery]) -> dict[str, Any]:
    """Each pair of teams a request went between in the period, the busiest first."""
    person = caller(request)
    scope = handoffs.scope_of(person)
    if scope is not None and not scope:
        raise Http404
    teams = handoffs.teams_in(scope)
    zone = zone_or_utc(person.time_zone)
    params = QueryDict(mutable=True)
    params.update({"start": query.start, "end": query.end, "team": query.team})
    form = handoffs.ReportForm(params, teams=teams, today=timezone.now().astimezone(zone).date())
    if not form.is_valid():
        raise unprocessable(form_problems(form, ("query",)))
    data, chosen = form.cleaned_data, form.chosen_team()
    start, end = handoffs.period_bounds(data["start"], data["end"], zone)
    rows = handoffs.report(start, end, frozenset({chosen.pk}) if chosen is not None else scope)
    return {
        "start": data["start"],
        "end": data["end"],
        "units": handoffs.UNITS,
        "items": [
            {
                "from_team": r.from_team,
                "to_team": r.to_team,
                "transfers": r.transfers,
                "acted": r.acted,
                "median_minutes": _rounded(r.median_minutes),
                "p90_minutes": _rounded(r.p90_minutes),
                "bounces": r.bounces,
                "reasons": dict(r.reasons),
            }
            for r in rows
        ],
    }


def _rounded(minutes: float | None) -> float | None:
    return None if minutes is None else round(minutes, 1)
