"""The administrator's view of learning: courses, programs, assignments and rules, to look up
and search. Read-only: every change goes through the pages (and learning.services), which check
what the admin could not. Reflections are not here, nor anywhere an administrator can read them:
they are their author's alone."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from inservice.learning.models.content import Course, Program
from inservice.learning.models.progress import Assignment, AutoAssignment


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Course)
class CourseAdmin(ReadOnlyAdmin):
    list_display = ("title", "owner_team", "published", "updated_at")
    list_filter = ("published",)
    search_fields = ("title", "summary")
    list_select_related = ("owner_team",)


@admin.register(Program)
class ProgramAdmin(ReadOnlyAdmin):
    list_display = ("title", "owner_team", "published", "updated_at")
    list_filter = ("published",)
    search_fields = ("title",)
    list_select_related = ("owner_team",)


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("person", "course", "program", "reason", "due_on", "completed_at")
    list_filter = ("reason",)
    search_fields = ("person__name", "person__email", "course__title", "program__title")
    list_select_related = ("person", "course", "program")
    date_hierarchy = "due_on"


@admin.register(AutoAssignment)
class AutoAssignmentAdmin(ReadOnlyAdmin):
    list_display = ("trigger", "course", "program", "team", "due_in_days", "ended_at")
    list_filter = ("trigger",)
    list_select_related = ("course", "program", "team")
