"""The email inviting someone to answer an NPS campaign (Kind.NPS_INVITE).

Its event key names the campaign ("nps_invite:<survey id>", written by the engine's open_survey
for the campaign's sample). It is read when the email goes out, so nothing is sent once the
campaign is no longer open, to someone who was not invited, or to someone who has answered
already (a retry after they answered would only be noise).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from inservice.feedback.models.surveys import Participation, Survey, SurveyState
from inservice.feedback.services import nps
from inservice.lib.queries import unique
from inservice.notifications.models import Delivery
from inservice.notifications.rendering import render_message


def render(delivery: Delivery) -> EmailMultiAlternatives | None:
    _kind, _sep, rest = delivery.event_key.partition(":")
    if not rest.isdigit():
        return None
    survey = unique(
        Survey.objects.nps().select_related("owner").filter(pk=int(rest), state=SurveyState.OPEN)
    )
    if survey is None:
        return None
    person = delivery.recipient
    waiting = Participation.objects.filter(survey=survey, person=person, answered=False)
    if not waiting.exists():
        return None
    score_question, _reason = nps.questions_of(survey)
    context = {
        "person": person,
        "survey": survey,
        "team": survey.owner,
        "question": score_question.text,
        "answer_url": settings.SITE_URL + reverse("feedback:nps_answer", args=[survey.pk]),
        "site_name": settings.SITE_NAME,
        "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
    }
    return render_message("notifications/email/nps_invite", context, delivery.to_address)
