"""The knowledge base's background work: each task takes IDs, goes through the services and may
run twice (the notifications' event keys make each telling happen once)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from inservice.knowledge import services
from inservice.knowledge.models import Article


@shared_task
def flag_articles_past_review() -> int:
    """Daily: owners hear of their published articles whose review date has passed, once per
    review date. Returns the articles flagged."""
    today = timezone.localdate()
    ids = Article.objects.to_flag(today).order_by("pk").values_list("pk", flat=True)
    return sum(services.flag_review(pk, today) for pk in list(ids))


@shared_task
def tell_owner_unhelpful(article_id: int) -> bool:
    """After the commit that made an article need attention: its owner is told."""
    return services.tell_unhelpful(article_id)
