"""Who helped on a request: the people a resolved request's "thank the people who helped"
preselects. Read in one query from the request's timeline."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from inservice.org.models import Membership, Person
from inservice.tickets.choices import EntryKind, Status
from inservice.tickets.models import Stint, Ticket, TimelineEntry

# What counts as working on a request: writing to the requester or the team, moving it on,
# handing it over, promising a time. Assigning it to someone else is dispatching, not helping.
HELPING = (
    EntryKind.REPLY,
    EntryKind.NOTE,
    EntryKind.STATUS,
    EntryKind.HANDOFF,
    EntryKind.MOVED,
    EntryKind.PROMISE,
)
# The requests whose page offers to thank the people who helped.
THANKABLE = (Status.RESOLVED, Status.CLOSED)


def helpers_of(ticket: Ticket) -> list[Person]:
    """The request's assignee and every member of a team that held it who wrote a reply or a
    note, moved it or promised a time on it; never the requester or whoever asked for them.
    Active people only, by name."""
    held_by = Stint.objects.filter(ticket=ticket).values("team_id")
    acted = TimelineEntry.objects.filter(ticket=ticket, actor=OuterRef("pk"), kind__in=HELPING)
    serves = Membership.objects.filter(person=OuterRef("pk"), team_id__in=held_by)
    helped = Q(Exists(acted)) & Q(Exists(serves))
    if ticket.assignee_id is not None:
        helped |= Q(pk=ticket.assignee_id)
    return list(
        Person.objects.active()
        .filter(helped)
        .exclude(pk__in=[ticket.requester_id, ticket.submitted_by_id])
        .order_by("name", "pk")
    )
