"""Requests over the API: ask, follow, serve. Every change goes through tickets.services.

Anything the caller may not see is a 404 (tickets.permissions.get_ticket_for_user), exactly as
on the pages; a refusal by a service is a 403 or a 422 naming the field, and changes nothing.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import FileResponse, Http404, HttpRequest, QueryDict
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from inservice.catalog.models import Service
from inservice.lib.api import (
    PageQuery,
    form_problems,
    page_or_422,
    problem,
    service_call,
    unprocessable,
)
from inservice.org.api_auth import caller
from inservice.org.models import Team
from inservice.org.permissions import get_team, is_member
from inservice.tickets import services
from inservice.tickets.api_asking import ask
from inservice.tickets.api_detail import entry_data, request_detail
from inservice.tickets.choices import DONE_STATUSES
from inservice.tickets.downloads import attachment_download
from inservice.tickets.forms import QueueFilterForm
from inservice.tickets.models import Ticket
from inservice.tickets.permissions import get_ticket_for_user
from inservice.tickets.queue import QueueFilters, team_queue
from inservice.tickets.schemas import (
    EntryOut,
    MessageIn,
    QueueQuery,
    RequestCreated,
    RequestDetail,
    RequestIn,
    RequestOut,
    RequestPage,
    TransferIn,
    TransitionIn,
)

router = Router(tags=["requests"])


@router.get("/requests", response=RequestPage, summary="Your requests")
def list_mine(
    request: HttpRequest,
    paging: Query[PageQuery],
    state: Literal["open", "done", "all"] = "open",
) -> dict[str, Any]:
    """What you asked, or someone asked for you; newest first."""
    tickets = Ticket.objects.asked_by(caller(request)).with_list_columns()
    if state == "open":
        tickets = tickets.open()
    elif state == "done":
        tickets = tickets.filter(status__in=DONE_STATUSES)
    page = page_or_422(tickets, ["-created_at", "-id"], paging.cursor, paging.limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.post("/requests", response={201: RequestCreated}, summary="Ask for a service")
def create_request(request: HttpRequest, payload: RequestIn) -> Status[Ticket]:
    """Answers are checked by the service's intake form, as on the portal (see GET /services/{slug}).

    Answers with the new request's key and state; GET /requests/{key} gives its timeline.
    """
    return Status(201, ask(caller(request), payload))


@router.get("/teams/{slug}/queue", response=RequestPage, summary="A team's queue")
def queue(
    request: HttpRequest, slug: str, paging: Query[PageQuery], filters: Query[QueueQuery]
) -> dict[str, Any]:
    """The queue page's filters and sorts, for members of the team."""
    person = caller(request)
    team = get_team(slug)
    if not is_member(person, team):
        raise Http404
    form = QueueFilterForm(_queue_params(team, filters))
    if not form.is_valid():
        raise unprocessable(form_problems(form, ("query",)))
    chosen = QueueFilters.from_cleaned(form.cleaned_data)
    tickets = team_queue(team, person, chosen).select_related("team")
    page = page_or_422(tickets, chosen.ordering(), paging.cursor, paging.limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


def _queue_params(team: Team, filters: QueueQuery) -> QueryDict:
    params = QueryDict(mutable=True)
    params.setlist("status", filters.status)
    params.setlist("priority", [str(p) for p in filters.priority])
    for name in ("assignee", "q", "sort"):
        params[name] = getattr(filters, name)
    service = filters.service.strip()
    if service and not service.isdigit():
        # The page names services by id; API clients know them by slug.
        found = Service.objects.filter(team=team, slug=service).values_list("pk", flat=True).first()
        if found is None:
            message = _("%(team)s has no service “%(slug)s”.") % {"team": team, "slug": service}
            raise unprocessable([problem(("query", "service"), message, "not_found")])
        service = str(found)
    params["service"] = service
    return params


@router.get("/requests/{key}", response=RequestDetail, summary="One request and its timeline")
def get_request(request: HttpRequest, key: str) -> dict[str, Any]:
    """The timeline as you may see it: internal notes only for the teams serving the request."""
    person = caller(request)
    return request_detail(person, get_ticket_for_user(person, key))


@router.get("/requests/{key}/files/{token}", summary="Download a file of a request")
def download_attachment(request: HttpRequest, key: str, token: str) -> FileResponse:
    """The same rule as the portal's download: internal files only for those who see notes."""
    person = caller(request)
    return attachment_download(person, get_ticket_for_user(person, key), token)


@router.post("/requests/{key}/transition", response=RequestOut, summary="Move a request")
def transition(request: HttpRequest, key: str, payload: TransitionIn) -> Ticket:
    """Through the lifecycle, as the transition table allows you (see `transitions` on the request)."""
    person = caller(request)
    ticket = get_ticket_for_user(person, key)
    with service_call({"body": ("body", "message")}):
        return services.transition(
            person,
            ticket,
            payload.action,
            version=payload.version,
            message=payload.message,
            reason=payload.reason,
        )


@router.post("/requests/{key}/replies", response={201: EntryOut}, summary="Reply publicly")
def reply(request: HttpRequest, key: str, payload: MessageIn) -> Status[dict[str, Any]]:
    return Status(201, _add_message(request, key, payload, internal=False))


@router.post("/requests/{key}/notes", response={201: EntryOut}, summary="Add an internal note")
def note(request: HttpRequest, key: str, payload: MessageIn) -> Status[dict[str, Any]]:
    """Only members of the team holding the request; the requester never sees notes."""
    return Status(201, _add_message(request, key, payload, internal=True))


def _add_message(
    request: HttpRequest, key: str, payload: MessageIn, internal: bool
) -> dict[str, Any]:
    person = caller(request)
    ticket = get_ticket_for_user(person, key)
    with service_call(illegal=("body",)):
        entry = services.reply(
            person, ticket, payload.body, internal=internal, version=payload.version
        )
    return entry_data(ticket, entry)


@router.post("/requests/{key}/transfer", response=RequestOut, summary="Hand over to another team")
def transfer(request: HttpRequest, key: str, payload: TransferIn) -> Ticket:
    """With a reason and a handoff note the receiving team reads first; the request starts again
    as new."""
    person = caller(request)
    ticket = get_ticket_for_user(person, key)
    team = Team.objects.filter(slug=payload.team, services__is_active=True).distinct().first()
    if team is None:
        message = _("No team “%(slug)s” takes requests.") % {"slug": payload.team}
        raise unprocessable([problem(("body", "team"), message, "not_found")])
    service = None
    if payload.service:
        service = Service.objects.active().filter(slug=payload.service).first()
        if service is None:
            message = _("No service “%(slug)s”.") % {"slug": payload.service}
            raise unprocessable([problem(("body", "service"), message, "not_found")])
    with service_call(illegal=("body",)):
        return services.transfer(
            person,
            ticket,
            team,
            payload.note,
            reason=payload.reason,
            service=service,
            version=payload.version,
        )
