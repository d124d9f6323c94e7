"""An attachment as a download, for the portal and the API alike."""

from __future__ import annotations

from django.http import FileResponse, Http404

from inservice.org.models import Person
from inservice.tickets.models import Ticket
from inservice.tickets.permissions import can_see_internal


def attachment_download(person: Person, ticket: Ticket, token: str) -> FileResponse:
    """The file if `person` may see it (internal files only for those who see notes), else 404."""
    attachment = ticket.attachments.filter(token=token).first()
    if attachment is None or (attachment.is_internal and not can_see_internal(person, ticket)):
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    # Always a download with a neutral type: an uploaded HTML or SVG file must never run as a page.
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.filename,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
