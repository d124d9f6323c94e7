"""Attachments are served only to people who may see them, as downloads that are never sniffed."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from inservice.lib.requests import person_of
from inservice.tickets.permissions import can_see_internal, get_ticket_for_user


@require_GET
def download(request: HttpRequest, key: str, token: str) -> FileResponse:
    person = person_of(request)
    ticket = get_ticket_for_user(person, key)
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
