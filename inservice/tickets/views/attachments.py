"""Attachments are served only to people who may see them, as downloads that are never sniffed."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest
from django.views.decorators.http import require_GET

from inservice.lib.requests import person_of
from inservice.tickets.downloads import attachment_download
from inservice.tickets.permissions import get_ticket_for_user


@require_GET
def download(request: HttpRequest, key: str, token: str) -> FileResponse:
    person = person_of(request)
    return attachment_download(person, get_ticket_for_user(person, key), token)
