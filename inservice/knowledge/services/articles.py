"""Writing articles: a draft checked whole, publishing, archiving, confirming a review."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from inservice.catalog.models import Service
from inservice.knowledge.choices import Kind, State
from inservice.knowledge.markup import markup_problems
from inservice.knowledge.models import (
    MAX_BODY,
    MAX_SERVICES,
    MAX_SUMMARY,
    MAX_TITLE,
    Article,
)
from inservice.knowledge.permissions import can_edit, can_write_for
from inservice.org.models import Membership, Person, Team

Problems = dict[str, list[str]]
REVIEW_AFTER_DAYS = 180  # a new article is due for review half a year on, unless told otherwise
MAX_REVIEW_DAYS = 3 * 365
SLUG_LENGTH = 70  # leaves room for "-2", "-3"... within the column's 80


@dataclass(frozen=True)
class ArticleDraft:
    """What an editor writes. `owner` None: the author on a new article, unchanged on an edit;
    `review_on` None: REVIEW_AFTER_DAYS from today on a new article, unchanged on an edit."""

    kind: str
    title: str
    body: str
    team: Team | None
    summary: str = ""
    owner: Person | None = None
    services: Sequence[Service] = field(default_factory=tuple)
    review_on: date | None = None


def draft_problems(
    actor: Person, draft: ArticleDraft, today: date, article: Article | None = None
) -> Problems:
    """Everything wrong with the draft, keyed by field (empty when nothing is)."""
    errors: Problems = {}
    if draft.kind not in Kind.values:
        kinds = ", ".join(str(k.label).lower() for k in Kind)
        errors["kind"] = [_("Choose one of: %(kinds)s.") % {"kinds": kinds}]
    title = draft.title.strip()
    if not title:
        errors["title"] = [_("Give the article a title.")]
    elif len(title) > MAX_TITLE:
        errors["title"] = [_("Keep the title to %(n)s characters or fewer.") % {"n": MAX_TITLE}]
    if len(draft.summary.strip()) > MAX_SUMMARY:
        errors["summary"] = [
            _("Keep the summary to %(n)s characters or fewer.") % {"n": MAX_SUMMARY}
        ]
    body = draft.body.strip()
    if not body:
        errors["body"] = [_("Write the article: an empty article cannot be saved.")]
    elif len(body) > MAX_BODY:
        errors["body"] = [
            _("Too long: at most %(max)s characters (this text has %(n)s).")
            % {"max": f"{MAX_BODY:,}", "n": f"{len(body):,}"}
        ]
    elif found := markup_problems(body):
        errors["body"] = found
    errors.update(_team_problems(actor, draft, article))
    errors.update(_service_problems(draft.services))
    if draft.review_on is not None:
        if draft.review_on < today:
            errors["review_on"] = [_("Choose a review date from today on.")]
        elif draft.review_on > today + timedelta(days=MAX_REVIEW_DAYS):
            errors["review_on"] = [_("Choose a review date within three years.")]
    return errors


def _team_problems(actor: Person, draft: ArticleDraft, article: Article | None) -> Problems:
    team = draft.team
    if team is None:
        return {"team": [_("Choose the team the article belongs to.")]}
    moving = article is None or article.team_id != team.pk
    if moving and not can_write_for(actor, team):
        return {"team": [_("You write articles for the teams you serve in.")]}
    owner = draft.owner if draft.owner is not None else (article.owner if article else actor)
    member = Membership.objects.filter(person=owner, team=team, person__is_active=True)
    if not member.exists():
        message = _("The owner must be an active member of %(team)s.") % {"team": team.name}
        return {"owner": [message]}
    return {}


def _service_problems(services: Sequence[Service]) -> Problems:
    if len(services) > MAX_SERVICES:
        return {"services": [_("Link at most %(n)s services.") % {"n": MAX_SERVICES}]}
    gone = [s.name for s in services if not s.is_active]
    if gone:
        names = ", ".join(f"“{name}”" for name in gone)
        return {"services": [_("No longer offered: %(names)s.") % {"names": names}]}
    return {}


def create_article(
    actor: Person, draft: ArticleDraft, *, publish: bool = False, at: datetime | None = None
) -> Article:
    """A new article of `draft.team`, owned by `draft.owner` (or the author), as a draft or
    published at once. Its slug comes from the title and never changes."""
    now = at or timezone.now()
    today = timezone.localdate(now)
    errors = draft_problems(actor, draft, today)
    if errors:
        raise ValidationError(errors)
    assert draft.team is not None  # checked above
    title = draft.title.strip()
    for attempt in range(3):
        try:
            with transaction.atomic():
                article = Article.objects.create(
                    kind=draft.kind,
                    title=title,
                    slug=_free_slug(title, attempt),
                    summary=draft.summary.strip(),
                    body=draft.body.strip(),
                    state=State.PUBLISHED if publish else State.DRAFT,
                    owner=draft.owner or actor,
                    team=draft.team,
                    review_on=draft.review_on or today + timedelta(days=REVIEW_AFTER_DAYS),
                    created_at=now,
                    updated_at=now,
                    published_at=now if publish else None,
                )
                article.services.set(list(draft.services))
        except IntegrityError:
            if attempt == 2:
                raise
            continue  # another article took the slug meanwhile: the next free one
        return article
    raise AssertionError("unreachable")


def _free_slug(title: str, skip: int = 0) -> str:
    """The title's slug, or with "-2", "-3"... when taken (`skip` more after a collision)."""
    base = slugify(title)[:SLUG_LENGTH].strip("-") or "article"
    taken = set(Article.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    candidates = [base, *(f"{base}-{n}" for n in range(2, len(taken) + 3 + skip))]
    free = [slug for slug in candidates if slug not in taken]
    return free[min(skip, len(free) - 1)]


def _locked(actor: Person, article: Article, version: int | None) -> Article:
    """The article's row, locked, when the actor edits it and (with `version`) nobody saved it
    since they opened it."""
    if not can_edit(actor, article):
        raise PermissionDenied(
            _("Only the article's owner, its team's leads and administrators edit it.")
        )
    locked = Article.objects.select_for_update().select_related("owner", "team").get(pk=article.pk)
    if version is not None and locked.version != version:
        raise ValidationError(
            _(
                "Someone else changed this article since you opened it: reload it and make "
                "your change again."
            ),
            code="stale",
        )
    return locked


def update_article(
    actor: Person,
    article: Article,
    draft: ArticleDraft,
    *,
    version: int | None = None,
    at: datetime | None = None,
) -> Article:
    """The article's new text, team, owner, services and review date, checked whole. `version`
    is the one the editor opened: a later save by someone else refuses this one."""
    now = at or timezone.now()
    with transaction.atomic():
        locked = _locked(actor, article, version)
        errors = draft_problems(actor, draft, timezone.localdate(now), locked)
        if errors:
            raise ValidationError(errors)
        assert draft.team is not None  # checked above
        locked.kind = draft.kind
        locked.title = draft.title.strip()
        locked.summary = draft.summary.strip()
        locked.body = draft.body.strip()
        locked.team = draft.team
        if draft.owner is not None:
            locked.owner = draft.owner
        if draft.review_on is not None:
            locked.review_on = draft.review_on
        locked.version += 1
        locked.updated_at = now
        locked.save()
        locked.services.set(list(draft.services))
    return locked


def publish_article(actor: Person, article: Article, *, at: datetime | None = None) -> Article:
    """A draft or archived article published (again): everyone reads it and search finds it."""
    now = at or timezone.now()
    with transaction.atomic():
        locked = _locked(actor, article, None)
        if locked.state == State.PUBLISHED:
            return locked
        locked.state = State.PUBLISHED
        locked.published_at = locked.published_at or now
        locked.updated_at = now
        locked.version += 1
        locked.save(update_fields=["state", "published_at", "updated_at", "version"])
    return locked


def archive_article(actor: Person, article: Article, *, at: datetime | None = None) -> Article:
    """Out of the list and search; its editors still read it and may publish it again."""
    now = at or timezone.now()
    with transaction.atomic():
        locked = _locked(actor, article, None)
        if locked.state == State.ARCHIVED:
            return locked
        locked.state = State.ARCHIVED
        locked.updated_at = now
        locked.version += 1
        locked.save(update_fields=["state", "updated_at", "version"])
    return locked


def mark_reviewed(
    actor: Person, article: Article, next_review_on: date, *, at: datetime | None = None
) -> Article:
    """The owner (or a lead) confirms the article is still right: the next review date."""
    today = timezone.localdate(at or timezone.now())
    if next_review_on <= today:
        raise ValidationError({"review_on": [_("Choose the next review date after today.")]})
    if next_review_on > today + timedelta(days=MAX_REVIEW_DAYS):
        raise ValidationError({"review_on": [_("Choose a review date within three years.")]})
    with transaction.atomic():
        locked = _locked(actor, article, None)
        locked.review_on = next_review_on
        locked.version += 1
        locked.save(update_fields=["review_on", "version"])
    return locked
