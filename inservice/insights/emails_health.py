"""The email telling a team's leads that a quarterly health check waits for their commentary.

notifications.emails.render_email hands the health check kind here; the event key names the
check ("health_check:<id>", insights.services_health). The check is read when the email goes
out; nothing is sent for a check that is gone or to someone who no longer leads the team.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from inservice.insights.models_health import HealthCheck
from inservice.insights.permissions_health import edits
from inservice.lib.queries import unique
from inservice.notifications.models import Delivery
from inservice.notifications.rendering import render_message

TEMPLATE = "notifications/email/health_check"


def render(delivery: Delivery) -> EmailMultiAlternatives | None:
    _kind, _sep, check_id = delivery.event_key.partition(":")
    if not check_id.isdigit():
        return None
    check = unique(HealthCheck.objects.select_related("team").filter(pk=int(check_id)))
    person = delivery.recipient
    if check is None or not edits(person, check.team):
        return None
    url = reverse("insights:health_check", args=[check.team.slug, check.quarter])
    context = {
        "person": person,
        "check": check,
        "team": check.team,
        "summary": check.summary,
        "check_url": settings.SITE_URL + url,
        "site_name": settings.SITE_NAME,
        "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
    }
    return render_message(TEMPLATE, context, delivery.to_address)
