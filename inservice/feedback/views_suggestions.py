"""Suggestion pages: making one, the private link, one suggestion with its thread (the team
answers there, a named submitter replies there), and one's own named suggestions. Writes go
through feedback.services.suggestions; who sees what is feedback.permissions_suggestions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inservice.feedback.forms_suggestions import AnswerForm, ReplyForm, SuggestionForm
from inservice.feedback.models.suggestions import Suggestion, SuggestionMessage
from inservice.feedback.permissions_suggestions import (
    can_answer,
    get_suggestion_by_link,
    get_suggestion_for_user,
    get_suggestion_to_answer,
    is_author,
    sees_thread,
    visible_messages,
)
from inservice.feedback.services import suggestions as services
from inservice.lib.forms import add_refusal
from inservice.lib.htmx import is_fragment, triggered
from inservice.lib.paging import CappedPaginator
from inservice.lib.requests import person_of
from inservice.org.models import Person

PAGE_SIZE = 25


def _private(response: HttpResponse) -> HttpResponse:
    """A page carrying a private link's secret: never cached, never sent on as a Referer."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


# -- making one -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def suggestion_new(request: HttpRequest) -> HttpResponse:
    """The suggestion form (anonymous ticked); `?team=<slug>` chooses the team. An anonymous
    suggestion answers with its private link, shown this once; a named one goes to its page."""
    person = person_of(request)
    if request.method == "GET":
        form = SuggestionForm(initial={"team": request.GET.get("team", "")})
        return _form_page(request, form)
    form = SuggestionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        new = services.NewSuggestion(
            team=data["team"], title=data["title"], body=data["body"], anonymous=data["anonymous"]
        )
        try:
            submitted = services.submit_suggestion(person, new)
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            return _submitted(request, submitted)
    return _form_page(request, form, status=422)


def _form_page(request: HttpRequest, form: SuggestionForm, status: int = 200) -> HttpResponse:
    context = {"form": form, "nav": "feedback"}
    if is_fragment(request):
        return render(request, "feedback/suggestions/partials/form.html", context, status=status)
    return render(request, "feedback/suggestions/new.html", context, status=status)


def _submitted(request: HttpRequest, submitted: services.Submitted) -> HttpResponse:
    suggestion = submitted.suggestion
    if not submitted.secret:
        messages.success(request, _("Your suggestion is sent to the team."))
        url = services.detail_path(suggestion)
        if is_fragment(request):
            return triggered("suggestion-sent", redirect=url)
        return HttpResponseRedirect(url, status=303)
    context = {
        "suggestion": suggestion,
        "follow_url": request.build_absolute_uri(submitted.follow_path),
        "nav": "feedback",
    }
    template = (
        "feedback/suggestions/partials/submitted.html"
        if is_fragment(request)
        else "feedback/suggestions/submitted.html"
    )
    return _private(render(request, template, context))


# -- the private link -----------------------------------------------------------------------


@login_not_required
@require_http_methods(["GET", "POST"])
def suggestion_follow(request: HttpRequest, secret: str) -> HttpResponse:
    """An anonymous suggestion, its status and whole thread, for whoever holds the link; they
    reply here. Who is signed in (if anyone) is never looked at: nothing links the reply to an
    account. A wrong secret is a 404."""
    suggestion = get_suggestion_by_link(secret)
    form = ReplyForm(request.POST) if request.method == "POST" else ReplyForm()
    status = 200
    if form.is_valid():
        try:
            services.reply_as_submitter(suggestion, form.cleaned_data["body"])
        except ValidationError as exc:
            add_refusal(form, exc)
            status = 422
        else:
            url = services.follow_path(secret)
            if is_fragment(request):
                return _private(triggered("suggestion-replied", redirect=url))
            return _private(HttpResponseRedirect(url, status=303))
    context = {
        "suggestion": suggestion,
        "thread": _thread(list(suggestion.messages.thread())),
        "form": form,
        "action": services.follow_path(secret),
        "nav": "feedback",
    }
    if request.method == "POST" and is_fragment(request):
        page = "feedback/suggestions/partials/reply_form.html"
    else:
        page = "feedback/suggestions/follow.html"
    return _private(render(request, page, context, status=status))


