"""The search page (articles, services and, for agents, requests) and the suggestions shown
while someone fills in a request. Both read through knowledge.search.search; nothing changes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from inservice.knowledge.models import Article
from inservice.knowledge.permissions import get_service_to_ask
from inservice.knowledge.search import MAX_LIMIT, Hit, search
from inservice.knowledge.search.marks import marked
from inservice.knowledge.search.terms import MAX_QUERY
from inservice.lib.htmx import is_fragment
from inservice.lib.requests import person_of

PAGE_HITS = 20
SUGGESTIONS = 5
SERVICE_GUIDES = 3


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    """`?q=`: the best articles, services and (for agents) requests, each with a snippet whose
    matching words are marked. htmx asks for the results alone as the person types."""
    person = person_of(request)
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    results = search(person, query, limit=min(PAGE_HITS, MAX_LIMIT)) if query else None
    context = {"query": query, "results": results, "nav": "knowledge"}
    template = (
        "knowledge/partials/results.html" if is_fragment(request) else "knowledge/search.html"
    )
    return render(request, template, context)


@require_GET
def suggest(request: HttpRequest) -> HttpResponse:
    """Up to five published articles matching what the person is typing into a request's
    subject and description (any of the words), those linked to the service first; with
    nothing typed yet, the service's own most useful guides. For the ask page (htmx)."""
    person = person_of(request)
    service = get_service_to_ask(person, request.GET.get("service"))
    text = " ".join(
        (request.GET.get("subject", "")[:200], request.GET.get("description", "")[:2_000])
    )
    hits: list[Hit] = []
    if text.strip():
        hits = search(
            person, text, scope=("articles",), limit=SUGGESTIONS, service=service, any_word=True
        ).articles
    typed = bool(hits) or bool(text.strip())
    if not typed and service is not None:
        hits = [_guide(a) for a in _service_guides(service.pk)]
    context = {"hits": hits, "service": service, "typed": typed}
    return render(request, "knowledge/partials/suggestions.html", context)


def _service_guides(service_id: int) -> list[Article]:
    rows = Article.objects.published().linked_to(service_id).select_related("team")
    return list(rows.most_useful()[:SERVICE_GUIDES])


def _guide(article: Article) -> Hit:
    """A service's article as a suggestion before anything is typed (nothing to mark)."""
    return Hit(
        scope="articles",
        pk=article.pk,
        ref=article.slug,
        title=article.title,
        title_html=marked(article.title),
        snippet=marked(article.summary or article.body[:200]),
        team=article.team.name,
        kind=article.kind,
        rank=0.0,
        preferred=True,
    )
