"""The knowledge base over the API (`/api/v1/knowledge/…`): search, the articles, writing one,
and saying whether one helped. The same rules as the pages: published articles are everyone's,
drafts and archived ones their editors' (404 for anyone else); every write goes through
knowledge.services, whose refusals are 422s naming the field."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from inservice.catalog.models import Service
from inservice.catalog.permissions import get_service_for_user
from inservice.knowledge import services
from inservice.knowledge.models import Article, ArticleFeedback
from inservice.knowledge.permissions import can_edit, get_article_for_user
from inservice.knowledge.schemas import (
    ArticleDetail,
    ArticleIn,
    ArticlePage,
    FeedbackIn,
    KindName,
    SearchOut,
    StateName,
)
from inservice.knowledge.search import MAX_LIMIT, SCOPES, Hit, search
from inservice.knowledge.search.terms import MAX_QUERY
from inservice.lib.api import PageQuery, page_or_422, problem, service_call, unprocessable
from inservice.lib.markdown import render_markdown
from inservice.lib.queries import unique
from inservice.org.api_auth import caller
from inservice.org.fields import find_person
from inservice.org.models import Person, Team
from inservice.org.permissions import get_team

router = Router(tags=["knowledge"])


class SearchQuery(Schema):
    q: str = Field(min_length=1, max_length=MAX_QUERY, description="The words to look for.")
    scope: str = Field(
        ",".join(SCOPES),
        description="Comma-separated: articles, services, requests (requests: agents only).",
    )
    limit: int = Field(10, ge=1, le=MAX_LIMIT, description="Hits per scope.")


def _hit(hit: Hit) -> dict[str, Any]:
    return {
        "ref": hit.ref,
        "title": hit.title,
        "title_html": str(hit.title_html),
        "snippet_html": str(hit.snippet),
        "url": hit.url,
        "team": hit.team,
        "kind": hit.kind,
        "rank": hit.rank,
    }


@router.get("/knowledge/search", response=SearchOut, summary="Search the knowledge base")
def search_knowledge(request: HttpRequest, params: Query[SearchQuery]) -> dict[str, Any]:
    """Published articles, services you may see and, for agents, requests their teams hold,
    best first, each with a passage whose matching words are in <mark> (everything else
    escaped). Every word is needed; common words are left out."""
    person = caller(request)
    scopes = [part.strip() for part in params.scope.split(",") if part.strip()]
    unknown = [part for part in scopes if part not in SCOPES]
    if unknown or not scopes:
        message = _("Choose from: %(scopes)s.") % {"scopes": ", ".join(SCOPES)}
        raise unprocessable([problem(("query", "scope"), message, "scope")])
    chosen = [s for s in SCOPES if s in scopes]
    found = search(person, params.q, scope=chosen, limit=params.limit)
    return {
        "query": params.q,
        "words": list(found.terms.words),
        "articles": [_hit(h) for h in found.articles],
        "services": [_hit(h) for h in found.services],
        "requests": [_hit(h) for h in found.requests],
    }


def _article(person: Person, article: Article) -> dict[str, Any]:
    return {
        "slug": article.slug,
        "kind": article.kind,
        "title": article.title,
        "summary": article.summary,
        "state": article.state,
        "team": article.team,
        "owner": article.owner,
        "services": list(article.services.all()),
        "url": reverse("knowledge:article", args=[article.slug]),
        "updated_at": article.updated_at,
        "published_at": article.published_at,
        "review_on": article.review_on,
        "helpful": article.helpful_count,
        "not_helpful": article.unhelpful_count,
        "deflections": article.deflection_count,
        "needs_attention": article.needs_attention and can_edit(person, article),
    }


def _detail(person: Person, article: Article) -> dict[str, Any]:
    mine = unique(ArticleFeedback.objects.filter(article=article, person=person))
    return {
        **_article(person, article),
        "body": article.body,
        "body_html": str(render_markdown(article.body)),
        "your_feedback": mine,
    }


@router.get("/knowledge/articles", response=ArticlePage, summary="Articles")
def list_articles(
    request: HttpRequest,
    paging: Query[PageQuery],
    team: str = "",
    kind: KindName | None = None,
    state: StateName = "published",
    service: str = "",
) -> dict[str, Any]:
    """Published articles, most recently updated first; `state` draft or archived lists those
    you edit. `team` and `service` (slugs) and `kind` narrow it."""
    person = caller(request)
    rows = Article.objects.all()
    rows = rows.published() if state == "published" else rows.editable_by(person)
    rows = rows.filter(state=state)
    if team:
        rows = rows.filter(team=get_team(team))
    if kind:
        rows = rows.filter(kind=kind)
    if service:
        rows = rows.linked_to(get_service_for_user(person, service))
    rows = rows.for_list().prefetch_related("services")
    page = page_or_422(rows, ["-updated_at", "-id"], paging.cursor, paging.limit)
    return {"items": [_article(person, a) for a in page.items], "next_cursor": page.next_cursor}


@router.get("/knowledge/articles/{slug}", response=ArticleDetail, summary="One article")
def get_article(request: HttpRequest, slug: str) -> dict[str, Any]:
    """A published article, or a draft or archived one you edit; with your own feedback."""
    person = caller(request)
    return _detail(person, get_article_for_user(person, slug))


def _team(slug: str) -> Team:
    found = unique(Team.objects.filter(slug=slug))
    if found is None:
        message = _("No team “%(slug)s”.") % {"slug": slug}
        raise unprocessable([problem(("body", "team"), message, "not_found")])
    return found


def _owner(name: str | None) -> Person | None:
    if name is None:
        return None
    found = find_person(name)
    if found is None:
        message = _("No active colleague “%(name)s”.") % {"name": name}
        raise unprocessable([problem(("body", "owner"), message, "not_found")])
    return found


def _services(slugs: list[str]) -> list[Service]:
    found = {s.slug: s for s in Service.objects.filter(slug__in=slugs)}
    problems = [
        problem(("body", "services", i), _("No service “%(slug)s”.") % {"slug": slug}, "not_found")
        for i, slug in enumerate(slugs)
        if slug not in found
    ]
    if problems:
        raise unprocessable(problems)
    return [found[slug] for slug in dict.fromkeys(slugs)]


@router.post(
    "/knowledge/articles", response={201: ArticleDetail}, summary="Write an article (editors)"
)
def create_article(request: HttpRequest, payload: ArticleIn) -> Status[dict[str, Any]]:
    """A new article of a team you serve in, as a draft or (`publish`) published at once."""
    person = caller(request)
    draft = services.ArticleDraft(
        kind=payload.kind,
        title=payload.title,
        summary=payload.summary,
        body=payload.body,
        team=_team(payload.team),
        owner=_owner(payload.owner),
        services=tuple(_services(payload.services)),
        review_on=payload.review_on,
    )
    with service_call():
        article = services.create_article(person, draft, publish=payload.publish)
    fresh = Article.objects.for_list().get(pk=article.pk)
    return Status(201, _detail(person, fresh))


class FeedbackOut(Schema):
    helpful: bool
    comment: str
    changed: bool = Field(description="Your earlier answer was replaced.")
    article_helpful: int
    article_not_helpful: int


@router.post(
    "/knowledge/articles/{slug}/feedback",
    response={200: FeedbackOut, 201: FeedbackOut},
    summary="Say whether an article helped",
)
def give_feedback(request: HttpRequest, slug: str, payload: FeedbackIn) -> Status[dict[str, Any]]:
    """Your answer to a published article's "Did this help?": 201 the first time, 200 when it
    replaces your earlier answer."""
    person = caller(request)
    article = get_article_for_user(person, slug)
    with service_call():
        given = services.give_feedback(
            person, article, helpful=payload.helpful, comment=payload.comment
        )
    body = {
        "helpful": given.feedback.helpful,
        "comment": given.feedback.comment,
        "changed": given.changed,
        "article_helpful": given.article.helpful_count,
        "article_not_helpful": given.article.unhelpful_count,
    }
    return Status(200 if given.changed else 201, body)
