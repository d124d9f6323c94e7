"""How what a team's internal customers write reads, over time: a page and the team page's block."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from inservice.catalog.models import Service
from inservice.feedback import sentiment_sources, trends
from inservice.feedback.anonymity import DEFAULT_MIN_GROUP
from inservice.feedback.permissions import get_team_for_feedback
from inservice.lib.requests import person_of

SERVICE_DAYS = 90
BLOCK_WEEKS = 4


@require_GET
def team_sentiment(request: HttpRequest, slug: str) -> HttpResponse:
    """Twelve weeks of tone, and the team's services over 90 days, for its members and leads."""
    team = get_team_for_feedback(person_of(request), slug)
    today = timezone.localdate()
    since = trends.monday(today) - timedelta(weeks=trends.WEEKS - 1)
    trend = trends.weekly(sentiment_sources.weekly_counts(team, since), today, DEFAULT_MIN_GROUP)
    tones = sentiment_sources.by_service(team, today - timedelta(days=SERVICE_DAYS))
    names = dict(Service.objects.filter(pk__in=tones).values_list("pk", "name"))
    services = sorted(
        ((names.get(key, "?"), tone) for key, tone in tones.items()),
        key=lambda pair: (-pair[1].negative_share, pair[0]),
    )
    recent, base = sentiment_sources.windows(team, today, DEFAULT_MIN_GROUP)
    context = {
        "team": team,
        "trend": trend,
        "services": services,
        "service_days": SERVICE_DAYS,
        "rise": trends.marked_rise(recent.negative, recent.texts, base.negative, base.texts),
        "min_group": DEFAULT_MIN_GROUP,
    }
    return render(request, "feedback/trends/team.html", context)


@require_GET
def team_sentiment_block(request: HttpRequest, slug: str) -> HttpResponse:
    """The last four weeks in a few figures, loaded after the team page."""
    team = get_team_for_feedback(person_of(request), slug)
    today = timezone.localdate()
    since = trends.monday(today) - timedelta(weeks=BLOCK_WEEKS - 1)
    trend = trends.weekly(
        sentiment_sources.weekly_counts(team, since), today, DEFAULT_MIN_GROUP, BLOCK_WEEKS
    )
    recent, base = sentiment_sources.windows(team, today, DEFAULT_MIN_GROUP)
    context = {
        "team": team,
        "trend": trend,
        "rise": trends.marked_rise(recent.negative, recent.texts, base.negative, base.texts),
    }
    return render(request, "feedback/trends/block.html", context)
