"""What the tickets app tells feedback: a request was resolved.

Imported by tickets.services, so it imports nothing of theirs at load time; the work is
services.csat.ask_after_resolution, in the transaction that resolves the request."""

from __future__ import annotations

from datetime import datetime

from inservice.tickets.models import Ticket


def request_resolved(ticket: Ticket, now: datetime) -> None:
    """Called in the transaction that moves a request to resolved: its requester is asked for
    a rating when the service's rule samples it (the resolution email then carries the links)."""
    from inservice.feedback.services import csat

    csat.ask_after_resolution(ticket, now)
