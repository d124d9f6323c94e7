"""Who sees and answers suggestions and concerns. Everything a person may not see is a 404, as
for something that does not exist: pages, API, counts and emails alike.

- The board is everyone's: a suggestion the team has answered (status other than new) is public,
  without its submitter's replies, and naming its author only when they chose to be named.
- The owning team's members and leads (and administrators) see and answer their suggestions
  once they have reached the team (an anonymous one at the end of the day it was made). The
  organisation-wide box belongs to the team whose request key prefix is
  settings.FEEDBACK_ORG_SUGGESTIONS_TEAM; with none set (or no such team), to administrators.
- A named submitter sees their own suggestion and its whole thread; an anonymous one only
  through the private link.
- A concern is seen by its raiser and by whoever it was raised with (the addressee, and the
  person it was escalated to). Administrators see only the concerns nobody else holds: they do
  not read concerns raised with a lead or a manager.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.http import Http404
from django.utils import timezone

from inservice.feedback.models.suggestions import (
    Concern,
    Suggestion,
    SuggestionMessageQuerySet,
    SuggestionStatus,
)
from inservice.lib.queries import unique
from inservice.org.models import Person, Team
from inservice.org.permissions import get_team
from inservice.org.services import token_digest


def org_owner() -> Team | None:
    """The team that answers suggestions to the whole organisation, or None (administrators)."""
    prefix = str(getattr(settings, "FEEDBACK_ORG_SUGGESTIONS_TEAM", "") or "").strip().upper()
    if not prefix:
        return None
    return unique(Team.objects.select_related("calendar").filter(key_prefix=prefix))


def handles(person: Person, team: Team | int | None, owner: Team | None = None) -> bool:
    """Whether the person answers suggestions to `team` (None: the whole organisation; pass
    `owner` when it is already read)."""
    if person.is_superuser:
        return True
    if team is None:
        owner = owner if owner is not None else org_owner()
        return owner is not None and owner.pk in person.team_ids()
    team_id = team if isinstance(team, int) else team.pk
    return team_id in person.team_ids()


def can_answer(person: Person, suggestion: Suggestion, now: datetime | None = None) -> bool:
    reached = suggestion.reaches_team_at <= (now or timezone.now())
    return reached and handles(person, suggestion.team_id)


def is_author(person: Person, suggestion: Suggestion) -> bool:
    return not suggestion.anonymous and suggestion.author_id == person.pk


def can_view(person: Person, suggestion: Suggestion) -> bool:
    return (
        suggestion.status != SuggestionStatus.NEW
        or is_author(person, suggestion)
        or can_answer(person, suggestion)
    )


def sees_thread(person: Person, suggestion: Suggestion) -> bool:
    """The submitter's replies are between them and the team: not on the public board."""
    return is_author(person, suggestion) or can_answer(person, suggestion)


def visible_messages(
    person: Person, suggestion: Suggestion, now: datetime
) -> SuggestionMessageQuerySet:
    """The thread as the person may read it: all of it for its named author; for the team, what
    has reached it; for everyone else, the team's public answers alone."""
    thread = suggestion.messages.thread()
    if is_author(person, suggestion):
        return thread
    if can_answer(person, suggestion):
        return thread.seen_by_team(now)
    return thread.from_team()


def _suggestion(suggestion_id: int) -> Suggestion:
    found = unique(
        Suggestion.objects.select_related("team__calendar", "author").filter(pk=suggestion_id)
    )
    if found is None:
        raise Http404
    return found


def get_suggestion_for_user(person: Person, suggestion_id: int) -> Suggestion:
    suggestion = _suggestion(suggestion_id)
    if not can_view(person, suggestion):
        raise Http404
    return suggestion


def get_suggestion_to_answer(person: Person, suggestion_id: int) -> Suggestion:
    suggestion = _suggestion(suggestion_id)
    if not can_answer(person, suggestion):
        raise Http404
    return suggestion


def get_suggestion_by_link(secret: str) -> Suggestion:
    """The suggestion the private link's secret opens, or 404. Only its digest is stored."""
    if not secret or len(secret) > 100:
        raise Http404
    found = unique(
        Suggestion.objects.select_related("team").filter(follow_digest=token_digest(secret))
    )
    if found is None:
        raise Http404
    return found


def get_inbox(person: Person, slug: str | None) -> tuple[Team | None, Team | None]:
    """(The team whose inbox it is, None for the whole organisation's; the organisation's
    owning team) when the person answers there, else 404."""
    team = get_team(slug) if slug is not None else None
    owner = org_owner() if team is None else None
    if not handles(person, team, owner):
        raise Http404
    return team, owner


# -- concerns -------------------------------------------------------------------------------


def can_view_concern(person: Person, concern: Concern) -> bool:
    if person.pk in (concern.raiser_id, concern.addressee_id, concern.escalated_to_id):
        return True
    return person.is_superuser and concern.administrators_hold


def can_answer_concern(person: Person, concern: Concern) -> bool:
    """Whoever it was raised with (never its raiser)."""
    return person.pk != concern.raiser_id and can_view_concern(person, concern)


def get_concern_for_user(person: Person, concern_id: int) -> Concern:
    concern = unique(
        Concern.objects.select_related(
            "team", "raiser", "addressee", "escalated_to", "answered_by", "ticket"
        ).filter(pk=concern_id)
    )
    if concern is None or not can_view_concern(person, concern):
        raise Http404
    return concern


def get_concern_to_answer(person: Person, concern_id: int) -> Concern:
    concern = get_concern_for_user(person, concern_id)
    if not can_answer_concern(person, concern):
        raise Http404
    return concern
