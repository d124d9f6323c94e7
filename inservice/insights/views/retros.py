"""Cross-department retrospectives (decision 0039): one's list, making one, and a retrospective's
page: the previous actions and the data packet at the top, the board (three columns of cards,
votes) and the action items below.

Who may see what is insights.permissions_retros (404 otherwise); every change goes through
insights.services_retros. With htmx each change answers the piece of the page it changed (a
column, a card, the actions), and bad input answers 422 with the form saying why; without it,
a change lands back on the page (303) and bad input shows the page with the form (422).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inservice.insights import retro_board, retro_packet, services_retros
from inservice.insights.exports import csv_text
from inservice.insights.forms_retros import ActionForm, CardForm, CardTextForm, RetroForm
from inservice.insights.models_retros import RetroColumn, Retrospective
from inservice.insights.periods import today as reporting_today
from inservice.insights.permissions_retros import (
    Retro,
    get_card,
    get_card_for_author,
    get_retro_for_user,
    is_facilitator,
    may_create,
)
from inservice.insights.views.display import FigureView
from inservice.lib.forms import add_refusal
from inservice.lib.htmx import is_fragment, triggered
from inservice.lib.paging import CappedPaginator
from inservice.lib.requests import person_of
from inservice.org.models import Person, Team
from inservice.org.permissions import get_team

PAGE_SIZE = 25
DEFAULT_DUE_DAYS = 14
PAGE = "insights/retros/detail.html"


# -- the list and a new one -----------------------------------------------------------------------


@require_GET
def retro_list(request: HttpRequest) -> HttpResponse:
    """The retrospectives one takes part in, newest first (those of one team with `?team=`)."""
    viewer = person_of(request)
    retros = Retrospective.objects.with_participant(viewer)
    team: Team | None = None
    slug = request.GET.get("team", "").strip()
    if slug:
        team = get_team(slug)
        retros = retros.including(team)
    retros = (
        retros.newest_first()
        .select_related("facilitator")
        .prefetch_related(Prefetch("teams", queryset=Team.objects.order_by("name", "id")))
    )
    page = CappedPaginator(retros, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "retros": list(page.object_list),
        "team": team,
        "may_create": may_create(viewer),
        "nav": "insights",
    }
    return render(request, "insights/retros/list.html", context)


@require_http_methods(["GET", "POST"])
def retro_new(request: HttpRequest) -> HttpResponse:
    """Making one: the teams (a lead's own among them) and the period. Leads and administrators
    only (404 for anyone else)."""
    viewer = person_of(request)
    if not may_create(viewer):
        raise Http404
    if request.method == "GET":
        slug = request.GET.get("team", "").strip()
        chosen = list(Team.objects.filter(slug=slug)) if slug else []
        return _new_page(request, RetroForm.initial_for(chosen))
    form = RetroForm(request.POST)
    if form.is_valid():
        try:
            retro = services_retros.create_retrospective(viewer, form.draft())
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            url = reverse("insights:retro", args=[retro.pk])
            messages.success(
                request, _("The retrospective is open: invite the teams to its board.")
            )
            if is_fragment(request):
                return triggered("retro-created", redirect=url)
            return HttpResponseRedirect(url, status=303)
    return _new_page(request, form, status=422)


def _new_page(request: HttpRequest, form: RetroForm, status: int = 200) -> HttpResponse:
    template = "insights/retros/partials/new_form.html"
    if not is_fragment(request):
        template = "insights/retros/new.html"
    return render(request, template, {"form": form, "nav": "insights"}, status=status)


# -- a retrospective's page -----------------------------------------------------------------------


@require_GET
def retro_detail(request: HttpRequest, retro_id: int) -> HttpResponse:
    viewer = person_of(request)
    retro = get_retro_for_user(viewer, retro_id)
    editing = request.GET.get("edit", "")
    return _page(request, viewer, retro, editing=int(editing) if editing.isdigit() else None)


def _page(
    request: HttpRequest,
    viewer: Person,
    retro: Retro,
    *,
    status: int = 200,
    card_form: CardForm | None = None,
    edit_form: CardTextForm | None = None,
    editing: int | None = None,
    action_form: ActionForm | None = None,
) -> HttpResponse:
    """The whole page; a bound form (with its problems) where it was filled in."""
    packet = retro_packet.build(retro, viewer)
    tables = [
        FigureView.of(table, _csv_url(retro, table.key))
        for table in packet.tables()
        if table.key != "previous_actions"
    ]
    views = retro_board.columns(retro, viewer)
    column = card_form.data.get("column") if card_form is not None else None
    columns = [
        {
            "view": view,
            "form": card_form if view.key == column else CardForm(initial={"column": view.key}),
        }
        for view in views
    ]
    if editing is not None and edit_form is None:
        # Without htmx, "Edit" opens the page with the author's card in its form.
        mine = next((c for v in views for c in v.cards if c.pk == editing and c.mine), None)
        edit_form = CardTextForm(initial={"text": mine.card.text}) if mine else None
    context = _common(viewer, retro) | {
        "packet": packet,
        "period": packet.period,
        "tables": tables,
        "previous_csv": _csv_url(retro, "previous_actions"),
        "columns": columns,
        "editing": editing,
        "edit_form": edit_form,
        "actions": retro_board.action_lines(retro.pk, viewer, reporting_today()),
        "action_form": action_form or _action_form(retro),
        "nav": "insights",
    }
    return render(request, PAGE, context, status=status)


def _common(viewer: Person, retro: Retro) -> dict[str, Any]:
    return {
        "retro": retro.retro,
        "teams": retro.teams,
        "is_open": retro.retro.is_open,
        "is_facilitator": is_facilitator(viewer, retro.retro),
    }


def _csv_url(retro: Retro, key: str) -> str:
    return reverse("insights:retro_csv", args=[retro.pk, key])


def _action_form(retro: Retro, data: Any = None) -> ActionForm:
    due = reporting_today() + timedelta(days=DEFAULT_DUE_DAYS)
    return ActionForm(
        data,
        owners=retro_board.owners(retro),
        cards=retro_board.card_choices(retro),
        initial={"due_on": due},
    )


def _back(retro: Retro, anchor: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(
        f"{reverse('insights:retro', args=[retro.pk])}#{anchor}", status=303
    )


@require_GET
def retro_csv(request: HttpRequest, retro_id: int, key: str) -> HttpResponse:
    """One of the packet's tables as CSV: the rows the page shows."""
    viewer = person_of(request)
    retro = get_retro_for_user(viewer, retro_id)
    table = retro_packet.build(retro, viewer).table(key)
    if table is None:
        raise Http404
    response = HttpResponse(csv_text(table), content_type="text/csv; charset=utf-8")
    name = f"retrospective-{retro.pk}-{key}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# -- the board --------------------------------------------------------------------------------------


def _column(
    request: HttpRequest, viewer: Person, retro: Retro, form: CardForm, key: str, status: int
) -> HttpResponse:
    context = _common(viewer, retro) | {
        "column": {"view": retro_board.column_of(retro, viewer, key), "form": form}
    }
    return render(request, "insights/retros/partials/column.html", context, status=status)


@require_POST
def card_add(request: HttpRequest, retro_id: int) -> HttpResponse:
    viewer = person_of(request)
    retro = get_retro_for_user(viewer, retro_id)
    form = CardForm(request.POST)
    if form.is_valid():
        column = form.cleaned_data["column"]
        try:
            services_retros.add_card(viewer, retro, column, form.cleaned_data["text"])
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            if is_fragment(request):
                fresh = CardForm(initial={"column": column})
                return _column(request, viewer, retro, fresh, column, 200)
            return _back(retro, f"column-{column}")
    column = request.POST.get("column", "")
    if is_fragment(request):
        if column not in RetroColumn.values:
            return HttpResponse(_("Choose a column."), status=422, content_type="text/plain")
        return _column(request, viewer, retro, form, column, 422)
    return _page(request, viewer, retro, status=422, card_form=form)


def _card(
    request: HttpRequest,
    viewer: Person,
    retro: Retro,
    card_id: int,
    *,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    found = retro_board.cards(retro, viewer, card_id=card_id)
    if not found:
        return HttpResponse(status=200)  # gone: the swap removes it
    context = _common(viewer, retro) | {"c": found[0], "error": error}
    return render(request, "insights/retros/partials/card.html", context, status=status)


def _edit(
    request: HttpRequest,
    viewer: Person,
    retro: Retro,
    card_id: int,
    form: CardTextForm,
    status: int,
) -> HttpResponse:
    if not is_fragment(request):
        return _page(request, viewer, retro, status=status, edit_form=form, editing=card_id)
    context = _common(viewer, retro) | {"card_id": card_id, "form": form}
    return render(request, "insights/retros/partials/card_edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
def card(request: HttpRequest, retro_id: int, card_id: int) -> HttpResponse:
    """GET: the card (htmx: after cancelling an edit). POST: its author's new text."""
    viewer = person_of(request)
    retro = get_retro_for_user(viewer, retro_id)
    if request.method == "GET":
        get_card(retro, card_id)
        if not is_fragment(request):
            return _back(retro, f"card-{card_id}")
        return _card(request, viewer, retro, card_id)
    found = get_card_for_author(viewer, retro, card_id)
    form = CardTextForm(request.POST)
    if form.is_valid():
        try:
            services_retros.edit_card(viewer, retro, found, form.cleaned_data["text"])
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            if is_fragment(request):
                return _card(request, viewer, retro, card_id)
            return _back(retro, f"card-{card_id}")
    return _edit(request, viewer, retro, card_id, form, 422)


@require_GET
def card_edit(request: HttpRequest, retro_id: int, card_id: int) -> HttpResponse:
    """Its author's form for the card, in its place."""
    viewer = person_of(request)
    retro = get_retro_for_user(viewer, retro_id)
    found = get_card_for_author(viewer, retro, card_id)
    return _edit(request, viewer, retro, card_id, CardTextForm(initial={"text": found.text}), 200)


def _refused(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@require_POST
def card_delete(request: HttpRequest, retro_id: int, card_id: int) -> HttpResponse:
    viewer = person_of(request)
    retro = get_retro_for_user(viewer, retro_id)
    found = get_card_for_author(viewer, retro, card_id)
    try:
        services_retros.delete_card(viewer, retro, found)
    except ValidationError as exc:
        if is_fragment(request):
            return _card(request, viewer, retro, card_id, status=422, error=_refused(exc))
        messages.error(request, _refused(exc))
        return _back(retro, f"card-{card_id}")
    if is_fragment(request):
        return HttpResponse(status=200)  # an empty card: the swap takes it off the board
    return _back(retro, "board")


@require_POST
def card_vote(request: HttpRequest, retro_id: int, card_id: int) -> HttpResponse:
    """A participant's vote on a card, or taking it back."""
    viewer = person_of(request)
    retro = get_retro_for_user(viewer, retro_id)
    found = get_card(retro, card_id)
    try:
        services_retros.toggle_vote(viewer, retro, found)
    except ValidationError as exc:
        if is_fragment(request):
            return _card(request, viewer, retro, card_id, status=422, error=_refused(exc))
        messages.error(request, _refused(exc))
        return _back(retro, f"card-{card_id}")
    if is_fragment(request):
        return _card(request, viewer, retro, card_id)
    return _back(retro, f"card-{card_id}")


# -- action items and closing ------------------------------------------------------------------------


@require_POST
def action_add(request: HttpRequest, retro_id: int) -> HttpResponse:
    viewer = person_of(request)
    retro = get_retro_for_user(viewer, retro_id)
    form = _action_form(retro, request.POST)
    if form.is_valid():
        try:
            services_retros.add_action(viewer, retro, form.draft())
        except ValidationError as exc:
            add_refusal(form, exc)
        else:
            if is_fragment(request):
                return _actions(request, viewer, retro, _action_form(retro), 200)
            messages.success(request, _("The action is a request of its owner's team now."))
            return _back(retro, "actions")
    if is_fragment(request):
        return _actions(request, viewer, retro, form, 422)
    return _page(request, viewer, retro, status=422, action_form=form)


def _actions(
    request: HttpRequest, viewer: Person, retro: Retro, form: ActionForm, status: int
) -> HttpResponse:
    context = _common(viewer, retro) | {
        "actions": retro_board.action_lines(retro.pk, viewer, reporting_today()),
        "action_form": form,
    }
    return render(request, "insights/retros/partials/actions.html", context, status=status)


@require_POST
def retro_close(request: HttpRequest, retro_id: int) -> HttpResponse:
    """The facilitator closes the retrospective (404 for anyone else)."""
    viewer = person_of(request)
    retro = get_retro_for_user(viewer, retro_id)
    if not is_facilitator(viewer, retro.retro):
        raise Http404
    try:
        services_retros.close_retrospective(viewer, retro)
    except ValidationError as exc:
        messages.error(request, _refused(exc))
    else:
        messages.success(
            request,
            _(
                "The retrospective is closed: the next one between these teams starts with its actions."
            ),
        )
    url = reverse("insights:retro", args=[retro.pk])
    if is_fragment(request):
        return triggered("retro-closed", redirect=url)
    return HttpResponseRedirect(url, status=303)
