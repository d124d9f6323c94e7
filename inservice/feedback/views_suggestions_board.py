"""The "you said, we did" board (everyone's), a team's inbox of suggestions (its members and
leads, and administrators), and the suggestions block on a team's page. Reads only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from inservice.feedback.forms_suggestions import ORGANISATION
from inservice.feedback.models.suggestions import (
    ANSWER_STATUSES,
    Suggestion,
    SuggestionMeasures,
    SuggestionQuerySet,
)
from inservice.feedback.permissions_suggestions import get_inbox, handles
from inservice.lib.paging import CappedPaginator
from inservice.lib.requests import person_of
from inservice.org.models import Team
from inservice.org.permissions import get_team

PAGE_SIZE = 25
PERIOD_DAYS = 90  # the measures look at suggestions received in the last 90 days


@dataclass(frozen=True)
class MeasureRow:
    name: str
    slug: str  # "" for the whole organisation
    measures: SuggestionMeasures


def measured(
    suggestions: SuggestionQuerySet, now: datetime
) -> dict[int | None, SuggestionMeasures]:
    """Measures per team of the suggestions received in the last PERIOD_DAYS days (one query).
    Only those that have reached their team count: a count that went up the moment an anonymous
    suggestion was sent would say when it was sent."""
    start = now - timedelta(days=PERIOD_DAYS)
    received = suggestions.reached(now).received_between(start, now + timedelta(days=1))
    return received.measures(now)


def measure_rows(suggestions: SuggestionQuerySet, now: datetime) -> list[MeasureRow]:
    """`measured` with the teams' names (one more query), the whole organisation first, then by
    name."""
    found = measured(suggestions, now)
    ids = [pk for pk in found if pk is not None]
    teams = {t.pk: t for t in Team.objects.filter(pk__in=ids).only("pk", "name", "slug")}
    rows = [
        MeasureRow(teams[pk].name, teams[pk].slug, m)
        for pk, m in found.items()
        if pk is not None and pk in teams
    ]
    rows.sort(key=lambda row: row.name.lower())
    if None in found:
        rows.insert(0, MeasureRow(_("The whole organisation"), "", found[None]))
    return rows


@require_GET
def suggestion_board(request: HttpRequest) -> HttpResponse:
    """Every answered suggestion and what came of it, newest answer first; by team (a slug, or
    "organisation") and status. Never who made an anonymous one."""
    now = timezone.now()
    slug = request.GET.get("team", "").strip()
    status = request.GET.get("status", "")
    status = status if status in ANSWER_STATUSES else ""  # an unknown status filters nothing
    suggestions = Suggestion.objects.for_board()
    measured = Suggestion.objects.all()
    team: Team | None = None
    whole_org = slug == ORGANISATION
    if whole_org:
        suggestions, measured = suggestions.of_team(None), measured.of_team(None)
    elif slug:
        team = get_team(slug)
        suggestions, measured = suggestions.of_team(team), measured.of_team(team)
    if status:
        suggestions = suggestions.filter(status=status)
    suggestions = suggestions.order_by("-last_answered_at", "-id")
    page = CappedPaginator(suggestions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode([(k, v) for k, v in (("team", slug), ("status", status)) if v])
    context: dict[str, Any] = {
        "page": page,
        "suggestions": list(page.object_list),
        "measures": measure_rows(measured, now),
        "period_days": PERIOD_DAYS,
        "team": team,
        "whole_org": whole_org,
        "status": status,
        "teams": list(Team.objects.order_by("name").only("name", "slug")),
        "statuses": [(s.value, s.label) for s in ANSWER_STATUSES],
        "query": query,
        "nav": "feedback",
    }
    return render(request, "feedback/suggestions/board.html", context)


@dataclass(frozen=True)
class InboxRow:
    suggestion: Suggestion
    overdue: bool


def _inbox(request: HttpRequest, slug: str | None) -> HttpResponse:
    person = person_of(request)
    team, owner = get_inbox(person, slug)
    now = timezone.now()
    rows = Suggestion.objects.of_team(team).reached(now).for_inbox()
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "team": team,
        "owner": owner,
        "page": page,
        "rows": [InboxRow(s, s.is_overdue(now)) for s in page.object_list],
        "measures": measure_rows(Suggestion.objects.of_team(team), now),
        "period_days": PERIOD_DAYS,
        "nav": "feedback",
    }
    return render(request, "feedback/suggestions/inbox.html", context)


@require_GET
def suggestion_inbox(request: HttpRequest, slug: str) -> HttpResponse:
    """A team's suggestions, those awaiting a first answer first, soonest due first."""
    return _inbox(request, slug)


@require_GET
def suggestion_inbox_org(request: HttpRequest) -> HttpResponse:
    """The organisation-wide suggestions, for the team that answers them (or administrators)."""
    return _inbox(request, None)


@require_GET
def suggestion_team_block(request: HttpRequest, slug: str) -> HttpResponse:
    """The suggestions block on a team's page (loaded after the page): its measures over the
    last 90 days, and the ways to make a suggestion, raise a concern, or (for its members)
    answer."""
    person = person_of(request)
    team = get_team(slug)
    context = {
        "team": team,
        "measures": measured(Suggestion.objects.of_team(team), timezone.now()).get(team.pk),
        "period_days": PERIOD_DAYS,
        "handles": handles(person, team),
    }
    return render(request, "feedback/suggestions/partials/team_block.html", context)
