"""A survey's life after it is built: opened on its day (one participation per person asked, each
told), reminded once before it closes, closed on its day or earlier by an owner (which releases
its results), and the periodic sweep's look-ups. Used through services.surveys."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from inservice.feedback.models.surveys import (
    Answer,
    Participation,
    Response,
    Survey,
    SurveyKind,
    SurveyState,
    random_key,
)
from inservice.feedback.permissions_surveys import can_run_survey
from inservice.lib.queries import unique
from inservice.notifications import services as notify
from inservice.notifications.choices import Kind
from inservice.org.models import Person, Team

REMIND_DAYS_BEFORE = 2
BATCH = 500


def answer_path(survey: Survey) -> str:
    """The page where the people asked answer: an NPS campaign's own (views_nps_answer), or the
    survey answer page (which also takes a campaign's answers, for any link already sent)."""
    name = "feedback:nps_answer" if survey.kind == SurveyKind.NPS else "feedback:survey_answer"
    return reverse(name, args=[survey.pk])


def audience_of(survey: Survey) -> list[Person]:
    """The active people a pulse survey asks, by id: everyone, or those whose team (or a team
    they serve in) is one of the audience's teams or under one of its departments."""
    people = Person.objects.filter(is_active=True)
    if not survey.audience_everyone:
        teams = _with_descendants(set(survey.audience.values_list("pk", flat=True)))
        people = people.filter(Q(team_id__in=teams) | Q(memberships__team_id__in=teams))
    return list(people.distinct().only("pk", "email").order_by("pk"))


def _with_descendants(team_ids: set[int]) -> set[int]:
    found, level = set(team_ids), set(team_ids)
    while level:  # one query per level of the organisation chart
        level = set(Team.objects.filter(parent_id__in=level).values_list("pk", flat=True)) - found
        found |= level
    return found


def open_survey(
    survey_id: int,
    today: date,
    *,
    people: Sequence[int] | None = None,
    invite: Kind = Kind.SURVEY_INVITE,
) -> bool:
    """Opens a draft whose day has come (and whose closing day has not): one participation per
    person asked (the audience, or `people`: an NPS campaign's sample) written in the order of
    people, `invited` set, and each person told once (`invite`). Safe to run again: False when
    there was nothing (left) to do."""
    with transaction.atomic():
        survey = unique(
            Survey.objects.select_for_update().filter(
                pk=survey_id, state=SurveyState.DRAFT, opens_on__lte=today, closes_on__gt=today
            )
        )
        if survey is None:
            return False
        if people is None:
            asked = audience_of(survey)
        else:
            chosen = Person.objects.filter(pk__in=list(people), is_active=True)
            asked = list(chosen.only("pk", "email").order_by("pk"))
        Participation.objects.bulk_create(
            (Participation(survey=survey, person=person) for person in asked), batch_size=BATCH
        )
        Survey.objects.filter(pk=survey.pk).update(state=SurveyState.OPEN, invited=len(asked))
        notify.notify_people(
            invite,
            asked,
            f"{invite.value}:{survey.pk}",
            title=survey.title,
            link=answer_path(survey),
        )
    return True


def open_now(actor: Person, survey: Survey, *, today: date) -> None:
    """Opens a draft due to open today at once, rather than at the next hourly sweep."""
    if not can_run_survey(actor, survey.owner_id):
        raise PermissionDenied(_("Only a lead of the owning team can open this survey."))
    if survey.state != SurveyState.DRAFT:
        raise ValidationError({"survey": _("This survey is already open or closed.")})
    if survey.opens_on != today:
        raise ValidationError(
            {
                "opens_on": _(
                    "This survey opens on %(date)s: change its opening day to today to open it now."
                )
                % {"date": survey.opens_on.isoformat()}
            }
        )
    open_survey(survey.pk, today)


def remind(survey_id: int, today: date) -> int:
    """Tells the people who have not answered that the survey closes soon, once per survey, from
    REMIND_DAYS_BEFORE days before it closes. Returns how many were told (0: nothing to do)."""
    with transaction.atomic():
        survey = unique(
            Survey.objects.select_for_update().filter(
                pk=survey_id,
                state=SurveyState.OPEN,
                reminded_on__isnull=True,
                closes_on__gt=today,
                closes_on__lte=today + timedelta(days=REMIND_DAYS_BEFORE),
            )
        )
        if survey is None:
            return 0
        Survey.objects.filter(pk=survey.pk).update(reminded_on=today)
        waiting = Participation.objects.filter(survey=survey, answered=False).values("person_id")
        people = list(
            Person.objects.filter(pk__in=waiting, is_active=True).only("pk", "email").order_by("pk")
        )
        kind = Kind.SURVEY_REMINDER
        notify.notify_people(
            kind, people, f"{kind.value}:{survey.pk}", title=survey.title, link=answer_path(survey)
        )
    return len(people)


def close_survey(survey_id: int, today: date) -> bool:
    """Closes an open survey whose closing day has come, which releases its results. Safe to run
    again: False when there was nothing (left) to do."""
    with transaction.atomic():
        survey = unique(
            Survey.objects.select_for_update().filter(
                pk=survey_id, state=SurveyState.OPEN, closes_on__lte=today
            )
        )
        if survey is None:
            return False
        _release(survey)
    return True


def close_now(actor: Person, survey: Survey) -> None:
    """Closes an open survey before its day, by a lead of the owning team: no more answers, and
    the results are released (to groups of at least the minimum, as ever)."""
    if not can_run_survey(actor, survey.owner_id):
        raise PermissionDenied(_("Only a lead of the owning team can close this survey."))
    with transaction.atomic():
        locked = unique(
            Survey.objects.select_for_update().filter(pk=survey.pk, state=SurveyState.OPEN)
        )
        if locked is None:
            raise ValidationError({"survey": _("Only an open survey can be closed.")})
        _release(locked)


def _release(survey: Survey) -> None:
    """Rewrites the responses and answers under fresh random keys, inserted in a random order,
    so neither keys nor storage order keep anything of the order they came in; then closes."""
    shuffle = random.SystemRandom().shuffle
    responses = list(
        Response.objects.filter(survey=survey)
        .order_by()
        .values_list("pk", "department_id", "person_id")
    )
    answers = list(Answer.objects.filter(response__survey=survey).order_by())
    shuffle(responses)
    shuffle(answers)
    fresh = {
        pk: Response(id=random_key(), survey=survey, department_id=department, person_id=person)
        for pk, department, person in responses
    }
    Answer.objects.filter(response__survey=survey).delete()
    Response.objects.filter(survey=survey).delete()
    Response.objects.bulk_create(fresh.values(), batch_size=BATCH)
    Answer.objects.bulk_create(
        (
            Answer(
                id=random_key(),
                response_id=fresh[a.response_id].pk,
                question_id=a.question_id,
                number=a.number,
                chosen=a.chosen,
                text=a.text,
                tone=a.tone,
                tone_score=a.tone_score,
            )
            for a in answers
        ),
        batch_size=BATCH,
    )
    # On PostgreSQL an updated row records the transaction that wrote it (xmin): rewriting every
    # participation in this one leaves nothing that says in which order people answered.
    Participation.objects.filter(survey=survey).update(answered=F("answered"))
    Survey.objects.filter(pk=survey.pk).update(state=SurveyState.CLOSED)


# -- the periodic sweep's look-ups -----------------------------------------------------------------


def due_to_open(today: date) -> list[int]:
    """Draft pulse surveys whose opening day has come (NPS campaigns open with their sample)."""
    due = Survey.objects.pulse().filter(
        state=SurveyState.DRAFT, opens_on__lte=today, closes_on__gt=today
    )
    return list(due.order_by("opens_on", "pk").values_list("pk", flat=True))


def due_to_remind(today: date) -> list[int]:
    """Open pulse surveys closing within REMIND_DAYS_BEFORE days whose reminder has not gone."""
    horizon = today + timedelta(days=REMIND_DAYS_BEFORE)
    due = Survey.objects.pulse().open().filter(reminded_on__isnull=True, closes_on__lte=horizon)
    return list(due.order_by("closes_on", "pk").values_list("pk", flat=True))


def due_to_close(today: date) -> list[int]:
    """Open surveys of any kind whose closing day has come."""
    due = Survey.objects.open().filter(closes_on__lte=today)
    return list(due.order_by("closes_on", "pk").values_list("pk", flat=True))
