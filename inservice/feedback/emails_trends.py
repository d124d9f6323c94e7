"""The email telling a lead that negative feedback about their team rose markedly.

Its event key names the team and the ISO week ("negative_rise:<team id>:<year>-W<week>"); the
figures are read when it goes out, and nothing is sent to someone who no longer leads the team.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone

from inservice.feedback import sentiment_sources
from inservice.feedback.anonymity import DEFAULT_MIN_GROUP
from inservice.notifications.models import Delivery
from inservice.notifications.rendering import render_message
from inservice.org.models import Team


def render(delivery: Delivery) -> EmailMultiAlternatives | None:
    team_id = delivery.event_key.split(":")[1] if ":" in delivery.event_key else ""
    team = Team.objects.filter(pk=int(team_id)).first() if team_id.isdigit() else None
    person = delivery.recipient
    if team is None or team.pk not in person.lead_team_ids():
        return None
    recent, base = sentiment_sources.windows(team, timezone.localdate(), DEFAULT_MIN_GROUP)
    context = {
        "person": person,
        "team": team,
        "recent": recent,
        "recent_share": round(100 * recent.negative / recent.texts) if recent.texts else 0,
        "base_share": round(100 * base.negative / base.texts) if base.texts else 0,
        "sentiment_url": settings.SITE_URL + reverse("feedback:team_sentiment", args=[team.slug]),
        "site_name": settings.SITE_NAME,
        "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
    }
    return render_message("notifications/email/negative_rise", context, delivery.to_address)
