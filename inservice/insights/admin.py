"""The administrator's view of the rollups: when each refresh ran and which days it covered,
read-only (rows are written only by insights.services; `manage.py refresh_insights` or the
tasks refresh them)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from inservice.insights.models import RollupDay, RollupRun


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(RollupRun)
class RollupRunAdmin(ReadOnly):
    list_display = ("first_day", "last_day", "started_at", "finished_at")
    ordering = ("-finished_at",)


@admin.register(RollupDay)
class RollupDayAdmin(ReadOnly):
    list_display = ("day", "refreshed_at")
    ordering = ("-day",)
    date_hierarchy = "day"
