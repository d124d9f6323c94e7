"""What the knowledge API takes and says. Input schemas are strict (inservice.tickets.schemas):
unknown fields and loose types are refused with a 422 naming the field."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from inservice.catalog.schemas import ServiceRef
from inservice.knowledge.models import MAX_BODY, MAX_COMMENT, MAX_SERVICES, MAX_SUMMARY, MAX_TITLE
from inservice.lib.api_dates import Day
from inservice.org.schemas import PersonRef, TeamRef
from inservice.tickets.schemas import PersonName, StrictIn

KindName = Literal["article", "faq", "guide"]
StateName = Literal["draft", "published", "archived"]


class ArticleIn(StrictIn):
    kind: KindName = "article"
    title: str = Field(max_length=MAX_TITLE)
    summary: str = Field("", max_length=MAX_SUMMARY, description="Shown in lists and search.")
    body: str = Field(
        max_length=MAX_BODY,
        description="Markdown; raw HTML, pictures and links other than http(s) and mailto are refused.",
    )
    team: str = Field(description="The team's slug: one you serve in.")
    owner: PersonName | None = Field(
        None, description="A member of the team (id, email or username); you when left out."
    )
    services: list[str] = Field(
        default_factory=list, max_length=MAX_SERVICES, description="Services' slugs."
    )
    review_on: Day | None = Field(None, description="YYYY-MM-DD; six months on when left out.")
    publish: bool = Field(False, description="Publish at once rather than save a draft.")


class FeedbackIn(StrictIn):
    helpful: bool = Field(description="Did the article answer your question?")
    comment: str = Field("", max_length=MAX_COMMENT)


class ArticleOut(Schema):
    slug: str
    kind: str
    title: str
    summary: str
    state: str
    team: TeamRef
    owner: PersonRef
    services: list[ServiceRef]
    url: str
    updated_at: datetime
    published_at: datetime | None
    review_on: date
    helpful: int = Field(description="Readers who said it helped.")
    not_helpful: int
    deflections: int = Field(description="Requests not asked because it answered the question.")
    needs_attention: bool = Field(
        description="Readers find it unhelpful (editors only; else false)."
    )


class ArticlePage(Schema):
    items: list[ArticleOut]
    next_cursor: str | None


class YourFeedback(Schema):
    helpful: bool
    comment: str
    updated_at: datetime


class ArticleDetail(ArticleOut):
    body: str = Field(description="Markdown, as written.")
    body_html: str = Field(description="The text as the page shows it: rendered and sanitised.")
    your_feedback: YourFeedback | None


class HitOut(Schema):
    ref: str = Field(description="The article's or service's slug, or the request's key.")
    title: str
    title_html: str = Field(description="The title, HTML-escaped, its matches in <mark>.")
    snippet_html: str = Field(description="A passage, HTML-escaped, its matches in <mark>.")
    url: str
    team: str
    kind: str = Field(description="An article's kind, a request's status; empty for a service.")
    rank: float


class SearchOut(Schema):
    query: str
    words: list[str] = Field(description="The words searched for (common words left out).")
    articles: list[HitOut]
    services: list[HitOut]
    requests: list[HitOut] = Field(description="Agents only: requests their teams hold.")
