"""The request page, seen by the requester and by the team with what each may see."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from inservice.catalog.choices import FieldKind
from inservice.lib.markdown import render_markdown
from inservice.lib.requests import person_of
from inservice.lib.timezones import zone_or_utc
from inservice.org.models import Person
from inservice.sla import panel as sla_panel
from inservice.tickets import lifecycle, services
from inservice.tickets.choices import Priority, TransferReason
from inservice.tickets.forms import (
    KeyForm,
    ReplyForm,
    WatcherForm,
    assignable,
    transfer_targets,
)
from inservice.tickets.models import Attachment, ReplyTemplate, Ticket, TimelineEntry, Watcher
from inservice.tickets.permissions import (
    can_see_internal,
    capacities,
    get_ticket_for_user,
    is_agent,
)
from inservice.tickets.views.promises import promise_context

TIMELINE_LIMIT = 300
OTHER_REQUESTS = 5


def timeline(ticket: Ticket, internal: bool) -> list[TimelineEntry]:
    """The entries this viewer may see, newest last, each with its visible attachments."""
    files = Attachment.objects.all() if internal else Attachment.objects.filter(is_internal=False)
    entries = (
        ticket.entries.for_viewer(internal)
        .select_related("actor")
        .prefetch_related(Prefetch("attachments", queryset=files, to_attr="visible_attachments"))
        .order_by("-created_at", "-id")[:TIMELINE_LIMIT]
    )
    result = list(entries)[::-1]
    held = sla_panel.held_for(ticket, result)
    for entry in result:
        entry.rendered = render_markdown(entry.body) if entry.body else ""  # type: ignore[attr-defined]
        entry.held = held.get(entry.pk, "")  # type: ignore[attr-defined]
    return result


def answers(ticket: Ticket) -> list[tuple[str, Any, list[Attachment]]]:
    """(label, answer, files) per intake field, in the form's order; unknown keys come last."""
    specs = list(ticket.service.fields.all())
    files: dict[str, list[Attachment]] = {}
    for attachment in ticket.attachments.filter(field_key__gt="", is_internal=False):
        files.setdefault(attachment.field_key, []).append(attachment)
    rows: list[tuple[str, Any, list[Attachment]]] = []
    seen = set()
    for spec in specs:
        seen.add(spec.key)
        value = ticket.answers.get(spec.key)
        if spec.kind == FieldKind.ATTACHMENT:
            if files.get(spec.key):
                rows.append((spec.label, None, files[spec.key]))
        elif value not in (None, "", []):
            rows.append((spec.label, _display(value), []))
    rows.extend(
        (key, _display(value), []) for key, value in ticket.answers.items() if key not in seen
    )
    return rows


def _display(value: Any) -> str:
    if isinstance(value, dict) and "name" in value:
        return str(value["name"])
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def requester_card(viewer: Person, ticket: Ticket) -> dict[str, Any]:
    """Who asked, for the teams: their team and department, manager, location, local time."""
    requester = (
        Person.objects.with_card().filter(pk=ticket.requester_id).first() or ticket.requester
    )
    local: datetime = timezone.now().astimezone(zone_or_utc(requester.time_zone))
    # The requester's latest open requests (a small partial index), then only those the viewer
    # may see: one OR across every request they ever asked would not use an index.
    latest = Ticket.objects.filter(requester=requester).open().exclude(pk=ticket.pk)
    ids = list(latest.order_by("-created_at").values_list("pk", flat=True)[: OTHER_REQUESTS * 2])
    visible = Ticket.objects.filter(pk__in=ids).visible_to(viewer).select_related("team")
    others = list(visible.order_by("-created_at")[:OTHER_REQUESTS])
    # Formatted here: the template's date filter would turn it back into the viewer's zone.
    return {"person": requester, "local_time": local.strftime("%a %H:%M"), "others": others}


@require_GET
def detail(request: HttpRequest, key: str) -> HttpResponse:
    person = person_of(request)
    ticket = get_ticket_for_user(person, key)
    return render(request, "tickets/detail.html", detail_context(person, ticket))


def detail_context(person: Person, ticket: Ticket) -> dict[str, Any]:
    internal = can_see_internal(person, ticket)
    agent = is_agent(person, ticket)
    roles = capacities(person, ticket)
    context: dict[str, Any] = {
        "ticket": ticket,
        "is_agent": agent,
        "can_see_internal": internal,
        "entries": timeline(ticket, internal),
        "answers": answers(ticket),
        "description": render_markdown(ticket.description),
        "transitions": lifecycle.available(ticket.status, roles),
        "watchers": list(Watcher.objects.filter(ticket=ticket).select_related("person")),
        "reopen_until": services.reopen_deadline(ticket),
        "reply_form": ReplyForm(),
        "reply_templates": list(ReplyTemplate.objects.of_team(ticket.team_id)) if agent else [],
        "sla_panel": sla_panel.panel(ticket, timezone.now(), for_team=internal),
        "nav": "queue" if agent else "mine",
        "nav_team": ticket.team.slug,
        "can_watch": agent
        or (
            not ticket.is_confidential
            and person.pk in (ticket.requester_id, ticket.submitted_by_id)
        ),
    }
    context.update(promise_context(person, ticket, agent))
    if internal:
        context["card"] = requester_card(person, ticket)
        context["linked"] = services.linked_tickets(ticket)
    if agent:
        context.update(
            handoff=services.latest_handoff(ticket),
            members=list(assignable(ticket.team).only("id", "name", "availability", "away_until")),
            priorities=Priority.choices,
            transfer_teams=list(transfer_targets(ticket.team).only("id", "name")),
            transfer_reasons=TransferReason.choices,
            link_form=KeyForm(prefix="link"),
            duplicate_form=KeyForm(prefix="duplicate"),
            watcher_form=WatcherForm(),
        )
    return context


@require_GET
def timeline_partial(request: HttpRequest, key: str) -> HttpResponse:
    person = person_of(request)
    ticket = get_ticket_for_user(person, key)
    internal = can_see_internal(person, ticket)
    return render(
        request,
        "tickets/partials/timeline.html",
        {"ticket": ticket, "entries": timeline(ticket, internal), "can_see_internal": internal},
    )
