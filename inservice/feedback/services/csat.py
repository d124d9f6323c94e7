"""Satisfaction after each request: asking, rating, closing the loop, the rules per service.

- `ask_after_resolution`: the hook tickets.services calls when a request is resolved; asks its
  requester once per request, as the service's rule samples and caps;
- `rate`: the score (1-5), once, from the request page, the email's link or the API; a low one
  opens a follow-up for the team's leads and may reopen the request, all in one transaction;
- `answer_follow_up`: a lead answers the requester, once;
- `set_survey_rule`: a lead of the owning team says how often the service asks;
- `seed_ratings`: ratings that already happened, written in bulk (the demo).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from inservice.catalog.models import Service
from inservice.feedback.models.csat import (
    LOW_SCORE,
    FollowUp,
    Rating,
    RatingChannel,
    RatingScore,
    SurveyRule,
)
from inservice.feedback.permissions_csat import can_answer_follow_up, can_set_rule
from inservice.lib.queries import unique
from inservice.lib.sentiment import score as read_tone
from inservice.notifications import services as notify
from inservice.notifications.choices import Kind
from inservice.org.choices import Role
from inservice.org.models import Person, Team
from inservice.sla import business
from inservice.tickets.choices import EntryKind, Status
from inservice.tickets.models import Ticket, TimelineEntry
from inservice.workflows.schedule import add_working_days

ASK_FOR_DAYS = 14  # a rating is taken this long after the request is resolved
FOLLOW_UP_DAYS = 2  # working days of the team's calendar the leads have to answer
MAX_COMMENT = 2_000
MAX_ANSWER = 5_000
MAX_EVERY = 1_000
MAX_CAP_DAYS = 365


def _on(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "j M Y")


# -- asking ----------------------------------------------------------------------------------


def ask_after_resolution(ticket: Ticket, now: datetime) -> Rating | None:
    """Asks the requester to rate a request just resolved, in the caller's transaction; None when
    not asked: asked before (a request reopened and resolved again is asked once), resolved
    before, a requester who has left, not sampled (one in N) or capped (asked recently)."""
    with transaction.atomic():
        if Rating.objects.filter(ticket_id=ticket.pk).exists():
            return None
        resolutions = TimelineEntry.objects.filter(
            ticket_id=ticket.pk, kind=EntryKind.STATUS, data__to=Status.RESOLVED.value
        )
        if resolutions.count() > 1:  # the one just written, and an earlier one
            return None
        if not Person.objects.filter(pk=ticket.requester_id, is_active=True).exists():
            return None
        rule = unique(SurveyRule.objects.select_for_update().filter(service_id=ticket.service_id))
        if rule is not None:
            # Every first resolution counts, asked or not: "one in N" of the service's requests.
            rule.resolved_count += 1
            SurveyRule.objects.filter(pk=rule.pk).update(resolved_count=rule.resolved_count)
            if (rule.resolved_count - 1) % rule.every:
                return None
            since = now - timedelta(days=rule.cap_days)
            recent = Rating.objects.asked_of(ticket.requester_id).asked_since(since)
            if rule.cap_days and recent.exists():
                return None
        return Rating.objects.create(
            ticket_id=ticket.pk,
            requester_id=ticket.requester_id,
            team_id=ticket.team_id,
            service_id=ticket.service_id,
            asked_at=now,
            expires_at=now + timedelta(days=ASK_FOR_DAYS),
        )


# -- rating ----------------------------------------------------------------------------------


def rating_problems(score: object, comment: str, reopen: bool) -> dict[str, list[str]]:
    """What is wrong with a rating before any row is read (empty when nothing is)."""
    errors: dict[str, list[str]] = {}
    if not isinstance(score, int) or isinstance(score, bool) or score not in RatingScore.values:
        errors["score"] = [_("Choose a score from 1 (very poor) to 5 (excellent).")]
    if len(comment) > MAX_COMMENT:
        errors["comment"] = [
            _("Keep the comment under %(n)s characters (it has %(len)s).")
            % {"n": f"{MAX_COMMENT:,}", "len": f"{len(comment):,}"}
        ]
    if reopen and "score" not in errors and isinstance(score, int) and score > LOW_SCORE:
        errors["reopen"] = [
            _(
                "Reopening goes with a score of 1 or 2: choose one of those, or leave the request as it is."
            )
        ]
    return errors


def rate(
    rating: Rating,
    score: object,
    *,
    comment: str = "",
    reopen: bool = False,
    channel: RatingChannel,
    actor: Person | None = None,
) -> Rating:
    """Records the requester's rating, once. `actor` is who signed in (request page, API), who
    must be the requester; None for the email's signed link, whose token is the authority.

    Refused, with nothing stored: a score outside 1-5, a comment too long, a second rating, a
    rating after it closed, reopening with a score above 2 or once the request can no longer
    be reopened. A score of 2 or less opens a follow-up for the team's leads; with `reopen` the
    request is reopened as its requester, in the same transaction."""
    if actor is not None and actor.pk != rating.requester_id:
        raise PermissionDenied(_("Only the person who asked rates the request."))
    comment = comment.strip()
    errors = rating_problems(score, comment, reopen)
    if errors:
        raise ValidationError(errors)
    assert isinstance(score, int)
    now = timezone.now()
    with transaction.atomic():
        current = Rating.objects.select_for_update().get(pk=rating.pk)
        if current.rated_at is not None:
            raise ValidationError(
                {
                    "score": _("You already rated this request on %(day)s.")
                    % {"day": _on(current.rated_at)}
                }
            )
        if now >= current.expires_at:
            raise ValidationError(
                {
                    "score": _(
                        "Ratings are taken for %(days)s days after a request is resolved; this "
                        "one closed on %(day)s."
                    )
                    % {"days": ASK_FOR_DAYS, "day": _on(current.expires_at)}
                }
            )
        tone = read_tone(comment) if comment else None
        current.score = score
        current.comment = comment
        current.tone = tone.tone if tone else ""
        current.tone_score = tone.compound if tone else None
        current.rated_at = now
        current.channel = channel
        current.reopened = reopen
        current.save()
        if reopen:
            _reopen(current)
        if score <= LOW_SCORE:
            _open_follow_up(current, now)
    return current


def _reopen(rating: Rating) -> None:
    """The request reopened as its requester, through the one transition service: its own rules
    (the reopen window) apply, and its refusal is this rating's."""
    from inservice.tickets import services as tickets
    from inservice.tickets.lifecycle import Action, IllegalTransition

    ticket = Ticket.objects.select_related("requester").get(pk=rating.ticket_id)
    try:
        tickets.transition(ticket.requester, ticket, Action.REOPEN)
    except IllegalTransition as exc:
        raise ValidationError({"reopen": exc.message}) from exc
    except (ValidationError, PermissionDenied) as exc:
        raise ValidationError({"reopen": _("This request can no longer be reopened.")}) from exc


