"""A team's internal customers, `/insights/teams/<slug>/customers/` (decision 0037): its key
customers first, each with its worksheet (what they need from the team, what the team needs
from them, a contact) and its live figures, then its other customers by volume, then its
suppliers; each against the previous period. For whoever sees the team's dashboard.

The team's leads (and administrators) keep the key customers, with htmx: a worksheet's form
opens in place of its card, a save answers 204 and `key-customers-changed`, on which the list
reloads; refusals answer 422 with the form. Without JavaScript the same forms are pages of their
own and a save lands back on the list (303). Anyone else gets 404 from every editing URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inservice.insights import services_customers
from inservice.insights.customer_flows import Counts, Customers, Row, customers_of
from inservice.insights.customer_map import team_name
from inservice.insights.exports import number_text
from inservice.insights.forms import PeriodForm, presets
from inservice.insights.forms_customers import KeyCustomerForm
from inservice.insights.models_customers import KeyCustomer
from inservice.insights.periods import Period
from inservice.insights.permissions_customers import (
    can_edit_key_customers,
    get_customers_team,
    get_team_to_keep,
    may_focus,
)
from inservice.insights.views.customer_map import map_url
from inservice.lib.forms import add_refusal
from inservice.lib.htmx import is_fragment, triggered
from inservice.lib.queries import unique
from inservice.lib.requests import person_of
from inservice.org.models import Team
from inservice.org.permissions import get_team

PAGE = "insights/customers/team.html"
LIST = "insights/customers/partials/team.html"
FORM_PAGE = "insights/customers/key_customer.html"
FORM = "insights/customers/partials/key_customer_form.html"
CHANGED = "key-customers-changed"


def customers_url(team: Team, period: Period | None = None) -> str:
    path = reverse("insights:customers", args=[team.slug])
    if period is None:
        return path
    return f"{path}?from={period.start.isoformat()}&to={period.end.isoformat()}"


# -- the list -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """A customer's (or supplier's) numbers in words, as the tables show them."""

    requests: int
    previous: int
    change: str  # "up 4", "down 2", "no change", "new"
    csat: str
    csat_before: str
    sla: str
    sla_before: str

    @classmethod
    def of(cls, now: Counts, before: Counts) -> Figures:
        return cls(
            now.asked,
            before.asked,
            _change(now.asked, before.asked),
            _score(now.csat),
            _score(before.csat),
            _percent(now.sla),
            _percent(before.sla),
        )


def _change(now: int, before: int) -> str:
    if now == before:
        return _("no change")
    if before == 0:
        return _("new")
    return (
        _("up %(n)s") % {"n": now - before}
        if now > before
        else _("down %(n)s") % {"n": before - now}
    )


def _score(value: float | None) -> str:
    return "—" if value is None else number_text(value)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{number_text(value)}%"


@dataclass(frozen=True)
class RowView:
    name: str
    slug: str  # "" for people in no team
    is_department: bool
    figures: Figures
    key: KeyCustomer | None
    covers: str  # a key department: the teams counted with it, by name

    @classmethod
    def of(cls, row: Row) -> RowView:
        team = row.team
        return cls(
            team_name(team),
            team.slug if team is not None else "",
            bool(team and team.is_department),
            Figures.of(row.now, row.before),
            row.key,
            ", ".join(t.name for t in row.covers),
        )


def list_context(customers: Customers) -> dict[str, Any]:
    return {
        "period": customers.period,
        "previous": customers.period.previous(),
        "key_rows": [RowView.of(r) for r in customers.key],
        "other_rows": [RowView.of(r) for r in customers.others],
        "supplier_rows": [RowView.of(r) for r in customers.suppliers],
        "internal": customers.internal.asked,
        "as_of": customers.as_of,
    }


@require_GET
def team_customers(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = person_of(request)
    team = get_customers_team(viewer, slug)
    form = PeriodForm(request.GET)
    chosen = form.period if form.is_valid() else None
    context: dict[str, Any] = {
        "team": team,
        "form": form,
        "chosen": chosen,
        "presets": [
            {"label": p.label, "url": customers_url(team, p.period), "current": p.period == chosen}
            for p in presets(form.today)
        ],
        "can_edit": can_edit_key_customers(viewer, team),
        "here": customers_url(team, chosen),
        "map_url": map_url(team.slug, chosen) if may_focus(viewer, team) else "",
    }
    if chosen is not None:
        context |= list_context(customers_of(team, chosen))
    status = 200 if chosen is not None else 422
    if is_fragment(request) and request.headers.get("HX-History-Restore-Request") != "true":
        return render(request, LIST, context | {"oob": True}, status=status)
    return render(request, PAGE, context | {"nav": "insights"}, status=status)


# -- keeping key customers ------------------------------------------------------------------------


def _form_response(
    request: HttpRequest, team: Team, form: KeyCustomerForm, status: int = 200
) -> HttpResponse:
    customer = form.fixed
    action = (
        reverse("insights:key_customer", args=[team.slug, customer.slug])
        if customer is not None
        else reverse("insights:key_customer_new", args=[team.slug])
    )
    context = {
        "team": team,
        "form": form,
        "customer": customer,
        "action": action,
        "back": customers_url(team),
        "nav": "insights",
    }
    template = FORM if is_fragment(request) else FORM_PAGE
    return render(request, template, context, status=status)


def _saved(request: HttpRequest, team: Team, message: str) -> HttpResponse:
    if is_fragment(request):
        return triggered(CHANGED)
    messages.success(request, message)
    return HttpResponseRedirect(customers_url(team), status=303)


def _save(request: HttpRequest, team: Team, form: KeyCustomerForm) -> HttpResponse:
    if form.is_valid():
        customer = form.customer_team
        try:
            services_customers.save_key_customer(person_of(request), team, customer, form.draft())
        except ValidationError as exc:
            add_refusal(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc  # the fetcher let them in: only a race ends here
        else:
            return _saved(
                request,
                team,
                _("%(name)s's worksheet is saved.") % {"name": customer.name},
            )
    return _form_response(request, team, form, status=422)


@require_http_methods(["GET", "POST"])
def key_customer_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Marks a customer chosen from every other team (or department) as key."""
    team = get_team_to_keep(person_of(request), slug)
    taken = frozenset(
        KeyCustomer.objects.filter(team=team).values_list("customer_team_id", flat=True)
    )
    if request.method == "GET":
        return _form_response(request, team, KeyCustomerForm(team=team, taken=taken))
    return _save(request, team, KeyCustomerForm(request.POST, team=team, taken=taken))


@require_http_methods(["GET", "POST"])
def key_customer(request: HttpRequest, slug: str, customer_slug: str) -> HttpResponse:
    """One customer's worksheet: a new one when it is not a key customer yet."""
    team = get_team_to_keep(person_of(request), slug)
    customer = get_team(customer_slug)
    if request.method == "GET":
        found = unique(
            KeyCustomer.objects.select_related("contact").filter(team=team, customer_team=customer)
        )
        if found is not None:
            found.customer_team = customer
            form = KeyCustomerForm.for_key_customer(team, found)
        else:
            form = KeyCustomerForm(team=team, customer=customer)
        return _form_response(request, team, form)
    return _save(request, team, KeyCustomerForm(request.POST, team=team, customer=customer))


@require_POST
def key_customer_remove(request: HttpRequest, slug: str, customer_slug: str) -> HttpResponse:
    viewer = person_of(request)
    team = get_team_to_keep(viewer, slug)
    customer = get_team(customer_slug)
    try:
        removed = services_customers.remove_key_customer(viewer, team, customer)
    except PermissionDenied as exc:
        raise Http404 from exc
    if not removed:
        raise Http404
    return _saved(
        request,
        team,
        _("%(name)s is no longer a key customer.") % {"name": customer.name},
    )
