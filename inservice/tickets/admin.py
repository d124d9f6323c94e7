"""Requests in the admin: read-only, and confidential requests only for their own team.

A request changes through its lifecycle (tickets.services), which writes the timeline and tells
people; an admin form that set status, team or assignee would skip all of that, so every field here
is read-only. Confidential requests are left out of every queryset below unless the administrator
is a member of the team that holds the request: "Superusers do not read their content in the app or
the admin unless they belong to that team." Their pages answer 404, as in the app.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy

from inservice.org.models import Person
from inservice.tickets.models import (
    Attachment,
    SavedView,
    Stint,
    Ticket,
    TicketLink,
    TimelineEntry,
    Watcher,
)


def admin_may_read(request: HttpRequest, prefix: str = "") -> Q:
    """Requests that are not confidential, or held by a team the administrator belongs to."""
    user = request.user
    teams = sorted(user.team_ids()) if isinstance(user, Person) else []
    return Q(**{f"{prefix}is_confidential": False}) | Q(**{f"{prefix}team_id__in": teams})


class ReadOnlyMixin:
    """Viewable, never added, changed or deleted here."""

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class HiddenIs404Mixin:
    """A row left out of the queryset answers 404, not the admin's "perhaps it was deleted"."""

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> Any:
        found = super().get_object(request, object_id, from_field)  # type: ignore[misc]  # ModelAdmin's, by the MRO
        if found is None:
            raise Http404
        return found


class TimelineEntryInline(ReadOnlyMixin, admin.TabularInline):  # type: ignore[type-arg]  # generic in the stubs only
    model = TimelineEntry
    fields = ("created_at", "kind", "actor", "is_internal", "body")
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[TimelineEntry]:
        return super().get_queryset(request).select_related("actor")


class WatcherInline(ReadOnlyMixin, admin.TabularInline):  # type: ignore[type-arg]  # generic in the stubs only
    model = Watcher
    fk_name = "ticket"
    fields = ("person", "added_by", "created_at")
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[Watcher]:
        return super().get_queryset(request).select_related("person", "added_by")


class AttachmentInline(ReadOnlyMixin, admin.TabularInline):  # type: ignore[type-arg]  # generic in the stubs only
    """Names and sizes only: files are served by the request page, which checks who may see them."""

    model = Attachment
    fields = ("filename", "content_type", "size", "is_internal", "uploaded_by", "created_at")
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[Attachment]:
        return super().get_queryset(request).select_related("uploaded_by")


@admin.register(Ticket)
class TicketAdmin(HiddenIs404Mixin, ReadOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    list_display = (
        "key",
        "subject",
        "team",
        "service",
        "status",
        "priority",
        "requester",
        "assignee",
        "created_at",
    )
    list_select_related = ("team", "service", "requester", "assignee")
    list_filter = ("status", "priority", "channel", "is_confidential", "team")
    search_fields = ("key", "subject")
    # COUNT(*) over millions of requests on every changelist page is not worth "N of M".
    show_full_result_count = False
    fields = (
        ("key", "status", "priority"),
        "subject",
        "description",
        ("service", "team", "channel"),
        ("requester", "submitted_by", "assignee"),
        ("is_confidential", "duplicate_key", "transfer_count"),
        "answers",
        ("created_at", "updated_at", "resolved_at", "closed_at"),
        "version",
    )
    readonly_fields = (
        "key",
        "status",
        "priority",
        "subject",
        "description",
        "service",
        "team",
        "channel",
        "requester",
        "submitted_by",
        "assignee",
        "is_confidential",
        "duplicate_key",
        "transfer_count",
        "answers",
        "created_at",
        "updated_at",
        "resolved_at",
        "closed_at",
        "version",
    )
    inlines = (TimelineEntryInline, WatcherInline, AttachmentInline)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Ticket]:
        return super().get_queryset(request).filter(admin_may_read(request))

    @admin.display(description=gettext_lazy("duplicate of"))
    def duplicate_key(self, obj: Ticket) -> str:
        # The key only: the original may be a request this administrator may not read.
        return obj.duplicate_of.key if obj.duplicate_of else "—"


@admin.register(Stint)
class StintAdmin(HiddenIs404Mixin, ReadOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    list_display = ("ticket_key", "team", "started_at", "ended_at")
    list_select_related = ("ticket", "team")
    list_filter = ("team",)
    search_fields = ("ticket__key",)
    fields = ("ticket_key", "team", "started_at", "ended_at")
    readonly_fields = fields
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Stint]:
        return super().get_queryset(request).filter(admin_may_read(request, "ticket__"))

    @admin.display(description=gettext_lazy("request"), ordering="ticket__key")
    def ticket_key(self, obj: Stint) -> str:
        return obj.ticket.key


@admin.register(TicketLink)
class TicketLinkAdmin(HiddenIs404Mixin, ReadOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    list_display = ("first_key", "second_key", "created_by", "created_at")
    list_select_related = ("first", "second", "created_by")
    search_fields = ("first__key", "second__key")
    fields = ("first_key", "second_key", "created_by", "created_at")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[TicketLink]:
        return (
            super()
            .get_queryset(request)
            .filter(admin_may_read(request, "first__"))
            .filter(admin_may_read(request, "second__"))
        )

    @admin.display(description=gettext_lazy("request"))
    def first_key(self, obj: TicketLink) -> str:
        return obj.first.key

    @admin.display(description=gettext_lazy("related request"))
    def second_key(self, obj: TicketLink) -> str:
        return obj.second.key


@admin.register(SavedView)
class SavedViewAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    """Saved queue filters: viewed and deleted here, saved from the queue by team members."""

    list_display = ("name", "team", "owner", "query", "created_at")
    list_select_related = ("team", "owner")
    list_filter = ("team",)
    search_fields = ("name", "team__name", "owner__name")
    fields = ("name", "team", "owner", "query", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
