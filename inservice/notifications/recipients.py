"""Who hears about each kind of event. Everyone on the list is checked against who may see the request."""

from __future__ import annotations

from inservice.notifications.choices import Kind
from inservice.org.choices import Role
from inservice.org.models import Membership, Person
from inservice.sla.choices import Level
from inservice.tickets.choices import EntryKind
from inservice.tickets.models import Stint, Ticket, TimelineEntry, Watcher
from inservice.tickets.permissions import can_view_ticket, is_agent


def recipients(kind: str, entry: TimelineEntry) -> list[Person]:
    ticket = entry.ticket
    ids = {i for i in _candidate_ids(kind, entry, ticket) if i is not None}
    # Nobody is told about what they did themselves; but the person who started a workflow is
    # told when its step came with late notice (Inservice flags it, on the request's first entry).
    flagged = kind == Kind.WORKFLOW and entry.kind == EntryKind.CREATED
    if kind != Kind.RECEIVED and entry.actor_id is not None and not flagged:
        ids.discard(entry.actor_id)
    people = Person.objects.filter(pk__in=ids, is_active=True).order_by("pk")
    return [p for p in people if _may_hear(p, entry, ticket)]


def _candidate_ids(kind: str, entry: TimelineEntry, ticket: Ticket) -> set[int | None]:
    parties: set[int | None] = {ticket.requester_id, ticket.submitted_by_id}
    watchers = set(Watcher.objects.filter(ticket=ticket).values_list("person_id", flat=True))
    if kind == Kind.RECEIVED:
        return parties
    if kind == Kind.REPLY:
        return parties | watchers | {ticket.assignee_id}
    if kind == Kind.WAITING:
        return parties
    if kind in (Kind.RESOLVED, Kind.ACKNOWLEDGED, Kind.PROMISE_CHANGED):
        return parties | watchers
    if kind in (Kind.ASSIGNED, Kind.REASSIGNED):
        return {entry.datum("assignee")}
    if kind in (Kind.AT_RISK, Kind.UPDATE_DUE):
        return {ticket.assignee_id} if ticket.assignee_id else _members(ticket)
    if kind == Kind.BREACHED:
        leads: set[int | None] = set(
            Membership.objects.filter(team_id=ticket.team_id, role=Role.LEAD).values_list(
                "person_id", flat=True
            )
        )
        if entry.datum("level") == Level.SECOND:
            managers: set[int | None] = set(
                Person.objects.filter(pk__in={i for i in leads if i}).values_list(
                    "manager_id", flat=True
                )
            )
            return (managers - {None}) or leads
        return leads
    if kind == Kind.WORKFLOW:
        # Late notice or a new due date: whoever works on the step, or its whole team; the
        # person who started the workflow hears of late notice too.
        team: set[int | None] = {ticket.assignee_id} if ticket.assignee_id else _members(ticket)
        if entry.datum("late_notice"):
            team.add(ticket.requester_id)
        return team
    if kind == Kind.TRANSFERRED:
        return set(
            Membership.objects.filter(team_id=ticket.team_id).values_list("person_id", flat=True)
        )
    if kind == Kind.MANY_TRANSFERS:
        # The leads of every team that held it; _may_hear keeps a confidential one in its team.
        held = Stint.objects.filter(ticket=ticket).values("team_id")
        return set(
            Membership.objects.filter(team_id__in=held, role=Role.LEAD).values_list(
                "person_id", flat=True
            )
        )
    raise ValueError(f"unknown notification kind {kind}")


def _members(ticket: Ticket) -> set[int | None]:
    return set(
        Membership.objects.filter(team_id=ticket.team_id).values_list("person_id", flat=True)
    )


def _may_hear(person: Person, entry: TimelineEntry, ticket: Ticket) -> bool:
    if entry.kind == EntryKind.SLA:
        return can_view_ticket(person, ticket)  # a service-level notice carries no note's content
    if entry.is_internal and not is_agent(person, ticket):
        return False  # an internal note or handoff never reaches anyone outside the team
    return can_view_ticket(person, ticket)
