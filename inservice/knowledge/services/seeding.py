"""Articles in bulk, for benchmarks and imports from another tool: written as the services would
have written them, in batches, with no notification. Nothing is checked beyond what the database
checks: callers are code, not people (compare tickets.bulk)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice

from django.db import transaction

from inservice.knowledge.choices import Kind, State
from inservice.knowledge.models import Article

BATCH = 500


@dataclass(frozen=True)
class SeedArticle:
    title: str
    slug: str  # unique: the caller makes it so
    body: str
    team_id: int
    owner_id: int
    created_at: datetime
    review_on: date
    summary: str = ""
    kind: str = Kind.ARTICLE
    state: str = State.PUBLISHED
    service_ids: tuple[int, ...] = field(default_factory=tuple)
    helpful: int = 0
    unhelpful: int = 0
    deflections: int = 0


def seed_articles(rows: Iterable[SeedArticle]) -> int:
    """Writes the articles (and their services) BATCH at a time, one transaction per batch;
    returns how many were written. Search finds them at once: PostgreSQL computes each one's
    search document, SQLite's triggers fill its full-text table."""
    written = 0
    for batch in _batches(rows):
        with transaction.atomic():
            made = Article.objects.bulk_create([_article(row) for row in batch])
            links = [
                Article.services.through(article_id=article.pk, service_id=service_id)
                for article, row in zip(made, batch, strict=True)
                for service_id in row.service_ids
            ]
            Article.services.through.objects.bulk_create(links)
        written += len(made)
    return written


def _article(row: SeedArticle) -> Article:
    published = row.state == State.PUBLISHED
    return Article(
        kind=row.kind,
        title=row.title,
        slug=row.slug,
        summary=row.summary,
        body=row.body,
        state=row.state,
        owner_id=row.owner_id,
        team_id=row.team_id,
        review_on=row.review_on,
        helpful_count=row.helpful,
        unhelpful_count=row.unhelpful,
        deflection_count=row.deflections,
        created_at=row.created_at,
        updated_at=row.created_at,
        published_at=row.created_at if published else None,
    )


def _batches(rows: Iterable[SeedArticle]) -> Iterator[list[SeedArticle]]:
    it = iter(rows)
    while batch := list(islice(it, BATCH)):
        yield batch
