"""A queue page's rows as plain strings, prepared once in Python.

A queue shows fifty rows of a dozen values each; resolving, translating and formatting those
through template tags cost more than the page's queries. Labels of each choice are translated
once per page, dates formatted with one pattern, and the template only prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _

from inservice.org.choices import Availability
from inservice.org.models import Person
from inservice.sla.calendar import BusinessTime
from inservice.sla.display import describe
from inservice.tickets.choices import OPEN_STATUSES, Priority, Status
from inservice.tickets.models import Ticket


@dataclass(frozen=True)
class Row:
    key: str
    url: str
    subject: str
    service: str
    priority: str
    priority_badge: str
    status: str
    status_badge: str
    requester: str
    assignee: str
    availability: str  # the assignee's, when not simply available
    availability_badge: str
    absent: bool  # an open request whose assignee is away: nobody is on it
    due_state: str
    due_badge: str
    due_label: str
    due_words: str
    due_iso: str
    due_text: str
    asked_iso: str
    asked_text: str


class RowMaker:
    def __init__(self, table: BusinessTime, now: datetime) -> None:
        self.table, self.now = table, now
        self.priorities = {p.value: (str(p.label), p.badge) for p in Priority}
        self.statuses = {s.value: (str(s.label), s.badge) for s in Status}
        self.availability = {a.value: str(a.label) for a in Availability}
        self.detail = reverse("tickets:detail", args=["KEY"])
        self.zone = timezone.get_current_timezone()

    def row(self, t: Ticket) -> Row:
        due = describe(t.due_at, t.health, self.table, self.now, status=t.status)
        priority, priority_badge = self.priorities[t.priority]
        status, status_badge = self.statuses[t.status]
        availability, availability_badge = self._availability(t.assignee)
        return Row(
            key=t.key,
            url=self.detail.replace("KEY", t.key),
            subject=t.subject,
            service=t.service.name,
            priority=priority,
            priority_badge=priority_badge,
            status=status,
            status_badge=status_badge,
            requester=t.requester.name,
            assignee=t.assignee.name if t.assignee else "",
            availability=availability,
            availability_badge=availability_badge,
            absent=bool(t.assignee and t.assignee.is_absent and t.status in OPEN_STATUSES),
            due_state=due.state,
            due_badge=due.badge,
            due_label=str(due.label),
            due_words=due.words,
            due_iso=t.due_at.isoformat() if t.due_at else "",
            due_text=self._when(t.due_at),
            asked_iso=t.created_at.isoformat(),
            asked_text=self._when(t.created_at),
        )

    def _availability(self, person: Person | None) -> tuple[str, str]:
        if person is None or person.availability == Availability.AVAILABLE:
            return "", ""
        if person.availability == Availability.OUT_OF_OFFICE and person.away_until:
            label = _("Out of office until %(until)s") % {
                "until": format_date(person.away_until, "j M")
            }
        else:
            label = self.availability[person.availability]
        return label, person.availability_badge

    def _when(self, moment: datetime | None) -> str:
        return format_date(moment.astimezone(self.zone), "j M, H:i") if moment else ""
