"""What readers do with an article: say whether it helped, and say it answered their question
instead of asking (a deflection)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from inservice.catalog.models import Service
from inservice.catalog.permissions import can_ask
from inservice.knowledge import tasks
from inservice.knowledge.models import (
    MAX_COMMENT,
    Article,
    ArticleFeedback,
    Deflection,
    reads_unhelpful,
)
from inservice.lib.queries import unique
from inservice.lib.sentiment import score
from inservice.lib.tasks import enqueue_on_commit
from inservice.org.models import Person

# The same person saying the same article answered the same question again within this time
# (a double click, the back button) is one deflection, not two.
SAME_DEFLECTION = timedelta(minutes=30)


@dataclass(frozen=True)
class Given:
    feedback: ArticleFeedback
    article: Article  # with its counts after this answer
    changed: bool  # an earlier answer of the person's was changed


def give_feedback(
    person: Person,
    article: Article,
    *,
    helpful: bool,
    comment: str = "",
    at: datetime | None = None,
) -> Given:
    """The person's answer to "Did this help?" (one per person and article; a second answer
    replaces the first). When at least UNHELPFUL_MIN_ANSWERS answers are in and UNHELPFUL_SHARE
    percent or more say no, the article needs attention and its owner is told, once for as long
    as that lasts; it ends when the share drops below again."""
    text = comment.strip()
    if len(text) > MAX_COMMENT:
        raise ValidationError(
            {"comment": [_("Keep it to %(n)s characters or fewer.") % {"n": f"{MAX_COMMENT:,}"}]}
        )
    now = at or timezone.now()
    tone = score(text)
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if not locked.is_published:
            raise ValidationError(_("Only published articles take feedback."))
        feedback = unique(
            ArticleFeedback.objects.select_for_update().filter(article=locked, person=person)
        )
        changed = feedback is not None
        if feedback is None:
            feedback = ArticleFeedback(article=locked, person=person, created_at=now)
        else:
            _count(locked, feedback.helpful, -1)
        feedback.helpful = helpful
        feedback.comment = text
        feedback.tone = tone.tone if text else ""
        feedback.tone_score = tone.compound if text else None
        feedback.updated_at = now
        feedback.save()
        _count(locked, helpful, +1)
        fields = ["helpful_count", "unhelpful_count"]
        if reads_unhelpful(locked.helpful_count, locked.unhelpful_count):
            if locked.attention_since is None:
                locked.attention_since = now
                fields.append("attention_since")
                enqueue_on_commit(tasks.tell_owner_unhelpful, locked.pk)
        elif locked.attention_since is not None:
            locked.attention_since = None  # the episode is over: a later one is told again
            fields.append("attention_since")
        locked.save(update_fields=fields)
    return Given(feedback, locked, changed)


def _count(article: Article, helpful: bool, step: int) -> None:
    if helpful:
        article.helpful_count += step
    else:
        article.unhelpful_count += step


def deflect(
    person: Person, article: Article, service: Service | None, *, at: datetime | None = None
) -> Deflection:
    """The person, about to ask for `service` (if they had chosen one), says the article
    answered their question: nothing is asked, and the article counts one deflection. The same
    click again within SAME_DEFLECTION is the same deflection."""
    if not article.is_published:
        raise ValidationError(_("Only published articles answer questions."))
    if service is not None and not can_ask(person, service):
        raise ValidationError({"service": [_("You cannot ask for this service.")]})
    now = at or timezone.now()
    with transaction.atomic():
        # The article's row lock makes two clicks at once one deflection.
        list(Article.objects.select_for_update().filter(pk=article.pk).values_list("pk"))
        recent = unique(
            Deflection.objects.filter(
                person=person,
                article=article,
                service=service,
                created_at__gt=now - SAME_DEFLECTION,
            )
        )
        if recent is not None:
            return recent
        made = Deflection.objects.create(
            article=article, person=person, service=service, created_at=now
        )
        Article.objects.filter(pk=article.pk).update(deflection_count=F("deflection_count") + 1)
    return made
