"""The emails telling an owner about their article (no request of their own).

notifications.emails.render_email hands the knowledge kinds here. The event key names the article
and the occasion: "article_review:<id>:<review date>" or "article_poor:<id>:<since>"
(knowledge.services.reviews). The article is read when the email goes out; nothing is sent when
the occasion is over (the review date moved, readers no longer find it unhelpful, it is no
longer published) or the recipient no longer edits it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from inservice.knowledge.models import Article
from inservice.knowledge.permissions import can_edit
from inservice.knowledge.services.reviews import review_key, unhelpful_key
from inservice.lib.queries import unique
from inservice.notifications.choices import Kind
from inservice.notifications.models import Delivery
from inservice.notifications.rendering import render_message

TEMPLATES = {
    Kind.ARTICLE_REVIEW.value: "notifications/email/article_review",
    Kind.ARTICLE_UNHELPFUL.value: "notifications/email/article_poor",
}


def render(delivery: Delivery) -> EmailMultiAlternatives | None:
    template = TEMPLATES.get(delivery.kind)
    _kind, _sep, rest = delivery.event_key.partition(":")
    article_id = rest.partition(":")[0]
    if template is None or not article_id.isdigit():
        return None
    article = unique(Article.objects.select_related("owner", "team").filter(pk=int(article_id)))
    person = delivery.recipient
    if article is None or not article.is_published or not can_edit(person, article):
        return None
    if delivery.kind == Kind.ARTICLE_REVIEW:
        still = review_key(article) == delivery.event_key
    else:
        still = article.needs_attention and unhelpful_key(article) == delivery.event_key
    if not still:
        return None
    context = {
        "person": person,
        "article": article,
        "article_url": settings.SITE_URL + reverse("knowledge:article", args=[article.slug]),
        "site_name": settings.SITE_NAME,
        "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
    }
    return render_message(template, context, delivery.to_address)
