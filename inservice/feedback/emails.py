"""Emails about feedback (no request of their own): each area renders its own kinds.

notifications.emails.render_email hands these kinds here; each area's `emails_<area>.render`
reads what the event key names when the email goes out and answers None when there is nothing
(left) to send. Templates: `feedback/templates/notifications/email/<kind>{_subject.txt,.txt,.html}`.
"""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives

from inservice.notifications.choices import Kind
from inservice.notifications.models import Delivery

CSAT_KINDS = {Kind.LOW_RATING, Kind.LOOP_CLOSED}
SUGGESTION_KINDS = {
    Kind.SUGGESTION,
    Kind.SUGGESTION_ANSWER,
    Kind.SUGGESTION_LATE,
    Kind.CONCERN,
    Kind.CONCERN_ANSWER,
}
SURVEY_KINDS = {Kind.SURVEY_INVITE, Kind.SURVEY_REMINDER}
NPS_KINDS = {Kind.NPS_INVITE}
TREND_KINDS = {Kind.NEGATIVE_RISE}
FEEDBACK_KINDS = CSAT_KINDS | SUGGESTION_KINDS | SURVEY_KINDS | NPS_KINDS | TREND_KINDS


def render_feedback_email(delivery: Delivery) -> EmailMultiAlternatives | None:
    from inservice.feedback import (
        emails_csat,
        emails_nps,
        emails_suggestions,
        emails_surveys,
        emails_trends,
    )

    kind = Kind(delivery.kind)
    if kind in CSAT_KINDS:
        return emails_csat.render(delivery)
    if kind in SUGGESTION_KINDS:
        return emails_suggestions.render(delivery)
    if kind in SURVEY_KINDS:
        return emails_surveys.render(delivery)
    if kind in NPS_KINDS:
        return emails_nps.render(delivery)
    return emails_trends.render(delivery)
