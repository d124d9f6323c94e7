"""Editing articles: writing one, changing it, publishing, archiving, confirming a review. Every
write goes through knowledge.services; refusals come back beside their fields (422)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from inservice.catalog.models import Service
from inservice.knowledge import services
from inservice.knowledge.forms import ArticleForm, ReviewedForm, writable_teams
from inservice.knowledge.models import Article
from inservice.knowledge.permissions import get_article_to_edit
from inservice.knowledge.views.articles import article_context
from inservice.lib.forms import add_refusal
from inservice.lib.htmx import is_fragment, triggered
from inservice.lib.queries import unique
from inservice.lib.requests import person_of
from inservice.org.models import Person


def _draft(form: ArticleForm) -> services.ArticleDraft:
    data = form.cleaned_data
    return services.ArticleDraft(
        kind=data["kind"],
        title=data["title"],
        summary=data["summary"],
        body=data["body"],
        team=data["team"],
        owner=data["owner"],
        services=tuple(data["services"]),
        review_on=data["review_on"],
    )


def _to_article(request: HttpRequest, article: Article) -> HttpResponse:
    url = reverse("knowledge:article", args=[article.slug])
    if is_fragment(request):
        return triggered("article-saved", redirect=url)
    return HttpResponseRedirect(url, status=303)


def _form_page(
    request: HttpRequest, form: ArticleForm, article: Article | None, status: int = 200
) -> HttpResponse:
    context: dict[str, Any] = {"form": form, "article": article, "nav": "knowledge"}
    template = (
        "knowledge/partials/editor_form.html" if is_fragment(request) else "knowledge/editor.html"
    )
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """A new article: saved as a draft, or published at once ("publish" in the POST).
    `?team=<slug>` and `?service=<slug>` fill the form in."""
    person = person_of(request)
    if request.method == "GET":
        return _form_page(
            request, ArticleForm(person=person, initial=_prefill(request, person)), None
        )
    form = ArticleForm(request.POST, person=person)
    if form.is_valid():
        try:
            article = services.create_article(
                person, _draft(form), publish="publish" in request.POST
            )
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            done = (
                _("The article is published.") if article.is_published else _("The draft is saved.")
            )
            messages.success(request, done)
            return _to_article(request, article)
    return _form_page(request, form, None, status=422)


def _prefill(request: HttpRequest, person: Person) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    teams = writable_teams(person)
    slug = request.GET.get("team", "")
    team = unique(teams.filter(slug=slug)) if slug else None
    if team is None and person.team_id is not None:
        team = unique(teams.filter(pk=person.team_id))
    if team is not None:
        initial["team"] = team.slug
    service_slug = request.GET.get("service", "")
    if service_slug:
        service = unique(Service.objects.filter(slug=service_slug, is_active=True))
        if service is not None:
            initial["services"] = [service.pk]
    return initial


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The article's editor, for its owner, its team's leads and administrators. A save made
    by someone else since the form was opened refuses this one (nothing is overwritten)."""
    person = person_of(request)
    article = get_article_to_edit(person, slug)
    if request.method == "GET":
        return _form_page(request, ArticleForm.for_article(article, person), article)
    form = ArticleForm(request.POST, person=person)
    if form.is_valid():
        try:
            saved = services.update_article(
                person, article, _draft(form), version=form.cleaned_data["version"]
            )
        except ValidationError as exc:
            add_refusal(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("Your changes are saved."))
            return _to_article(request, saved)
    return _form_page(request, form, article, status=422)


@require_POST
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    person = person_of(request)
    article = services.publish_article(person, get_article_to_edit(person, slug))
    messages.success(request, _("The article is published: everyone can read it and find it."))
    return _to_article(request, article)


@require_POST
def archive(request: HttpRequest, slug: str) -> HttpResponse:
    person = person_of(request)
    article = services.archive_article(person, get_article_to_edit(person, slug))
    messages.success(
        request, _("The article is archived: search no longer finds it. You can publish it again.")
    )
    return _to_article(request, article)


@require_POST
def reviewed(request: HttpRequest, slug: str) -> HttpResponse:
    """The owner confirms the article is still right, and sets the next review date."""
    person = person_of(request)
    article = get_article_to_edit(person, slug)
    form = ReviewedForm(request.POST)
    if form.is_valid():
        try:
            article = services.mark_reviewed(person, article, form.cleaned_data["review_on"])
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            messages.success(
                request,
                _("Thanks: the next review is due by %(date)s.")
                % {"date": article.review_on.isoformat()},
            )
            return _to_article(request, article)
    if is_fragment(request):
        context = {"article": article, "reviewed_form": form}
        return render(request, "knowledge/partials/reviewed_form.html", context, status=422)
    context = article_context(request, person, article, reviewed_form=form)
    return render(request, "knowledge/article.html", context, status=422)
