"""Telling owners about their articles: a review date that passed, readers finding it unhelpful.

Both go through notifications.services.notify_people (in-app and email, as each person's
preferences allow), at most once per event key: the review date for ARTICLE_REVIEW, the moment
the article started to need attention for ARTICLE_UNHELPFUL. knowledge.emails renders them.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from inservice.knowledge.models import Article
from inservice.lib.queries import unique
from inservice.notifications import services as notify
from inservice.notifications.choices import Kind
from inservice.org.choices import Role
from inservice.org.models import Person


def review_key(article: Article) -> str:
    return f"{Kind.ARTICLE_REVIEW.value}:{article.pk}:{article.review_on.isoformat()}"


def unhelpful_key(article: Article) -> str:
    assert article.attention_since is not None
    return f"{Kind.ARTICLE_UNHELPFUL.value}:{article.pk}:{article.attention_since:%Y%m%dT%H%M%S}"


def responsible(article: Article) -> list[Person]:
    """Who hears about the article: its owner, or while the owner has left, the team's leads."""
    if article.owner.is_active:
        return [article.owner]
    leads = Person.objects.filter(
        is_active=True, memberships__team_id=article.team_id, memberships__role=Role.LEAD
    )
    return list(leads.distinct().order_by("pk"))


def flag_review(article_id: int, today: date) -> bool:
    """Tells the owner that a published article's review date has passed: once per review date
    (a new date, once it passes too, is told again). True when told now."""
    with transaction.atomic():
        article = unique(
            Article.objects.select_for_update(of=("self",))
            .select_related("owner")
            .filter(pk=article_id)
        )
        if article is None or not article.is_past_review(today):
            return False
        if article.review_flagged_on == article.review_on:
            return False
        notify.notify_people(
            Kind.ARTICLE_REVIEW,
            responsible(article),
            review_key(article),
            title=_("Review “%(title)s”: its review date has passed") % {"title": article.title},
            link=reverse("knowledge:article", args=[article.slug]),
        )
        article.review_flagged_on = article.review_on
        article.save(update_fields=["review_flagged_on"])
    return True


def tell_unhelpful(article_id: int) -> bool:
    """Tells the owner that readers find the article unhelpful, once per episode (the event key
    names when it began). Nothing when the episode ended before this ran. True when told."""
    article = unique(Article.objects.select_related("owner").filter(pk=article_id))
    if article is None or article.attention_since is None or not article.is_published:
        return False
    notify.notify_people(
        Kind.ARTICLE_UNHELPFUL,
        responsible(article),
        unhelpful_key(article),
        title=_("Readers find “%(title)s” unhelpful: %(no)s of %(n)s said it did not help")
        % {"title": article.title, "no": article.unhelpful_count, "n": article.answers},
        link=reverse("knowledge:article", args=[article.slug]),
    )
    return True
