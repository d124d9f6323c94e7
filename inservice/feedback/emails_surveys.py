"""The emails asking people to answer a survey and reminding those who have not.

Their event keys name the survey ("survey_invite:<id>", "survey_remind:<id>", written by
services.surveys). They are read when the email goes out, so nothing is sent for a survey that
has closed meanwhile or to someone who has answered since. The email says what is stored: the
answers without the person's name, results only when the survey closes and for large enough
groups.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from inservice.feedback.models.surveys import Participation, Survey, SurveyState
from inservice.feedback.services.surveys import answer_path
from inservice.lib.queries import unique
from inservice.notifications.choices import Kind
from inservice.notifications.models import Delivery
from inservice.notifications.rendering import render_message

TEMPLATES = {
    Kind.SURVEY_INVITE: "notifications/email/survey_invite",
    Kind.SURVEY_REMINDER: "notifications/email/survey_remind",
}


def render(delivery: Delivery) -> EmailMultiAlternatives | None:
    base = TEMPLATES.get(Kind(delivery.kind))
    _kind, _sep, survey_id = delivery.event_key.partition(":")
    if base is None or not survey_id.isdigit():
        return None
    survey = unique(
        Survey.objects.select_related("owner").filter(pk=int(survey_id), state=SurveyState.OPEN)
    )
    if survey is None:
        return None
    waiting = Participation.objects.filter(
        survey=survey, person_id=delivery.recipient_id, answered=False
    )
    if not waiting.exists():
        return None
    context = {
        "person": delivery.recipient,
        "survey": survey,
        "answer_url": settings.SITE_URL + answer_path(survey),
        "site_name": settings.SITE_NAME,
        "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
    }
    return render_message(base, context, delivery.to_address)
