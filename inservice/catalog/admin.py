"""The administrator's catalog: services with their intake form, operating steps and RACI.

Every write goes through catalog.services, so the admin cannot store a form definition, a step
list or a RACI row that the form builder would refuse.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from inservice.catalog import services
from inservice.catalog.models import FormField, OperatingStep, RaciAssignment, Service
from inservice.catalog.services import SERVICE_FIELDS, FieldSpec
from inservice.org.admin import RedactedDeletionMixin


class ServiceForm(forms.ModelForm):  # type: ignore[type-arg]  # ModelForm is generic in the stubs only
    class Meta:
        model = Service
        fields = (
            "team",
            *services.SERVICE_FIELDS,
            "audience_teams",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "accountable" in self.fields:
            self.fields["accountable"].required = True

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or self.cleaned_data
        problems = services.target_problems(
            cleaned.get("response_target_minutes"), cleaned.get("resolution_target_minutes")
        )
        for field_name, messages in problems.items():
            for message in messages:
                self.add_error(field_name, message)
        return cleaned


def _live_forms(formset: Any) -> list[Any]:
    """The inline forms that will exist after saving, in their position order."""
    kept = [
        form
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.is_valid()
    ]
    return sorted(kept, key=lambda form: form.cleaned_data.get("position") or 0)


class FormFieldFormSet(BaseInlineFormSet):  # type: ignore[type-arg]  # generic in the stubs only
    """Checks the whole intake form with the form builder's own rules (catalog.services.check_form)."""

    def clean(self) -> None:
        super().clean()
        live = _live_forms(self)
        for form in live:
            options = form.cleaned_data.get("options")
            if options and not (
                isinstance(options, list) and all(isinstance(o, str) for o in options)
            ):
                form.add_error("options", _('Write the options as a list, e.g. ["Yes", "No"].'))
        if any(form.errors for form in live):
            return
        problems = services.check_form([FieldSpec.from_data(form.cleaned_data) for form in live])
        for where, messages in problems.items():
            index, attr = where.split(".", 1)
            for message in messages:
                live[int(index)].add_error(attr, message)

    def specs(self) -> list[FieldSpec]:
        return [FieldSpec.from_data(form.cleaned_data) for form in _live_forms(self)]


class FormFieldInline(admin.StackedInline):  # type: ignore[type-arg]  # generic in the stubs only
    model = FormField
    formset = FormFieldFormSet
    extra = 0
    fields = (
        ("position", "key", "label", "kind"),
        ("required", "required_when_key", "required_when_value"),
        "help_text",
        ("min_value", "max_value", "min_length", "max_length"),
        ("pattern", "pattern_message"),
        "options",
    )


class OperatingStepInline(admin.TabularInline):  # type: ignore[type-arg]  # generic in the stubs only
    model = OperatingStep
    extra = 0
    fields = ("position", "title", "detail")


class RaciInline(admin.TabularInline):  # type: ignore[type-arg]  # generic in the stubs only
    model = RaciAssignment
    extra = 0
    fields = ("role", "person", "team", "note")
    autocomplete_fields = ("person", "team")

    def get_queryset(self, request: HttpRequest) -> QuerySet[RaciAssignment]:
        return super().get_queryset(request).select_related("person", "team")


@admin.register(Service)
class ServiceAdmin(RedactedDeletionMixin, admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    form = ServiceForm
    list_display = ("name", "team", "accountable", "audience", "is_confidential", "is_active")
    list_select_related = ("team", "accountable")
    list_filter = ("is_active", "is_confidential", "audience", "team")
    search_fields = ("name", "summary", "keywords", "team__name")
    autocomplete_fields = ("team", "accountable")
    filter_horizontal = ("audience_teams",)
    inlines = (FormFieldInline, OperatingStepInline, RaciInline)

    def get_readonly_fields(self, request: HttpRequest, obj: Service | None = None) -> Any:
        # A service stays with its team: its requests, queues and RACI belong to that team.
        return ("slug", "team") if obj is not None else ("slug",)

    def save_model(self, request: HttpRequest, obj: Service, form: Any, change: bool) -> None:
        values = {name: getattr(obj, name) for name in SERVICE_FIELDS}
        if change:
            services.update_service(obj, **values)
            return
        values.pop("name"), values.pop("summary")
        created = services.create_service(obj.team, name=obj.name, summary=obj.summary, **values)
        # The admin goes on with the object it built (m2m, inlines, log entry): the saved one.
        obj.pk, obj.slug = created.pk, created.slug
        obj._state.adding = False

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        service: Service = form.instance
        # Writes nothing: it fills new/changed/deleted_objects, which the admin's history reads.
        formset.save(commit=False)
        if not formset.has_changed():
            return
        if formset.model is FormField:
            services.set_form(service, formset.specs())
        elif formset.model is OperatingStep:
            steps = [
                (f.cleaned_data["title"], f.cleaned_data["detail"]) for f in _live_forms(formset)
            ]
            services.set_operating_steps(service, steps)
        elif formset.model is RaciAssignment:
            gone = list(formset.deleted_objects) + [row for row, _fields in formset.changed_objects]
            for row in gone:
                services.remove_raci(service, row.pk)
            for row, _fields in formset.changed_objects:
                services.add_raci(
                    service, row.role, person=row.person, team=row.team, note=row.note
                )
            for row in formset.new_objects:
                services.add_raci(
                    service, row.role, person=row.person, team=row.team, note=row.note
                )
        else:
            super().save_formset(request, form, formset, change)