# -- one suggestion -------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One message as a reader sees it: who wrote it, in words, and when (to the day for an
    anonymous submitter)."""

    message: SuggestionMessage
    who: str
    day_only: bool


def _thread(rows: list[SuggestionMessage]) -> list[Line]:
    lines = []
    for message in rows:
        if message.from_team:
            who = message.author.name if message.author else _("The team")
        elif message.author is not None:
            who = message.author.name
        else:
            who = _("The person who suggested it")
        anonymous = not message.from_team and message.author is None
        lines.append(Line(message, who, day_only=anonymous))
    return lines


@require_GET
def suggestion_detail(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    person = person_of(request)
    suggestion = get_suggestion_for_user(person, suggestion_id)
    return _detail_page(request, person, suggestion)


def _detail_page(
    request: HttpRequest,
    person: Person,
    suggestion: Suggestion,
    answer_form: AnswerForm | None = None,
    reply_form: ReplyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    now = timezone.now()
    answers = can_answer(person, suggestion)
    replies = is_author(person, suggestion)
    context: dict[str, Any] = {
        "suggestion": suggestion,
        "thread": _thread(list(visible_messages(person, suggestion, now))),
        "whole_thread": sees_thread(person, suggestion),
        "answers": answers,
        "overdue": answers and suggestion.is_overdue(now),
        "answer_form": answer_form or (AnswerForm(current=suggestion.status) if answers else None),
        "reply_form": reply_form or (ReplyForm() if replies else None),
        "nav": "feedback",
    }
    return render(request, "feedback/suggestions/detail.html", context, status=status)


@require_POST
def suggestion_answer(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    """The team's public answer: a status (the first answer must give one) and/or a message."""
    person = person_of(request)
    suggestion = get_suggestion_to_answer(person, suggestion_id)
    form = AnswerForm(request.POST, current=suggestion.status)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.answer_suggestion(
                person,
                suggestion,
                status=data["status"] or None,
                body=data["body"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            add_refusal(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("Your answer is published."))
            return _done(request, suggestion, "suggestion-answered")
    if is_fragment(request):
        context = {"suggestion": suggestion, "answer_form": form}
        return render(
            request, "feedback/suggestions/partials/answer_form.html", context, status=422
        )
    return _detail_page(request, person, suggestion, answer_form=form, status=422)


@require_POST
def suggestion_reply(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    """A named submitter's reply on their own suggestion."""
    person = person_of(request)
    suggestion = get_suggestion_for_user(person, suggestion_id)
    if not is_author(person, suggestion):
        raise Http404
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reply_as_submitter(suggestion, form.cleaned_data["body"], author=person)
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            return _done(request, suggestion, "suggestion-replied")
    if is_fragment(request):
        context = {"suggestion": suggestion, "form": form, "action": request.path}
        return render(request, "feedback/suggestions/partials/reply_form.html", context, status=422)
    return _detail_page(request, person, suggestion, reply_form=form, status=422)


def _done(request: HttpRequest, suggestion: Suggestion, event: str) -> HttpResponse:
    url = services.detail_path(suggestion)
    if is_fragment(request):
        return triggered(event, redirect=url)
    return HttpResponseRedirect(url, status=303)


# -- one's own ------------------------------------------------------------------------------


@require_GET
def suggestion_mine(request: HttpRequest) -> HttpResponse:
    """The suggestions one put one's name to, newest first (anonymous ones are reached only
    through their private links: nothing here knows them)."""
    person = person_of(request)
    rows = (
        Suggestion.objects.by_author(person).select_related("team").order_by("-created_at", "-id")
    )
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "suggestions": list(page.object_list), "nav": "feedback"}
    return render(request, "feedback/suggestions/mine.html", context)
