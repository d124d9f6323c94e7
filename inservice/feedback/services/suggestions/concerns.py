"""Concerns about a service received: raised in confidence with the team's lead (or the lead's
manager), answered once, escalated once when overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inservice.feedback import tasks_suggestions as tasks
from inservice.feedback.models.suggestions import MAX_TEXT, Concern
from inservice.feedback.permissions_suggestions import can_answer_concern
from inservice.feedback.services.suggestions._common import (
    BATCH,
    CONCERN_WITHIN_DAYS,
    administrators,
    concern_path,
    working_days_after,
)
from inservice.lib.queries import unique
from inservice.lib.sentiment import score
from inservice.lib.tasks import enqueue_on_commit
from inservice.notifications import services as notify
from inservice.notifications.choices import Kind
from inservice.org.choices import Role
from inservice.org.models import Person, Team
from inservice.sla import business
from inservice.tickets.models import Ticket


@dataclass(frozen=True)
class NewConcern:
    team: Team
    body: str
    about_lead: bool = False
    ticket: Ticket | None = None


# -- concerns -------------------------------------------------------------------------------


def addressee_for(team: Team, raiser: Person, about_lead: bool) -> Person | None:
    """Whom a concern about the team goes to: its lead (the longest-standing, when it has
    several), or the lead's manager when it is about the lead or the raiser is the lead; None
    (the administrators) when there is no such person, or it would be the raiser."""
    lead = unique(
        Person.objects.select_related("manager")
        .filter(is_active=True, memberships__team=team, memberships__role=Role.LEAD)
        .order_by("memberships__created_at", "memberships__pk")
    )
    if lead is None:
        return None
    if about_lead or lead.pk == raiser.pk:
        manager = lead.manager
        if manager is None or not manager.is_active or manager.pk == raiser.pk:
            return None
        return manager
    return lead


def raise_concern(person: Person, new: NewConcern, *, at: datetime | None = None) -> Concern:
    """A named, confidential concern about a team's service (or one of its requests), raised with
    its lead or, when about the lead, the lead's manager, who answer within 5 working days."""
    text = new.body.strip()
    if not text:
        raise ValidationError(
            {"body": [_("Describe your concern: what happened, and what you expected.")]}
        )
    if len(text) > MAX_TEXT:
        raise ValidationError(
            {"body": [_("Keep it to %(n)s characters or fewer.") % {"n": f"{MAX_TEXT:,}"}]}
        )
    if new.ticket is not None and new.ticket.team_id != new.team.pk:
        raise ValueError("a concern about a request is about the team holding it")
    now = at or timezone.now()
    tone = score(text)
    with transaction.atomic():
        concern = Concern.objects.create(
            raiser=person,
            team=new.team,
            ticket=new.ticket,
            about_lead=new.about_lead,
            addressee=addressee_for(new.team, person, new.about_lead),
            body=text,
            tone=tone.tone,
            tone_score=tone.compound,
            created_at=now,
            due_at=working_days_after(business.for_team(new.team), now, CONCERN_WITHIN_DAYS),
        )
        enqueue_on_commit(tasks.announce_concern, concern.pk)
    return concern


def answer_concern(
    person: Person, concern: Concern, answer: str, *, at: datetime | None = None
) -> Concern:
    """The answer of whoever the concern was raised with; its raiser is told."""
    if not can_answer_concern(person, concern):
        raise PermissionDenied(_("Only the person the concern was raised with answers it."))
    text = answer.strip()
    if not text:
        raise ValidationError({"answer": [_("Write your answer to the concern.")]})
    if len(text) > MAX_TEXT:
        raise ValidationError(
            {"answer": [_("Keep it to %(n)s characters or fewer.") % {"n": f"{MAX_TEXT:,}"}]}
        )
    now = at or timezone.now()
    tone = score(text)
    with transaction.atomic():
        locked = Concern.objects.select_for_update().get(pk=concern.pk)
        if locked.answered_at is not None:
            raise ValidationError({"answer": [_("This concern has already been answered.")]})
        locked.answer = text
        locked.answer_tone = tone.tone
        locked.answer_tone_score = tone.compound
        locked.answered_at = now
        locked.answered_by = person
        locked.save(
            update_fields=[
                "answer",
                "answer_tone",
                "answer_tone_score",
                "answered_at",
                "answered_by",
            ]
        )
        enqueue_on_commit(tasks.announce_concern_answer, locked.pk)
    return locked


def holders_of(concern: Concern) -> list[Person]:
    """Who is to answer the concern now: the person it was escalated to, else its addressee;
    the administrators when that is nobody."""
    person = concern.escalated_to if concern.escalated_at is not None else concern.addressee
    if concern.escalated_at is not None and person is None:
        return administrators()
    return [person] if person is not None else administrators()


def announce_concern(concern_id: int) -> int:
    concern = unique(Concern.objects.select_related("addressee", "team").filter(pk=concern_id))
    if concern is None or concern.answered_at is not None:
        return 0
    people = [concern.addressee] if concern.addressee is not None else administrators()
    return notify.notify_people(
        Kind.CONCERN,
        [p for p in people if p.pk != concern.raiser_id],
        f"concern:{concern.pk}:new",
        title=_("A concern about %(team)s") % {"team": concern.team},
        link=concern_path(concern),
    )


def announce_concern_answer(concern_id: int) -> int:
    concern = unique(Concern.objects.select_related("raiser", "team").filter(pk=concern_id))
    if concern is None or concern.answered_at is None or not concern.raiser.is_active:
        return 0
    return notify.notify_people(
        Kind.CONCERN_ANSWER,
        [concern.raiser],
        f"concern:{concern.pk}:answer",
        title=_("Your concern about %(team)s") % {"team": concern.team},
        link=concern_path(concern),
    )


def concerns_to_escalate(now: datetime) -> list[int]:
    due = Concern.objects.to_escalate(now).order_by("due_at", "pk")
    return list(due.values_list("pk", flat=True)[:BATCH])


def escalate_concern(concern_id: int, now: datetime) -> bool:
    """Raises an unanswered concern past its due time with the manager of its addressee (the
    administrators when there is none), once; its addressee may still answer."""
    with transaction.atomic():
        concern = unique(
            # Only the concern's own row: PostgreSQL locks no nullable side of a join.
            Concern.objects.select_for_update(of=("self",))
            .to_escalate(now)
            .select_related("addressee__manager", "team")
            .filter(pk=concern_id)
        )
        if concern is None:
            return False
        above = concern.addressee.manager if concern.addressee is not None else None
        if above is not None and (not above.is_active or above.pk == concern.raiser_id):
            above = None
        Concern.objects.filter(pk=concern.pk).update(escalated_at=now, escalated_to=above)
        concern.escalated_at, concern.escalated_to = now, above
        notify.notify_people(
            Kind.CONCERN,
            [p for p in holders_of(concern) if p.pk != concern.raiser_id],
            f"concern:{concern.pk}:escalated",
            title=_("An overdue concern about %(team)s") % {"team": concern.team},
            link=concern_path(concern),
        )
    return True
