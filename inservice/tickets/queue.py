"""A team's queue: filters, sorting and saved views, shared by the queue page and the API."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from django.db.models import F, Q
from django.db.models.expressions import OrderBy
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from inservice.org.models import Person, Team
from inservice.sla.choices import Health
from inservice.tickets.choices import OPEN_STATUSES, Status
from inservice.tickets.models import SavedView, Ticket, TicketQuerySet

KEY_PATTERN = re.compile(r"^[A-Za-z]{2,8}-\d{1,12}$")

SORTS: dict[str, tuple[str, ...]] = {
    # What is due soonest, in ticket_open_due_idx's order; requests with no running target (none
    # set, or paused while waiting) come last: due_at is null for them.
    "due": ("due_at", "id"),
    "priority": ("priority", "created_at", "id"),
    "oldest": ("created_at", "id"),
    "newest": ("-created_at", "-id"),
    "updated": ("-updated_at", "-id"),
}
DEFAULT_SORT = "due"
# Sort columns that may be null: sorted nulls last on every database (SQLite puts them first).
NULLS_LAST = frozenset({"due_at"})


@dataclass
class QueueFilters:
    statuses: list[str] = field(default_factory=lambda: ["open"])
    priorities: list[int] = field(default_factory=list)
    assignee: str = ""  # "", "me", "none" or a person id
    service_id: int | None = None
    q: str = ""
    sort: str = DEFAULT_SORT
    health: list[str] = field(default_factory=list)  # Health values: at_risk, breached...

    @classmethod
    def from_cleaned(cls, data: dict[str, Any]) -> QueueFilters:
        return cls(
            statuses=list(data.get("status") or ["open"]),
            priorities=list(data.get("priority") or []),
            assignee=data.get("assignee") or "",
            service_id=data.get("service"),
            q=(data.get("q") or "").strip(),
            sort=data.get("sort") or DEFAULT_SORT,
            health=list(data.get("health") or []),
        )

    def condition(self, person: Person) -> Q:
        """These filters as one SQL condition (the saved-view counts add several up in one query)."""
        condition = Q()
        if self.status_set():
            condition &= Q(status__in=sorted(self.status_set()))
        if self.priorities:
            condition &= Q(priority__in=self.priorities)
        if self.assignee == "me":
            condition &= Q(assignee=person)
        elif self.assignee == "none":
            condition &= Q(assignee__isnull=True)
        elif self.assignee.isdigit():
            condition &= Q(assignee_id=int(self.assignee))
        if self.service_id:
            condition &= Q(service_id=self.service_id)
        if self.health:
            condition &= Q(health__in=self.health)
        if self.q:
            if KEY_PATTERN.match(self.q):
                condition &= Q(key=self.q.upper())
            else:
                condition &= Q(subject__icontains=self.q) | Q(description__icontains=self.q)
        return condition

    def status_set(self) -> set[str]:
        """The statuses these filters keep ("open" spelled out); empty means any status."""
        statuses = set(self.statuses)
        if "open" in statuses:
            statuses.discard("open")
            statuses.update(OPEN_STATUSES)
        return statuses

    def ordering(self) -> tuple[str, ...]:
        return SORTS.get(self.sort, SORTS[DEFAULT_SORT])

    def order_by(self) -> list[str | OrderBy]:
        """`ordering` for QuerySet.order_by, nulls last (keyset pages: lib.cursor does the same)."""
        return [
            (F(c[1:]).desc(nulls_last=True) if c.startswith("-") else F(c).asc(nulls_last=True))
            if c.lstrip("-") in NULLS_LAST
            else c
            for c in self.ordering()
        ]


def team_queue(team: Team, person: Person, filters: QueueFilters) -> TicketQuerySet:
    """The team's requests matching `filters`, in the chosen order, with the list's joins."""
    return (
        Ticket.objects.for_team(team)
        .filter(filters.condition(person))
        .select_related("service", "requester", "assignee")
        .order_by(*filters.order_by())
    )


@dataclass
class View:
    slug: str
    name: str | Promise
    query: str
    saved_id: int | None = None

    @property
    def filters(self) -> QueueFilters:
        params = parse_qs(self.query)
        return QueueFilters(
            statuses=params.get("status", ["open"]),
            priorities=[int(p) for p in params.get("priority", []) if p.isdigit()],
            assignee=params.get("assignee", [""])[0],
            service_id=int(params["service"][0])
            if params.get("service", [""])[0].isdigit()
            else None,
            q=params.get("q", [""])[0],
            sort=params.get("sort", [DEFAULT_SORT])[0],
            health=params.get("health", []),
        )


BUILTIN_VIEWS = (
    View("open", _("All open"), "status=open"),
    View("mine", _("Assigned to me"), "status=open&assignee=me"),
    View("unassigned", _("Unassigned"), "status=open&assignee=none"),
    View("at_risk", _("At risk"), f"status=open&health={Health.AT_RISK.value}"),
    View("breached", _("Breached"), f"status=open&health={Health.BREACHED.value}"),
    View("waiting", _("Waiting on requester"), f"status={Status.WAITING.value}"),
    View("resolved", _("Resolved"), f"status={Status.RESOLVED.value}"),
)


def views_for(team: Team, person: Person) -> list[View]:
    """Built-in views, the team's shared views and the person's own."""
    saved = (
        SavedView.objects.filter(team=team)
        .filter(Q(owner__isnull=True) | Q(owner=person))
        .order_by("name")
    )
    return [*BUILTIN_VIEWS, *(View(f"saved-{v.pk}", v.name, v.query, v.pk) for v in saved)]


# Counts stop here: "1,000+" tells a team what it needs to know, and a backlog of tens of
# thousands must not make every queue page count it row by row.
COUNT_CAP = 1000


def view_counts(team: Team, person: Person, views: list[View]) -> dict[str, int]:
    """How many requests each view holds, up to COUNT_CAP + 1: one small query per view (each
    an index range that stops at the cap), whatever the number of rows."""
    base = Ticket.objects.for_team(team).order_by()
    return {
        v.slug: base.filter(v.filters.condition(person))[: COUNT_CAP + 1].count() for v in views
    }


def shown_count(n: int) -> str:
    return f"{COUNT_CAP:,}+" if n > COUNT_CAP else f"{n:,}"
