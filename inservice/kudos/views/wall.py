"""Reading kudos: the wall (team, value, period; "show more" by cursor), one kudos, a person's
kudos received or given, and a month's highlights. Reads only."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from inservice.kudos import highlights as months
from inservice.kudos.choices import Direction, Period
from inservice.kudos.figures import person_figures
from inservice.kudos.forms import HideForm
from inservice.kudos.models import Kudos, KudosQuerySet, Value
from inservice.kudos.permissions import can_delete, can_hide, get_kudos_for_user
from inservice.kudos.wall import (
    ORDERING,
    PAGE_SIZE,
    WallFilter,
    card,
    cards,
    period_named,
    value_named,
)
from inservice.lib.cursor import Page, paginate
from inservice.lib.htmx import is_fragment
from inservice.lib.requests import person_of
from inservice.org.models import Person, Team
from inservice.org.permissions import get_person, get_team

ROWS = "kudos/partials/rows.html"


def page_of(kudos: KudosQuerySet, cursor: str) -> Page[Kudos]:
    """One page of cards after `cursor`; a cursor Inservice did not give out starts over."""
    try:
        return paginate(kudos, ORDERING, cursor or None, PAGE_SIZE)
    except (ValueError, TypeError, ValidationError):
        return paginate(kudos, ORDERING, None, PAGE_SIZE)


def more_url(path: str, params: list[tuple[str, str]], page: Page[Kudos]) -> str:
    if page.next_cursor is None:
        return ""
    return f"{path}?{urlencode([*params, ('cursor', page.next_cursor)])}"


def read_filter(request: HttpRequest) -> WallFilter:
    """The wall's filters from the query string: an unknown team is a 404, an unknown value
    filters nothing, the period is the last 30 days unless chosen."""
    slug = request.GET.get("team", "").strip()
    return WallFilter(
        team=get_team(slug) if slug else None,
        value=value_named(request.GET.get("value", "").strip()),
        period=period_named(request.GET.get("period", "")),
    )


@require_GET
def wall(request: HttpRequest) -> HttpResponse:
    """Every kudos shown, newest first, for everyone signed in; a lead (or administrator) also
    sees, as "hidden by a lead", those they could have hidden."""
    viewer = person_of(request)
    now = timezone.now()
    chosen = read_filter(request)
    cursor = request.GET.get("cursor", "")
    page = page_of(chosen.apply(Kudos.objects.visible_to(viewer), now).for_cards(viewer), cursor)
    context: dict[str, Any] = {
        "cards": cards(viewer, page.items),
        "more_url": more_url(request.path, chosen.params(), page),
    }
    if cursor and is_fragment(request):
        return render(request, ROWS, context)  # "show more": the next cards
    totals = None
    if chosen.period != Period.ALL:
        totals = chosen.apply(Kudos.objects.shown(), now).aggregate(
            total=Count("id"), across=Count("id", filter=Q(cross_team=True))
        )
    context |= {
        "filter": chosen,
        "totals": totals,
        "teams": list(Team.objects.order_by("name").only("name", "slug")),
        "values": list(Value.objects.in_order()),
        "periods": Period.choices,
        "nav": "kudos",
    }
    if is_fragment(request) and not _restoring_history(request):
        return render(request, "kudos/partials/wall.html", context)  # the filters changed
    return render(request, "kudos/wall.html", context)


def _restoring_history(request: HttpRequest) -> bool:
    """htmx asks again for a page it pushed to the history (Back, with its cache gone): that
    wants the whole page, not the fragment the filters swapped in."""
    return request.headers.get("HX-History-Restore-Request") == "true"


@require_GET
def detail(request: HttpRequest, kudos_id: int) -> HttpResponse:
    viewer = person_of(request)
    kudos = get_kudos_for_user(viewer, kudos_id)
    return detail_page(request, viewer, kudos)


def detail_page(
    request: HttpRequest,
    viewer: Person,
    kudos: Kudos,
    hide_form: HideForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    hides = kudos.hidden_at is None and can_hide(viewer, kudos)
    context = {
        "card": card(viewer, kudos),
        "deletable": can_delete(viewer, kudos),
        "hide_form": (hide_form or HideForm()) if hides else None,
        "problem": problem,
        "nav": "kudos",
    }
    return render(request, "kudos/detail.html", context, status=status)


@require_GET
def person_kudos(request: HttpRequest, person_id: int) -> HttpResponse:
    """A colleague's kudos, received (the default) or given, newest first, with their counts."""
    viewer = person_of(request)
    person = get_person(person_id)
    direction = request.GET.get("direction", "")
    direction = direction if direction in Direction.values else Direction.RECEIVED
    mine = Kudos.objects.visible_to(viewer)
    rows = mine.given_by(person) if direction == Direction.GIVEN else mine.received_by(person)
    cursor = request.GET.get("cursor", "")
    page = page_of(rows.for_cards(viewer), cursor)
    params = [("direction", direction)] if direction != Direction.RECEIVED else []
    context: dict[str, Any] = {
        "cards": cards(viewer, page.items),
        "more_url": more_url(request.path, params, page),
    }
    if cursor and is_fragment(request):
        return render(request, ROWS, context)
    context |= {
        "person": person,
        "figures": person_figures(person),
        "direction": direction,
        "directions": Direction.choices,
        "is_self": person.pk == viewer.pk,
        "nav": "kudos",
    }
    return render(request, "kudos/person.html", context)


@require_GET
def highlights(request: HttpRequest, month: str) -> HttpResponse:
    """A month's highlights, as the monthly digest tells them."""
    if months.parse_month(month) is None:
        raise Http404
    found = months.month_highlights(month)
    context = {
        "highlights": found,
        "label": months.month_label(month),
        "previous": months.previous_month(months.month_start(month)),
        "nav": "kudos",
    }
    return render(request, "kudos/highlights.html", context)