def _open_follow_up(rating: Rating, now: datetime) -> FollowUp:
    team = Team.objects.select_related("calendar").get(pk=rating.team_id)
    follow_up = FollowUp.objects.create(
        rating=rating,
        team=team,
        created_at=now,
        due_at=add_working_days(business.for_team(team), now, FOLLOW_UP_DAYS),
    )
    ticket = Ticket.objects.only("key", "subject").get(pk=rating.ticket_id)
    notify.notify_people(
        Kind.LOW_RATING,
        leads_of(team),
        f"{Kind.LOW_RATING.value}:{follow_up.pk}",
        title=f"{ticket.key} {ticket.subject}",
        link=reverse("feedback:follow_up", args=[follow_up.pk]),
    )
    return follow_up


def leads_of(team: Team | int) -> list[Person]:
    people = Person.objects.filter(
        is_active=True, memberships__team=team, memberships__role=Role.LEAD
    )
    return list(people.distinct().order_by("pk"))


# -- closing the loop ------------------------------------------------------------------------


def answer_follow_up(actor: Person, follow_up: FollowUp, answer: str) -> FollowUp:
    """A lead of the team (or an administrator) answers the requester of a low rating, once;
    the requester is told in the app and by email."""
    if not can_answer_follow_up(actor, follow_up):
        raise PermissionDenied(_("Only a lead of the team answers this rating."))
    text = answer.strip()
    if not text:
        raise ValidationError({"answer": _("Write your answer to the requester first.")})
    if len(text) > MAX_ANSWER:
        raise ValidationError(
            {"answer": _("Keep the answer under %(n)s characters.") % {"n": f"{MAX_ANSWER:,}"}}
        )
    now = timezone.now()
    with transaction.atomic():
        current = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if current.answered_at is not None:
            who = current.answered_by
            raise ValidationError(
                {
                    "answer": _("%(who)s answered this rating on %(day)s already.")
                    % {"who": who or _("A lead"), "day": _on(current.answered_at)}
                }
            )
        tone = read_tone(text)
        current.answer = text
        current.tone = tone.tone
        current.tone_score = tone.compound
        current.answered_at = now
        current.answered_by = actor
        current.save()
        rating = Rating.objects.select_related("ticket", "requester").get(pk=current.rating_id)
        if rating.requester.is_active:
            notify.notify_people(
                Kind.LOOP_CLOSED,
                [rating.requester],
                f"{Kind.LOOP_CLOSED.value}:{current.pk}",
                title=f"{rating.ticket.key} {rating.ticket.subject}",
                link=reverse("tickets:detail", args=[rating.ticket.key]),
            )
    return current


