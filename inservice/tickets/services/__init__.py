"""The only write path for requests.

Each verb locks the request row, checks who is acting and in what capacity, writes the change
and its timeline entry in one transaction, and schedules notifications for after the commit.
Callers use this package as one module: `from inservice.tickets import services`.
"""

from inservice.tickets.services._common import MAX_BODY, note_first_action
from inservice.tickets.services.asking import NewRequest, open_ticket
from inservice.tickets.services.availability import hand_on_while_out_of_office
from inservice.tickets.services.following import add_watcher, involve, remove_watcher
from inservice.tickets.services.handoffs import (
    latest_handoff,
    link,
    linked_tickets,
    mark_duplicate,
    transfer,
)
from inservice.tickets.services.moves import close_resolved, reopen_deadline, transition
from inservice.tickets.services.saved_views import delete_view, save_view
from inservice.tickets.services.serving import assign, bulk_assign, change_priority, reply
from inservice.tickets.services.templates import (
    add_template,
    edit_template,
    fill_template,
    remove_template,
)
from inservice.tickets.services.workflow_entries import add_workflow_entry

__all__ = [
    "MAX_BODY",
    "NewRequest",
    "add_template",
    "add_watcher",
    "add_workflow_entry",
    "assign",
    "bulk_assign",
    "change_priority",
    "close_resolved",
    "delete_view",
    "edit_template",
    "fill_template",
    "hand_on_while_out_of_office",
    "involve",
    "latest_handoff",
    "link",
    "linked_tickets",
    "mark_duplicate",
    "note_first_action",
    "open_ticket",
    "remove_template",
    "remove_watcher",
    "reopen_deadline",
    "reply",
    "save_view",
    "transfer",
    "transition",
]
