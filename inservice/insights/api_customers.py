"""The customer map and key customers over the API (decision 0037), for the same people as the
pages (insights.permissions_customers): what the caller may not see, or may not change, is a
404; a wrong date or a refused worksheet is a 422 naming the field.

- `GET /insights/map?from=&to=&focus=`: the map's nodes and edges (the flows drawn, busiest
  first; those folded when there are too many, added up). Bounded: never paged.
- `GET /teams/{slug}/key-customers`: the team's key customers with their worksheets (one per
  customer team, never paged); `GET`, `PUT` (201 when new, 200 after) and `DELETE` (204)
  `/teams/{slug}/key-customers/{customer_slug}`: one of them, for the team's leads.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, QueryDict
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from inservice.insights import customer_flows, services_customers
from inservice.insights.customer_flows import Counts, Network, Node, TeamInfo
from inservice.insights.customer_map import edge_ends, note_of
from inservice.insights.forms import PeriodForm
from inservice.insights.models_customers import KeyCustomer
from inservice.insights.periods import Period
from inservice.insights.permissions_customers import (
    get_customers_team,
    get_map_focus,
    get_team_to_keep,
)
from inservice.insights.schemas_customers import KeyCustomerIn, KeyCustomerOut, MapOut, MapQuery
from inservice.lib.api import form_problems, problem, service_call, unprocessable
from inservice.lib.queries import unique
from inservice.org.api_auth import caller
from inservice.org.fields import find_person
from inservice.org.models import Person, Team
from inservice.org.permissions import get_team

router = Router(tags=["customer map"])


@router.get("/insights/map", response=MapOut, summary="The internal customer map")
def get_map(request: HttpRequest, query: Query[MapQuery]) -> dict[str, Any]:
    """Teams and the requests between them over the period: each edge from the requesting team
    to the serving team, with requests, ratings and resolution on time."""
    viewer = caller(request)
    focus = get_map_focus(viewer, query.focus.strip())
    params = QueryDict(mutable=True)
    params.update({"from": query.start, "to": query.end})
    form = PeriodForm(params)
    if not form.is_valid():
        raise unprocessable(form_problems(form, ("query",)))
    return _map(customer_flows.network(form.period, focus=focus), form.period)


def _team(team: TeamInfo | None) -> dict[str, str] | None:
    return None if team is None else {"slug": team.slug, "name": team.name}


def _counts(counts: Counts) -> dict[str, Any]:
    return {
        "requests": counts.asked,
        "ratings": counts.ratings,
        "csat": counts.csat,
        "resolution_met": counts.met,
        "resolution_breached": counts.breached,
        "sla_percent": counts.sla,
    }


def _node(node: Node) -> dict[str, Any]:
    team = node.team
    return {
        "key": node.key,
        "team": _team(team),
        "kind": team.kind if team else "",
        "department": team.department if team else "",
        "role": node.role,
        "asked": node.asked,
        "received": node.received,
    }


def _map(network: Network, period: Period) -> dict[str, Any]:
    edges = []
    for edge in network.edges:
        source, target = edge_ends(network, edge)
        edges.append(
            {"source": source, "target": target, "source_team": _team(edge.source)}
            | {"target_team": _team(edge.target)}
            | _counts(edge.counts)
        )
    return {
        "period": {"start": period.start, "end": period.end},
        "focus": _team(network.focus),
        "nodes": [_node(n) for n in network.nodes],
        "edges": edges,
        "folded": [
            {"side": side, "flows": f.flows, "teams": f.teams} | _counts(f.counts)
            for side, f in network.folded.items()
        ],
        "internal": network.internal,
        "as_of": network.as_of,
        "note": note_of(network),
    }


# -- key customers --------------------------------------------------------------------------------


def _key(key: KeyCustomer) -> dict[str, Any]:
    return {
        "team": key.team,
        "customer": key.customer_team,
        "customer_kind": key.customer_team.kind,
        "needs_from_us": key.needs_from_us,
        "we_need": key.we_need,
        "contact": key.contact,
        "notes": key.notes,
        "updated_at": key.updated_at,
        "updated_by": key.updated_by,
    }


def _keys(team: Team) -> QuerySet[KeyCustomer]:
    return KeyCustomer.objects.filter(team=team).select_related(
        "team", "customer_team", "contact", "updated_by"
    )


@router.get(
    "/teams/{slug}/key-customers",
    response=list[KeyCustomerOut],
    summary="A team's key customers",
)
def list_key_customers(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """Every key customer of the team with its worksheet, by the customer's name; for whoever
    sees the team's dashboard."""
    team = get_customers_team(caller(request), slug)
    return [_key(k) for k in _keys(team).order_by("customer_team__name", "pk")]


def _one(team: Team, customer_slug: str) -> KeyCustomer:
    found = unique(_keys(team).filter(customer_team__slug=customer_slug))
    if found is None:
        raise Http404
    return found


@router.get(
    "/teams/{slug}/key-customers/{customer_slug}",
    response=KeyCustomerOut,
    summary="One key customer",
)
def get_key_customer(request: HttpRequest, slug: str, customer_slug: str) -> dict[str, Any]:
    team = get_customers_team(caller(request), slug)
    return _key(_one(team, customer_slug))


def _contact(text: str | None) -> Person | None:
    if text is None or not text.strip():
        return None
    found = find_person(text)
    if found is None:
        message = _("Nobody in the directory matches “%(text)s”.") % {"text": text}
        raise unprocessable([problem(("body", "contact"), message, "unknown_person")])
    return found


@router.put(
    "/teams/{slug}/key-customers/{customer_slug}",
    response={200: KeyCustomerOut, 201: KeyCustomerOut},
    summary="Mark a key customer, or rewrite its worksheet (the team's leads)",
)
def put_key_customer(
    request: HttpRequest, slug: str, customer_slug: str, payload: KeyCustomerIn
) -> Status[dict[str, Any]]:
    """The whole worksheet: what they need from the team (required), what the team needs from
    them, a contact (an email or username) and notes. The customer is any other team or a
    department."""
    person = caller(request)
    team = get_team_to_keep(person, slug)
    customer = get_team(customer_slug)
    draft = services_customers.KeyCustomerDraft(
        needs_from_us=payload.needs_from_us,
        we_need=payload.we_need,
        contact=_contact(payload.contact),
        notes=payload.notes,
    )
    with service_call(where={"customer": ("path", "customer_slug")}):
        _saved, created = services_customers.save_key_customer(person, team, customer, draft)
    return Status(201 if created else 200, _key(_one(team, customer_slug)))


@router.delete(
    "/teams/{slug}/key-customers/{customer_slug}",
    response={204: None},
    summary="No longer a key customer (the team's leads)",
)
def delete_key_customer(request: HttpRequest, slug: str, customer_slug: str) -> Status[None]:
    person = caller(request)
    team = get_team_to_keep(person, slug)
    customer = get_team(customer_slug)
    with service_call():
        removed = services_customers.remove_key_customer(person, team, customer)
    if not removed:
        raise Http404
    return Status(204, None)
