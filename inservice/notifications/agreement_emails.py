"""The email reminding a lead that a service agreement of their team is due for review.

Like a digest it is about no request: its event key names the agreement and the review date
("agreement_review:<id>:<date>", written by workflows.services.remind_review). It is read when the
email goes out, so a retry shows the agreement as it is then; nothing is sent for an agreement
that has ended, whose review date has moved, or to someone who no longer leads either team.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from inservice.lib.queries import unique
from inservice.notifications.models import Delivery
from inservice.notifications.rendering import render_message
from inservice.workflows.models import Agreement


def render_review_reminder(delivery: Delivery) -> EmailMultiAlternatives | None:
    _kind, _sep, rest = delivery.event_key.partition(":")
    agreement_id, _sep, review_on = rest.partition(":")
    if not agreement_id.isdigit():
        return None
    agreement = unique(
        Agreement.objects.select_related("provider", "receiver").filter(pk=int(agreement_id))
    )
    person = delivery.recipient
    if agreement is None or agreement.review_on.isoformat() != review_on:
        return None
    if not {agreement.provider_id, agreement.receiver_id} & person.lead_team_ids():
        return None
    url = reverse("workflows:agreement_detail", args=[agreement.pk])
    context = {
        "person": person,
        "agreement": agreement,
        "agreement_url": settings.SITE_URL + url,
        "site_name": settings.SITE_NAME,
        "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
    }
    return render_message("notifications/email/agreement_review", context, delivery.to_address)
