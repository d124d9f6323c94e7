"""Reading the knowledge base: the list of articles (published ones for everyone; drafts and
archived ones for their editors), one article, and the editors' "needs review" list. Reads only."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from inservice.catalog.models import Service
from inservice.catalog.permissions import get_service_for_user
from inservice.knowledge.choices import Kind, State
from inservice.knowledge.forms import FeedbackForm, ReviewedForm
from inservice.knowledge.models import Article, ArticleFeedback, ArticleQuerySet
from inservice.knowledge.permissions import (
    can_edit,
    get_article_for_user,
    get_service_to_ask,
    writes_articles,
)
from inservice.lib.markdown import render_markdown
from inservice.lib.paging import CappedPaginator
from inservice.lib.queries import unique
from inservice.lib.requests import person_of
from inservice.org.models import Person, Team
from inservice.org.permissions import get_team

PAGE_SIZE = 25
RECENT_COMMENTS = 10


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The knowledge base: published articles, most recently updated first, by team, kind and
    service; "drafts" and "archived" list those the person edits."""
    person = person_of(request)
    state = request.GET.get("state", "")
    state = state if state in (State.DRAFT, State.ARCHIVED) else State.PUBLISHED
    rows: ArticleQuerySet = Article.objects.all()
    rows = rows.published() if state == State.PUBLISHED else rows.editable_by(person)
    rows = rows.filter(state=state)
    team: Team | None = None
    if slug := request.GET.get("team", "").strip():
        team = get_team(slug)
        rows = rows.filter(team=team)
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        rows = rows.filter(kind=kind)
    else:
        kind = ""
    service: Service | None = None
    if service_slug := request.GET.get("service", "").strip():
        service = get_service_for_user(person, service_slug)
        rows = rows.linked_to(service)
    rows = rows.for_list().order_by("-updated_at", "-id")
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    articles = list(page.object_list)
    query = urlencode(
        [
            (k, v)
            for k, v in (
                ("team", team.slug if team else ""),
                ("kind", kind),
                ("state", "" if state == State.PUBLISHED else state),
                ("service", service.slug if service else ""),
            )
            if v
        ]
    )
    context: dict[str, Any] = {
        "page": page,
        # can_edit reads the person's teams once per request: no query per row.
        "rows": [(a, can_edit(person, a)) for a in articles],
        "team": team,
        "kind": kind,
        "state": state,
        "service": service,
        "kinds": Kind.choices,
        "teams": list(
            Team.objects.filter(knowledge_articles__state=State.PUBLISHED)
            .distinct()
            .order_by("name")
            .only("name", "slug")
        ),
        "writes": writes_articles(person),
        "query": query,
        "today": timezone.localdate(),
        "nav": "knowledge",
    }
    return render(request, "knowledge/index.html", context)


@require_GET
def article(request: HttpRequest, slug: str) -> HttpResponse:
    """One article, its text rendered from Markdown and sanitised; "Did this help?"; for its
    editors, what readers said and the editing buttons. From the ask page (`?service=<id>`), a
    button to say it answered the question."""
    person = person_of(request)
    found = get_article_for_user(person, slug)
    return render(request, "knowledge/article.html", article_context(request, person, found))


def article_context(
    request: HttpRequest,
    person: Person,
    article: Article,
    feedback_form: FeedbackForm | None = None,
    reviewed_form: ReviewedForm | None = None,
) -> dict[str, Any]:
    editor = can_edit(person, article)
    mine = unique(ArticleFeedback.objects.filter(article=article, person=person))
    asking: Service | None = None
    try:
        asking = get_service_to_ask(person, request.GET.get("service"))
    except Http404:
        asking = None  # a stale or foreign link: the article itself is still worth reading
    comments: list[ArticleFeedback] = []
    if editor:
        comments = list(
            ArticleFeedback.objects.filter(article=article)
            .exclude(comment="")
            .select_related("person")
            .order_by("-updated_at", "-id")[:RECENT_COMMENTS]
        )
    today = timezone.localdate()
    return {
        "article": article,
        "body": render_markdown(article.body),
        "services": list(_visible_services(person, article)),
        "editor": editor,
        "mine": mine,
        "feedback_form": feedback_form or FeedbackForm(initial=_initial(mine)),
        "reviewed_form": reviewed_form or ReviewedForm(),
        "comments": comments,
        "asking": asking,
        "past_review": article.is_past_review(today),
        "nav": "knowledge",
    }


def _initial(mine: ArticleFeedback | None) -> dict[str, Any]:
    if mine is None:
        return {}
    return {"helpful": "yes" if mine.helpful else "no", "comment": mine.comment}


def _visible_services(person: Person, article: Article) -> Any:
    """The article's services the person may see in the catalog (one query)."""
    linked = article.services.filter(is_active=True).select_related("team").order_by("name")
    if person.is_superuser:
        return linked
    offered = Service.objects.offered_to(person).values("pk")
    return linked.filter(Q(pk__in=offered) | Q(team_id__in=sorted(person.team_ids())))


@require_GET
def review(request: HttpRequest) -> HttpResponse:
    """The articles the person edits that need their look: past their review date, or found
    unhelpful by readers; soonest review date first. `?team=<slug>` narrows it."""
    person = person_of(request)
    today = timezone.localdate()
    rows = Article.objects.editable_by(person).to_review(today)
    team: Team | None = None
    if slug := request.GET.get("team", "").strip():
        team = get_team(slug)
        rows = rows.filter(team=team)
    rows = rows.for_list().order_by("review_on", "id")
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "articles": list(page.object_list),
        "team": team,
        "today": today,
        "query": urlencode({"team": team.slug}) if team else "",
        "nav": "knowledge",
    }
    return render(request, "knowledge/review.html", context)
