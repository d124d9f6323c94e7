"""Suggestions: making one (anonymous by default), the team's answers, the submitter's replies."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from inservice.feedback import tasks_suggestions as tasks
from inservice.feedback.models.suggestions import (
    ANSWER_STATUSES,
    MAX_TEXT,
    MAX_TITLE,
    Side,
    Suggestion,
    SuggestionMessage,
    SuggestionStatus,
)
from inservice.feedback.permissions_suggestions import can_answer, is_author
from inservice.feedback.services.suggestions._common import (
    ANSWER_WITHIN_DAYS,
    Problems,
    anonymous_times,
    follow_path,
    table_for,
    working_days_after,
)
from inservice.lib.sentiment import score
from inservice.lib.tasks import enqueue_on_commit
from inservice.org.models import Person, Team
from inservice.org.services import token_digest


@dataclass(frozen=True)
class NewSuggestion:
    team: Team | None  # None: the whole organisation
    title: str
    body: str
    anonymous: bool = True


@dataclass(frozen=True)
class Submitted:
    suggestion: Suggestion
    secret: str  # the private link's secret (anonymous ones), shown once and never stored

    @property
    def follow_path(self) -> str:
        return follow_path(self.secret) if self.secret else ""


# -- suggestions ----------------------------------------------------------------------------


def suggestion_problems(title: str, body: str) -> Problems:
    errors: Problems = {}
    if not title.strip():
        errors["title"] = [_("Give your suggestion a short title.")]
    elif len(title.strip()) > MAX_TITLE:
        errors["title"] = [_("Keep the title to %(n)s characters or fewer.") % {"n": MAX_TITLE}]
    if not body.strip():
        errors["body"] = [_("Say what you suggest: an empty suggestion cannot be sent.")]
    elif len(body.strip()) > MAX_TEXT:
        errors["body"] = [_("Keep it to %(n)s characters or fewer.") % {"n": f"{MAX_TEXT:,}"}]
    return errors


def submit_suggestion(
    person: Person, new: NewSuggestion, *, at: datetime | None = None
) -> Submitted:
    """A suggestion to a team or the whole organisation. Anonymous (the default): `person` is
    not stored anywhere, the times are kept to the day and the team sees it from the end of
    that day; the private link's secret is in the answer, once. Named: the author follows it
    from their suggestions, and the team sees it at once."""
    errors = suggestion_problems(new.title, new.body)
    if errors:
        raise ValidationError(errors)
    now = at or timezone.now()
    table = table_for(new.team)
    title, body = new.title.strip(), new.body.strip()
    tone = score(f"{title}\n{body}")
    secret = ""
    if new.anonymous:
        secret = secrets.token_urlsafe(32)
        created_at, reaches_at = anonymous_times(table, now)
    else:
        created_at = reaches_at = now
    with transaction.atomic():
        suggestion = Suggestion.objects.create(
            team=new.team,
            title=title,
            body=body,
            tone=tone.tone,
            tone_score=tone.compound,
            anonymous=new.anonymous,
            author=None if new.anonymous else person,
            follow_digest=token_digest(secret) if secret else "",
            created_at=created_at,
            reaches_team_at=reaches_at,
            due_at=working_days_after(table, reaches_at, ANSWER_WITHIN_DAYS),
        )
        if not new.anonymous:
            enqueue_on_commit(tasks.announce_suggestion, suggestion.pk)
    return Submitted(suggestion, secret)


def answer_problems(suggestion: Suggestion, status: str | None, body: str, reason: str) -> Problems:
    errors: Problems = {}
    statuses = ", ".join(str(s.label).lower() for s in ANSWER_STATUSES)
    if status == SuggestionStatus.NEW:
        errors["status"] = [
            _("A suggestion does not go back to new: choose %(statuses)s.") % {"statuses": statuses}
        ]
    elif status and status not in ANSWER_STATUSES:
        errors["status"] = [_("Choose one of: %(statuses)s.") % {"statuses": statuses}]
    elif not status and suggestion.status == SuggestionStatus.NEW:
        errors["status"] = [_("Answer with a status: %(statuses)s.") % {"statuses": statuses}]
    changes = bool(status) and status != suggestion.status
    if status == SuggestionStatus.DECLINED and changes and not reason:
        errors["reason"] = [_("Say why it is declined: the person who suggested it reads this.")]
    elif reason and status != SuggestionStatus.DECLINED:
        errors["reason"] = [_("A reason goes with declining only.")]
    if not body and not changes and "status" not in errors:
        errors["body"] = [_("Write an answer, or choose a new status.")]
    for field, text in (("body", body), ("reason", reason)):
        if len(text) > MAX_TEXT:
            errors[field] = [_("Keep it to %(n)s characters or fewer.") % {"n": f"{MAX_TEXT:,}"}]
    return errors


def answer_suggestion(
    person: Person,
    suggestion: Suggestion,
    *,
    status: str | None,
    body: str = "",
    reason: str = "",
    at: datetime | None = None,
) -> SuggestionMessage:
    """The team's public answer, by one of its members: a new status (the first answer must
    give one; declining needs a reason) and/or a message. A named submitter is told."""
    now = at or timezone.now()
    if not can_answer(person, suggestion, now):
        raise PermissionDenied(_("Only the team the suggestion was made to answers it."))
    body, reason = body.strip(), reason.strip()
    with transaction.atomic():
        locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
        errors = answer_problems(locked, status, body, reason)
        if errors:
            raise ValidationError(errors)
        changes = bool(status) and status != locked.status
        tone = score(f"{body}\n{reason}")
        message = SuggestionMessage.objects.create(
            suggestion=locked,
            position=_next_position(locked),
            side=Side.TEAM,
            author=person,
            body=body,
            reason=reason,
            tone=tone.tone,
            tone_score=tone.compound,
            is_status_change=changes,
            new_status=status if changes and status else "",
            created_at=now,
            reaches_team_at=now,
            announced_at=now,  # the team wrote it: nobody on the team is to be told
        )
        if changes and status:
            locked.status = status
            locked.decline_reason = reason if status == SuggestionStatus.DECLINED else ""
        locked.first_answered_at = locked.first_answered_at or now
        locked.last_answered_at = now
        locked.latest_answer = message
        locked.save(
            update_fields=[
                "status",
                "decline_reason",
                "first_answered_at",
                "last_answered_at",
                "latest_answer",
            ]
        )
        if not locked.anonymous and locked.author_id is not None:
            enqueue_on_commit(tasks.tell_author, message.pk)
    return message


def reply_as_submitter(
    suggestion: Suggestion, body: str, *, author: Person | None = None, at: datetime | None = None
) -> SuggestionMessage:
    """The submitter's reply: anonymous ones through the private link (`author` None: who holds
    the link is never asked), named ones as their author. Anonymous replies reach the team at
    the end of their day, like the suggestion."""
    if suggestion.anonymous and author is not None:
        raise ValueError("an anonymous suggestion's reply names no one")
    if not suggestion.anonymous and (author is None or not is_author(author, suggestion)):
        raise PermissionDenied(_("Only the person who made the suggestion replies here."))
    text = body.strip()
    if not text:
        raise ValidationError({"body": [_("Write your reply before sending it.")]})
    if len(text) > MAX_TEXT:
        raise ValidationError(
            {"body": [_("Keep it to %(n)s characters or fewer.") % {"n": f"{MAX_TEXT:,}"}]}
        )
    now = at or timezone.now()
    if suggestion.anonymous:
        created_at, reaches_at = anonymous_times(table_for(suggestion.team), now)
    else:
        created_at = reaches_at = now
    tone = score(text)
    with transaction.atomic():
        locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
        message = SuggestionMessage.objects.create(
            suggestion=locked,
            position=_next_position(locked),
            side=Side.SUBMITTER,
            author=author,
            body=text,
            tone=tone.tone,
            tone_score=tone.compound,
            created_at=created_at,
            reaches_team_at=reaches_at,
        )
        if not suggestion.anonymous:
            enqueue_on_commit(tasks.announce_reply, message.pk)
    return message


def _next_position(suggestion: Suggestion) -> int:
    """The next place in the thread; the caller holds the suggestion's row lock."""
    last = suggestion.messages.aggregate(last=Max("position"))["last"]
    return (last or 0) + 1
