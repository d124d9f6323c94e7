"""A team's queue: saved views with counts, filters, sorting, pagination and bulk assignment."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from inservice.lib.htmx import is_fragment
from inservice.lib.paging import CappedPaginator
from inservice.lib.requests import person_of
from inservice.org.models import Person, Team
from inservice.org.permissions import can_manage_team, get_team, is_member
from inservice.sla import business
from inservice.tickets import services
from inservice.tickets.forms import QueueFilterForm
from inservice.tickets.queue import (
    DEFAULT_SORT,
    QueueFilters,
    team_queue,
    view_counts,
    views_for,
)
from inservice.tickets.views.queue_rows import RowMaker

PAGE_SIZE = 50
FILTER_KEYS = ("status", "priority", "assignee", "service", "health", "q", "sort")


def _queue_team(request: HttpRequest, slug: str) -> Team:
    team = get_team(slug)
    if not is_member(person_of(request), team):
        raise Http404
    return team


@require_GET
def queue(request: HttpRequest, slug: str) -> HttpResponse:
    person = person_of(request)
    team = _queue_team(request, slug)
    views = views_for(team, person)
    params = request.GET.copy()
    current = params.get("view", "" if any(k in params for k in FILTER_KEYS) else "open")
    chosen = next((v for v in views if v.slug == current), None)
    if chosen is not None:
        params = QueryDict(chosen.query, mutable=True)
        params["view"] = chosen.slug
    form = QueueFilterForm(params)
    problems: list[str] = []
    sort = DEFAULT_SORT
    if form.is_valid():
        filters = QueueFilters.from_cleaned(form.cleaned_data)
        sort = filters.sort
        page = CappedPaginator(team_queue(team, person, filters), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    else:
        problems = [
            f"{form.fields[name].label}: {' '.join(str(e) for e in errs)}"
            for name, errs in form.errors.items()
        ]
        page = Paginator([], PAGE_SIZE).get_page(1)
    counts = view_counts(team, person, views)
    # Time left in the team's calendar, from each row's own due time and health: no query per row.
    table, now = business.for_team(team), timezone.now()
    maker = RowMaker(table, now)
    rows = [maker.row(t) for t in page.object_list]
    query = urlencode([(k, v) for k in FILTER_KEYS for v in params.getlist(k)])
    context = {
        "team": team,
        "form": form,
        "views": [(v, counts[v.slug]) for v in views],
        "current_view": chosen.slug if chosen else "",
        "page": page,
        "tickets": page.object_list,
        "rows": rows,
        "sort": sort,
        "problems": problems,
        "query": query,
        "members": Person.objects.filter(memberships__team=team, is_active=True).order_by("name"),
        "services": team.services.order_by("name"),
        "can_share_views": can_manage_team(person, team),
        "nav": "queue",
        "nav_team": team.slug,
    }
    template = "tickets/partials/queue_table.html" if is_fragment(request) else "tickets/queue.html"
    return render(request, template, context, status=422 if problems else 200)


@require_POST
def bulk_assign(request: HttpRequest, slug: str) -> HttpResponse:
    person = person_of(request)
    team = _queue_team(request, slug)
    keys = request.POST.getlist("keys")
    choice = request.POST.get("assignee", "")
    back = reverse("tickets:queue", args=[team.slug]) + "?" + request.POST.get("query", "")
    assignee: Person | None = None
    if choice == "me":
        assignee = person
    elif choice.isdigit():
        assignee = Person.objects.filter(pk=int(choice), memberships__team=team).first()
        if assignee is None:
            messages.error(request, _("Choose a member of %(team)s.") % {"team": team})
            return HttpResponseRedirect(back, status=303)
    elif choice != "none":
        messages.error(request, _("Choose who gets the selected requests."))
        return HttpResponseRedirect(back, status=303)
    if not keys:
        messages.error(request, _("Select at least one request."))
        return HttpResponseRedirect(back, status=303)
    try:
        changed = services.bulk_assign(person, team, keys, assignee)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("%(n)s requests reassigned.") % {"n": changed})
    return HttpResponseRedirect(back, status=303)


@require_POST
def save_view(request: HttpRequest, slug: str) -> HttpResponse:
    person = person_of(request)
    team = _queue_team(request, slug)
    try:
        view = services.save_view(
            person,
            team,
            request.POST.get("name", ""),
            request.POST.get("query", ""),
            shared=request.POST.get("shared") == "on",
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return HttpResponseRedirect(
            reverse("tickets:queue", args=[team.slug]) + "?" + request.POST.get("query", ""),
            status=303,
        )
    return HttpResponseRedirect(
        reverse("tickets:queue", args=[team.slug]) + f"?view=saved-{view.pk}", status=303
    )


@require_POST
def delete_view(request: HttpRequest, slug: str, view_id: int) -> HttpResponse:
    person = person_of(request)
    team = _queue_team(request, slug)
    try:
        services.delete_view(person, team, view_id)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return HttpResponseRedirect(reverse("tickets:queue", args=[team.slug]), status=303)
