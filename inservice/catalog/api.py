"""The service catalog over the API: what the caller may ask for, and each service's intake form."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from inservice.catalog.models import Service
from inservice.catalog.permissions import can_ask, get_service_for_user
from inservice.catalog.schemas import ServiceDetail, ServiceOut, ServicePage
from inservice.catalog.targets import describe_targets
from inservice.lib.api import PageQuery, page_or_422
from inservice.org.api_auth import caller

router = Router(tags=["services"])


@router.get("/services", response=ServicePage, summary="Services you may ask for")
def list_services(
    request: HttpRequest, paging: Query[PageQuery], q: str = "", team: str = ""
) -> dict[str, Any]:
    """The catalog as the portal shows it to you, by name; `q` searches, `team` is a team's slug."""
    services = Service.objects.offered_to(caller(request)).select_related("team")
    if q.strip():
        services = services.search(q.strip()[:100])
    if team:
        services = services.filter(team__slug=team)
    page = page_or_422(services, ["name", "id"], paging.cursor, paging.limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/services/{slug}", response=ServiceDetail, summary="One service and its intake form")
def get_service(request: HttpRequest, slug: str) -> dict[str, Any]:
    person = caller(request)
    service = get_service_for_user(person, slug)
    return {
        **ServiceOut.from_orm(service).dict(),
        "description": service.description,
        "accountable": service.accountable,
        "targets": describe_targets(service),
        "steps": list(service.steps.all()),
        "can_ask": can_ask(person, service),
        "fields": list(service.fields.all()),
    }
