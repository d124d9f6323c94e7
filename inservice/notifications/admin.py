"""Admin for the notification log: who was told what, which emails failed, and a retry.

Logs are read-only here; the one write (retry) goes through notifications.services. A row's
request is shown by key only when the admin may not see the request: a confidential request's
subject is for its team, its requester and its watchers, not for every superuser.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from inservice.lib.requests import person_of
from inservice.notifications import services
from inservice.notifications.choices import DeliveryStatus
from inservice.notifications.models import Delivery, Notification, Preference

HIDDEN = _("(confidential)")

if TYPE_CHECKING:
    DeliveryAdminBase = admin.ModelAdmin[Delivery]
    NotificationAdminBase = admin.ModelAdmin[Notification]
    PreferenceAdminBase = admin.ModelAdmin[Preference]
else:  # ModelAdmin is generic in django-stubs only; at run time it takes no parameter
    DeliveryAdminBase = NotificationAdminBase = PreferenceAdminBase = admin.ModelAdmin


def _request_label(row: Notification | Delivery) -> str:
    """'IT-12 New laptop', or the key alone when the viewing admin may not see the request."""
    if row.ticket is None:
        return "—"
    if getattr(row, "ticket_visible", False):
        return str(row.ticket)
    return row.ticket.key


class ReadOnlyLogAdmin:
    """Logs are written by tasks, never by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyLogAdmin, DeliveryAdminBase):
    list_display = [
        "created_at",
        "to_address",
        "kind",
        "status",
        "attempts",
        "ticket_label",
        "error",
    ]
    list_filter = ["status", "kind", "channel"]
    search_fields = ["to_address", "event_key", "=ticket__key"]
    date_hierarchy = "created_at"
    actions = ["retry"]
    fields = readonly_fields = (
        "recipient",
        "to_address",
        "kind",
        "event_key",
        "ticket_label",
        "email_subject",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Delivery]:
        return (
            Delivery.objects.select_related("recipient", "ticket")
            .with_ticket_visibility(person_of(request))
            .order_by("-created_at", "-id")
        )

    @admin.display(description=_("request"))
    def ticket_label(self, obj: Delivery) -> str:
        return _request_label(obj)

    @admin.display(description=_("subject"))
    def email_subject(self, obj: Delivery) -> str:
        # The subject quotes the request's subject: hidden with it.
        return obj.subject if getattr(obj, "ticket_visible", False) else str(HIDDEN)

    @admin.display(description=_("last error"))
    def error(self, obj: Delivery) -> str:
        return Truncator(obj.last_error).chars(80)

    @admin.action(description=_("Retry the selected failed emails"), permissions=["retry"])
    def retry(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        ids = list(queryset.filter(status=DeliveryStatus.FAILED).values_list("pk", flat=True))
        retried = sum(services.retry_delivery(pk) for pk in ids)
        self.message_user(
            request,
            ngettext("%(n)s email will be sent again.", "%(n)s emails will be sent again.", retried)
            % {"n": retried},
        )

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("notifications.change_delivery")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyLogAdmin, NotificationAdminBase):
    list_display = ["created_at", "recipient", "kind", "ticket_label", "read_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["recipient__email", "event_key", "=ticket__key"]
    date_hierarchy = "created_at"
    fields = readonly_fields = (
        "recipient",
        "kind",
        "event_key",
        "ticket_label",
        "actor",
        "created_at",
        "read_at",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Notification]:
        return (
            Notification.objects.select_related("recipient", "ticket", "actor")
            .with_ticket_visibility(person_of(request))
            .order_by("-created_at", "-id")
        )

    @admin.display(description=_("request"))
    def ticket_label(self, obj: Notification) -> str:
        return _request_label(obj)


@admin.register(Preference)
class PreferenceAdmin(PreferenceAdminBase):
    """An admin may switch a channel back on or off for someone (e.g. a bouncing address)."""

    list_display = ["person", "kind", "channel", "enabled"]
    list_filter = ["kind", "channel", "enabled"]
    search_fields = ["person__email", "person__name"]
    list_select_related = ["person"]
    fields = ["person", "kind", "channel", "enabled"]
    readonly_fields = ["person", "kind", "channel"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Preference, form: Any, change: bool) -> None:
        services.set_preferences(obj.person, {(obj.kind, obj.channel): obj.enabled})
