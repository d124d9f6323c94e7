"""Daily: look for a marked rise in negative feedback about each team that has a lead."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from inservice.feedback.services import trends
from inservice.org.choices import Role
from inservice.org.models import Membership


@shared_task
def flag_negative_rises() -> int:
    """Each team with a lead, checked once; the notification's event key keeps it to one flag
    per team and week however often this runs. Returns the teams flagged."""
    today = timezone.localdate()
    team_ids = (
        Membership.objects.filter(role=Role.LEAD).values_list("team_id", flat=True).distinct()
    )
    return sum(trends.flag_rise(team_id, today) for team_id in team_ids.order_by("team_id"))
