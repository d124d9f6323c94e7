"""The administrator's kudos: the organisation's values, kept through kudos.services (a value is
retired, never deleted, so the kudos that named it keep it), and the kudos themselves to read
(leads hide them on their pages, with a reason)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from inservice.kudos import services
from inservice.kudos.models import Kudos, Value


class ValueForm(forms.ModelForm):  # type: ignore[type-arg]  # ModelForm is generic in the stubs only
    class Meta:
        model = Value
        fields = ("name", "description", "position", "is_active")

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or self.cleaned_data
        instance = self.instance if self.instance.pk else None
        name = str(cleaned.get("name") or "").strip()
        slug = instance.slug if instance is not None else slugify(name)[:60]
        problems = services.value_problems(
            name,
            str(cleaned.get("description") or "").strip(),
            slug,
            instance,
        )
        for field_name, messages in problems.items():
            for message in messages:
                self.add_error(field_name, message)
        return cleaned


@admin.register(Value)
class ValueAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    form = ValueForm
    list_display = ("name", "slug", "position", "is_active")
    list_editable = ("position", "is_active")
    ordering = ("position", "name")

    def has_delete_permission(self, request: HttpRequest, obj: Value | None = None) -> bool:
        return False  # retire it instead: kudos keep the values they named

    def save_model(self, request: HttpRequest, obj: Value, form: Any, change: bool) -> None:
        saved = services.save_value(
            obj if change else None,
            name=obj.name,
            description=obj.description,
            position=obj.position,
            is_active=obj.is_active,
        )
        obj.pk, obj.slug = saved.pk, saved.slug
        obj._state.adding = False


@admin.register(Kudos)
class KudosAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    list_display = ("created_at", "giver", "cross_team", "hidden_at")
    list_select_related = ("giver",)
    list_filter = ("cross_team", ("hidden_at", admin.EmptyFieldListFilter))
    search_fields = ("message", "giver__name")
    date_hierarchy = "created_at"
    fields = (
        "giver",
        "message",
        "values",
        "request_key",
        "cross_team",
        "created_at",
        "told_at",
        "hidden_at",
        "hidden_by",
        "hidden_reason",
    )
    readonly_fields = fields

    @admin.display(description=_("request"))
    def request_key(self, obj: Kudos) -> str:
        # The key only: a confidential request's subject is for its team alone.
        return obj.ticket.key if obj.ticket is not None else "—"

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("giver", "ticket", "hidden_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # kudos are given on the pages and the API, through the services

    def has_change_permission(self, request: HttpRequest, obj: Kudos | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Kudos | None = None) -> bool:
        return False
