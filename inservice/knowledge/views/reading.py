"""What readers do on an article: "Did this help?" (an htmx block), and "This answered my
question" from the ask page (nothing is asked; the article counts a deflection)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inservice.knowledge import services
from inservice.knowledge.forms import FeedbackForm
from inservice.knowledge.permissions import get_article_for_user, get_service_to_ask
from inservice.knowledge.views.articles import article_context
from inservice.lib.forms import add_refusal
from inservice.lib.htmx import is_fragment, triggered
from inservice.lib.requests import person_of


@require_POST
def feedback(request: HttpRequest, slug: str) -> HttpResponse:
    """The reader's answer (a second one replaces the first). htmx gets the block back, thanked;
    a plain form post goes back to the article."""
    person = person_of(request)
    article = get_article_for_user(person, slug)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            given = services.give_feedback(
                person,
                article,
                helpful=form.cleaned_data["helpful"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            if is_fragment(request):
                context = {
                    "article": given.article,
                    "mine": given.feedback,
                    "feedback_form": form,
                    "thanked": True,
                }
                return render(request, "knowledge/partials/feedback.html", context)
            messages.success(request, _("Thank you: your answer helps the team improve it."))
            url = reverse("knowledge:article", args=[article.slug]) + "#article-feedback"
            return HttpResponseRedirect(url, status=303)
    if is_fragment(request):
        context = {"article": article, "feedback_form": form}
        return render(request, "knowledge/partials/feedback.html", context, status=422)
    context = article_context(request, person, article, feedback_form=form)
    return render(request, "knowledge/article.html", context, status=422)


@require_POST
def deflect(request: HttpRequest, slug: str) -> HttpResponse:
    """From the ask page's suggestions: the article answered the question, so nothing is asked.
    The person lands on the article, told that nothing was sent."""
    person = person_of(request)
    article = get_article_for_user(person, slug)
    service = get_service_to_ask(person, request.POST.get("service"))
    try:
        services.deflect(person, article, service)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Glad it helped. Nothing was sent: you can still ask if you need to.")
            if service is None
            else _(
                "Glad it helped. Nothing was sent to %(team)s: you can still ask if you need to."
            )
            % {"team": service.team.name},
        )
    url = reverse("knowledge:article", args=[article.slug])
    if is_fragment(request):
        return triggered("question-answered", redirect=url)
    return HttpResponseRedirect(url, status=303)
