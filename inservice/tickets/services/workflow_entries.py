"""Timeline entries a workflow writes on its steps' requests (late notice, a new due date, a
cancelled run): the team reads them where it works."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from inservice.org.models import Person
from inservice.tickets.choices import EntryKind
from inservice.tickets.models import Ticket, TimelineEntry
from inservice.tickets.services._common import add_entry, clean_body


def add_workflow_entry(
    ticket: Ticket, actor: Person | None, data: dict[str, Any], body: str = ""
) -> TimelineEntry:
    """A public entry: the requester is the person who started the workflow."""
    return add_entry(
        ticket,
        EntryKind.WORKFLOW,
        actor,
        timezone.now(),
        body=clean_body(body) if body.strip() else "",
        data=data,
    )