# -- rules per service -----------------------------------------------------------------------


def rule_problems(every: object, cap_days: object) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not isinstance(every, int) or not 1 <= every <= MAX_EVERY:
        errors["every"] = [
            _("Ask one in N requests: N is a whole number from 1 (every request) to %(max)s.")
            % {"max": f"{MAX_EVERY:,}"}
        ]
    if not isinstance(cap_days, int) or not 0 <= cap_days <= MAX_CAP_DAYS:
        errors["cap_days"] = [
            _("The cap is a number of days from 0 (no cap) to %(max)s.") % {"max": MAX_CAP_DAYS}
        ]
    return errors


def set_survey_rule(actor: Person, service: Service, every: int, cap_days: int) -> SurveyRule:
    """How often the service's requesters are asked, set by a lead of the owning team (or an
    administrator). The sampling counter carries on."""
    if not can_set_rule(actor, service):
        raise PermissionDenied(
            _("Only a lead of the owning team sets when its requesters are asked.")
        )
    errors = rule_problems(every, cap_days)
    if errors:
        raise ValidationError(errors)
    rule, _created = SurveyRule.objects.update_or_create(
        service=service,
        defaults={
            "every": every,
            "cap_days": cap_days,
            "updated_by": actor,
            "updated_at": timezone.now(),
        },
    )
    return rule


# -- seeding ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PastRating:
    """A rating that already happened (demo history): asked when `ticket` was resolved."""

    ticket_id: int
    requester_id: int
    team_id: int
    service_id: int
    asked_at: datetime
    score: int | None = None  # None: asked, never answered
    rated_at: datetime | None = None
    comment: str = ""
    channel: str = RatingChannel.EMAIL
    follow_up_due_at: datetime | None = None  # a low score's follow-up
    answered_at: datetime | None = None
    answered_by_id: int | None = None
    answer: str = ""


def seed_ratings(rows: Sequence[PastRating], batch_size: int = 1_000) -> int:
    """Writes past ratings and their follow-ups in bulk, for seeding only: no hooks, nothing
    announced. Rows must obey the models' rules (a follow-up only for a score of 2 or less)."""
    with transaction.atomic():
        ratings = Rating.objects.bulk_create(
            [_past_rating(row) for row in rows], batch_size=batch_size
        )
        follow_ups = [
            _past_follow_up(rating, row)
            for rating, row in zip(ratings, rows, strict=True)
            if row.follow_up_due_at is not None
        ]
        FollowUp.objects.bulk_create(follow_ups, batch_size=batch_size)
    return len(ratings)


def _past_rating(row: PastRating) -> Rating:
    tone = read_tone(row.comment) if row.comment else None
    return Rating(
        ticket_id=row.ticket_id,
        requester_id=row.requester_id,
        team_id=row.team_id,
        service_id=row.service_id,
        asked_at=row.asked_at,
        expires_at=row.asked_at + timedelta(days=ASK_FOR_DAYS),
        rated_at=row.rated_at if row.score is not None else None,
        score=row.score,
        comment=row.comment,
        tone=tone.tone if tone else "",
        tone_score=tone.compound if tone else None,
        channel=row.channel if row.score is not None else "",
    )


def _past_follow_up(rating: Rating, row: PastRating) -> FollowUp:
    assert row.follow_up_due_at is not None
    assert rating.rated_at is not None
    tone = read_tone(row.answer) if row.answer else None
    return FollowUp(
        rating=rating,
        team_id=row.team_id,
        created_at=rating.rated_at,
        due_at=row.follow_up_due_at,
        answered_at=row.answered_at if row.answer else None,
        answered_by_id=row.answered_by_id if row.answer else None,
        answer=row.answer,
        tone=tone.tone if tone else "",
        tone_score=tone.compound if tone else None,
    )
