"""Flagging a marked rise in negative feedback about a team to its leads (feedback.trends)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from inservice.feedback import sentiment_sources, trends
from inservice.feedback.anonymity import DEFAULT_MIN_GROUP
from inservice.notifications import services as notify
from inservice.notifications.choices import Kind
from inservice.org.choices import Role
from inservice.org.models import Person, Team


def flag_rise(team_id: int, today: date) -> bool:
    """Tells the team's leads when negative feedback rose markedly in the last 7 days; at most
    once per team and ISO week (the notification's event key). True when a rise was found."""
    team = Team.objects.filter(pk=team_id).first()
    if team is None:
        return False
    recent, base = sentiment_sources.windows(team, today, DEFAULT_MIN_GROUP)
    rise = trends.marked_rise(recent.negative, recent.texts, base.negative, base.texts)
    if rise is None:
        return False
    leads = Person.objects.filter(
        is_active=True, memberships__team=team, memberships__role=Role.LEAD
    ).distinct()
    year, week, _day = today.isocalendar()
    notify.notify_people(
        Kind.NEGATIVE_RISE,
        leads.order_by("pk"),
        f"{Kind.NEGATIVE_RISE.value}:{team.pk}:{year}-W{week:02d}",
        title=_("%(team)s: %(n)s of %(total)s texts read negative this week")
        % {"team": team.name, "n": rise.recent_negative, "total": rise.recent_texts},
        link=reverse("feedback:team_sentiment", args=[team.slug]),
    )
    return True
