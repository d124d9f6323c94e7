"""What the tickets app tells workflows: a step's request was finished or reopened.

Imported by tickets.services, so it imports nothing of theirs: the work itself is the
`advance_run` task, enqueued after the commit."""

from __future__ import annotations

from inservice.lib.tasks import enqueue_on_commit
from inservice.tickets.choices import DONE_STATUSES
from inservice.tickets.models import Ticket


def request_moved(ticket: Ticket, old: str, new: str) -> None:
    """Called in the request's transaction; one indexed lookup when the request is finished or
    reopened, nothing otherwise."""
    if (new in DONE_STATUSES) == (old in DONE_STATUSES):
        return
    from inservice.workflows.models import RunStep
    from inservice.workflows.tasks import advance_run

    run_id = RunStep.objects.filter(ticket_id=ticket.pk).values_list("run_id", flat=True).first()
    if run_id is not None:
        enqueue_on_commit(advance_run, run_id)
