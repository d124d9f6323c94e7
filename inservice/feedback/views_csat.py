"""Rating a request: the block on the request page and the page the email's links open.

One click to choose, one to send: a link in the email opens a page with its score chosen, and
only that page's button (a POST) records it, so mail scanners that follow links record nothing.
Every rating goes through services.csat.rate; who sees what is permissions_csat.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from inservice.feedback.forms_csat import SCORE_MESSAGE, RatingForm
from inservice.feedback.models.csat import (
    Rating,
    RatingChannel,
    RatingScore,
    RatingState,
)
from inservice.feedback.permissions_csat import (
    can_rate,
    find_rating,
    is_team_side,
    rating_for_link,
)
from inservice.feedback.services import csat as services
from inservice.feedback.tokens import BadToken, ExpiredToken, read_token
from inservice.lib.forms import add_refusal
from inservice.lib.htmx import is_fragment, triggered
from inservice.lib.requests import person_of
from inservice.lib.timezones import zone_or_utc
from inservice.org.models import Person
from inservice.org.permissions import is_lead
from inservice.tickets.choices import Status
from inservice.tickets.models import Ticket
from inservice.tickets.services import reopen_deadline

BLOCK = "feedback/csat/partials/ticket_rating.html"


def can_still_reopen(ticket: Ticket, now: datetime) -> bool:
    deadline = reopen_deadline(ticket)
    return ticket.status == Status.RESOLVED and deadline is not None and now < deadline


# -- on the request page ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def ticket_rating(request: HttpRequest, key: str) -> HttpResponse:
    """The rating block of a request page, loaded after the page: the requester's one-click
    scale while a rating waits, then the rating with any follow-up answer, to the requester and
    the team. Others who may see the request get nothing; others still, 404."""
    person = person_of(request)
    ticket, rating = find_rating(person, key)
    if rating is None:
        if request.method == "POST":
            raise Http404
        return HttpResponse("")  # nothing of a rating for this viewer: the placeholder goes
    if request.method == "GET":
        return _block(request, person, ticket, rating, RatingForm())
    if not can_rate(person, rating):
        raise Http404
    form = RatingForm(request.POST)
    if form.is_valid():
        reopen = form.cleaned_data["reopen"]
        try:
            services.rate(
                rating,
                form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
                reopen=reopen,
                channel=RatingChannel.APP,
                actor=person,
            )
        except ValidationError as exc:
            add_refusal(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            if is_fragment(request):
                # The block reloads itself; a reopened request's status and timeline too.
                events = {"rating-saved": "", **({"ticket-changed": ""} if reopen else {})}
                return triggered(events)
            messages.success(request, _("Thank you: your rating is recorded."))
            return HttpResponseRedirect(reverse("tickets:detail", args=[ticket.key]), status=303)
    if is_fragment(request):
        return _block(request, person, ticket, rating, form, status=422)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return HttpResponseRedirect(reverse("tickets:detail", args=[ticket.key]), status=303)


def _block(
    request: HttpRequest,
    person: Person,
    ticket: Ticket,
    rating: Rating,
    form: RatingForm,
    status: int = 200,
) -> HttpResponse:
    now = timezone.now()
    context = {
        "ticket": ticket,
        "rating": rating,
        "state": rating.state_at(now),
        "follow_up": rating.follow_up_or_none(),
        "form": form,
        "scale": RatingScore.choices,
        "is_requester": can_rate(person, rating),
        "is_team": is_team_side(person, rating),
        "is_lead": is_lead(person, rating.team_id),
        "can_reopen": can_still_reopen(ticket, now),
        "now": now,
    }
    return render(request, BLOCK, context, status=status)


# -- the email's links -----------------------------------------------------------------------


@login_not_required
@require_http_methods(["GET", "POST"])
def rate_link(request: HttpRequest, token: str) -> HttpResponse:
    """The page a rating link opens, with the clicked score chosen (GET records nothing); its
    button records the rating (POST). The signed token is the authority: no sign-in asked."""
    try:
        rating = rating_for_link(read_token(token))
    except BadToken:
        rating = None
    except ExpiredToken as exc:
        return _expired_link(request, rating_for_link(exc.rating_id))
    if rating is None:
        return render(request, "feedback/csat/rate_invalid.html", status=404)
    now = timezone.now()
    with timezone.override(zone_or_utc(rating.requester.time_zone)):
        if rating.rated_at is not None:
            return _closed(request, rating, "rated")
        if rating.state_at(now) == RatingState.EXPIRED:
            return _closed(request, rating, "expired")
        if request.method == "GET":
            chosen = request.GET.get("score", "")
            known = chosen in {str(value) for value in RatingScore.values}
            form = RatingForm(initial={"score": int(chosen)} if known else {})
            # A score that is not one leaves the scale unchosen, saying so; nothing is recorded.
            return _link_page(
                request, rating, form, str(SCORE_MESSAGE) if chosen and not known else ""
            )
        form = RatingForm(request.POST)
        if form.is_valid():
            try:
                services.rate(
                    rating,
                    form.cleaned_data["score"],
                    comment=form.cleaned_data["comment"],
                    reopen=form.cleaned_data["reopen"],
                    channel=RatingChannel.EMAIL,
                )
            except ValidationError as exc:
                add_refusal(form, exc)
            else:
                rating.refresh_from_db()
                return render(request, "feedback/csat/rate_done.html", _link_context(rating, form))
        return _link_page(request, rating, form, status=422)


def _link_context(rating: Rating, form: RatingForm, score_problem: str = "") -> dict[str, Any]:
    chosen = form.initial.get("score") if not form.is_bound else form.data.get("score")
    return {
        "rating": rating,
        "ticket": rating.ticket,
        "form": form,
        "scale": RatingScore.choices,
        "chosen": str(chosen or ""),
        "can_reopen": can_still_reopen(rating.ticket, timezone.now()),
        "score_problem": score_problem,
    }


def _link_page(
    request: HttpRequest,
    rating: Rating,
    form: RatingForm,
    score_problem: str = "",
    status: int = 200,
) -> HttpResponse:
    context = _link_context(rating, form, score_problem)
    return render(request, "feedback/csat/rate.html", context, status=status)


def _closed(request: HttpRequest, rating: Rating, why: str) -> HttpResponse:
    """A link already used, or one whose rating closed: said plainly, nothing changes. A POST
    answers 422, as any refused change does."""
    status = 422 if request.method == "POST" else 200
    context = {"rating": rating, "ticket": rating.ticket, "why": why}
    return render(request, "feedback/csat/rate_closed.html", context, status=status)


def _expired_link(request: HttpRequest, rating: Rating | None) -> HttpResponse:
    """The link is older than its 14 days; the rating it named may still be open on the
    request page (an email sent again late carries a fresh link)."""
    if rating is None:
        return render(request, "feedback/csat/rate_invalid.html", status=404)
    with timezone.override(zone_or_utc(rating.requester.time_zone)):
        if rating.rated_at is not None:
            return _closed(request, rating, "rated")
        status = 422 if request.method == "POST" else 200
        context = {
            "rating": rating,
            "ticket": rating.ticket,
            "why": "link_expired",
            "still_open": rating.state_at(timezone.now()) == RatingState.PENDING,
        }
        return render(request, "feedback/csat/rate_closed.html", context, status=status)
