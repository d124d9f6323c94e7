"""Concerns about a service received: raising one (about a team, or a request one may see), the
list of one's own and of those raised with one, one concern and its answer. Nobody but its
raiser and whoever it was raised with sees a concern (feedback.permissions_suggestions)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inservice.feedback.forms_suggestions import ConcernAnswerForm, ConcernForm
from inservice.feedback.models.suggestions import Concern
from inservice.feedback.permissions_suggestions import (
    can_answer_concern,
    get_concern_for_user,
    get_concern_to_answer,
)
from inservice.feedback.services import suggestions as services
from inservice.lib.forms import add_refusal
from inservice.lib.htmx import is_fragment, triggered
from inservice.lib.paging import CappedPaginator
from inservice.lib.requests import person_of
from inservice.org.models import Person, Team
from inservice.org.permissions import get_team
from inservice.tickets.models import Ticket
from inservice.tickets.permissions import get_ticket_for_user

PAGE_SIZE = 25


def _subject(request: HttpRequest, person: Person) -> tuple[Team | None, Ticket | None]:
    """What the concern is about, from the address: `?request=<key>` (one the person may see,
    else 404) or `?team=<slug>`; neither: the form asks for the team."""
    key = request.GET.get("request", "").strip()
    if key:
        ticket = get_ticket_for_user(person, key)
        return ticket.team, ticket
    slug = request.GET.get("team", "").strip()
    return (get_team(slug), None) if slug else (None, None)


@require_http_methods(["GET", "POST"])
def concern_new(request: HttpRequest) -> HttpResponse:
    """Raise a concern, in confidence, with the team's lead (or the lead's manager)."""
    person = person_of(request)
    team, ticket = _subject(request, person)
    if request.method == "GET":
        return _form_page(request, ConcernForm(), team, ticket)
    form = ConcernForm(request.POST)
    if form.is_valid():
        chosen = team or form.cleaned_data["team"]
        if chosen is None:
            form.add_error("team", _("Choose the team whose service your concern is about."))
        else:
            new = services.NewConcern(
                team=chosen,
                body=form.cleaned_data["body"],
                about_lead=form.cleaned_data["about_lead"],
                ticket=ticket,
            )
            try:
                concern = services.raise_concern(person, new)
            except ValidationError as exc:
                add_refusal(form, exc)
            else:
                messages.success(request, _("Your concern is raised, in confidence."))
                url = services.concern_path(concern)
                if is_fragment(request):
                    return triggered("concern-raised", redirect=url)
                return HttpResponseRedirect(url, status=303)
    return _form_page(request, form, team, ticket, status=422)


def _form_page(
    request: HttpRequest,
    form: ConcernForm,
    team: Team | None,
    ticket: Ticket | None,
    status: int = 200,
) -> HttpResponse:
    query = {"request": ticket.key} if ticket else {"team": team.slug} if team else {}
    context = {
        "form": form,
        "team": team,
        "ticket": ticket,
        "action": request.path + (f"?{urlencode(query)}" if query else ""),
        "nav": "feedback",
    }
    if is_fragment(request):
        return render(
            request, "feedback/suggestions/partials/concern_form.html", context, status=status
        )
    return render(request, "feedback/suggestions/concern_new.html", context, status=status)


@require_GET
def concern_list(request: HttpRequest) -> HttpResponse:
    """The concerns one raised and those raised with one, newest first."""
    person = person_of(request)
    rows = Concern.objects.visible_to(person).for_list()
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "concerns": list(page.object_list),
        "person": person,
        "now": timezone.now(),
        "nav": "feedback",
    }
    return render(request, "feedback/suggestions/concern_list.html", context)


@require_GET
def concern_detail(request: HttpRequest, concern_id: int) -> HttpResponse:
    person = person_of(request)
    concern = get_concern_for_user(person, concern_id)
    return _detail_page(request, person, concern)


def _detail_page(
    request: HttpRequest,
    person: Person,
    concern: Concern,
    form: ConcernAnswerForm | None = None,
    status: int = 200,
) -> HttpResponse:
    answers = can_answer_concern(person, concern) and concern.answered_at is None
    context = {
        "concern": concern,
        "form": form or (ConcernAnswerForm() if answers else None),
        "overdue": concern.is_overdue(timezone.now()),
        "nav": "feedback",
    }
    return render(request, "feedback/suggestions/concern_detail.html", context, status=status)


@require_POST
def concern_answer(request: HttpRequest, concern_id: int) -> HttpResponse:
    person = person_of(request)
    concern = get_concern_to_answer(person, concern_id)
    form = ConcernAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_concern(person, concern, form.cleaned_data["answer"])
        except ValidationError as exc:
            add_refusal(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("Your answer is sent."))
            url = services.concern_path(concern)
            if is_fragment(request):
                return triggered("concern-answered", redirect=url)
            return HttpResponseRedirect(url, status=303)
    if is_fragment(request):
        context = {"concern": concern, "form": form}
        return render(
            request, "feedback/suggestions/partials/concern_answer_form.html", context, status=422
        )
    return _detail_page(request, person, concern, form, status=422)
