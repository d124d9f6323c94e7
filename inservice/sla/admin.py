"""Service levels in the admin.

Calendars and policies are edited under the lead's pages' rules and saved through sla.services:
the admin cannot store overlapping or empty working hours, unknown public holidays, or targets of
zero. A request's service-level record, clocks, escalations and promises are read-only (the
lifecycle writes them), and those of confidential requests are left out unless the administrator
belongs to the team holding the request, as for the requests themselves (tickets.admin).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inservice.sla import services
from inservice.sla.calendar import Interval
from inservice.sla.forms import (
    EMPTY_INTERVAL,
    WEEKDAY_CHOICES,
    holiday_messages,
    minutes_to_time,
    overlap_messages,
    time_to_minutes,
    zone_choices,
)
from inservice.sla.models import (
    Calendar,
    Clock,
    Closure,
    Escalation,
    Policy,
    Promise,
    RequestSla,
    WorkingInterval,
)
from inservice.tickets.admin import HiddenIs404Mixin, ReadOnlyMixin, admin_may_read
from inservice.tickets.choices import Priority
from inservice.tickets.models import Ticket

# -- calendars ------------------------------------------------------------------------------


class CalendarForm(forms.ModelForm):  # type: ignore[type-arg]  # ModelForm is generic in the stubs only
    time_zone = forms.ChoiceField(label=gettext_lazy("time zone"), choices=zone_choices)

    class Meta:
        model = Calendar
        fields = ("name", "time_zone", "country", "subdivision")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["country"] = str(data.get("country") or "").strip().upper()
        data["subdivision"] = str(data.get("subdivision") or "").strip().upper()
        for field, message in holiday_messages(data["country"], data["subdivision"]).items():
            self.add_error(field, message)
        name = str(data.get("name") or "").strip()
        taken = Calendar.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if name and taken.exists():
            self.add_error(
                "name", _("There is already a calendar called “%(name)s”.") % {"name": name}
            )
        return data


class WorkingIntervalForm(forms.ModelForm):  # type: ignore[type-arg]  # ModelForm is generic in the stubs only
    """Times of day as on the lead's page; an end before the start runs overnight."""

    weekday = forms.TypedChoiceField(
        label=gettext_lazy("weekday"), choices=WEEKDAY_CHOICES, coerce=int
    )
    start_minute = forms.TimeField(
        label=gettext_lazy("from"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_minute = forms.TimeField(
        label=gettext_lazy("to"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=gettext_lazy("Before “from”: runs overnight."),
    )

    class Meta:
        model = WorkingInterval
        fields = ("weekday", "start_minute", "end_minute")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["start_minute"] = minutes_to_time(self.instance.start_minute)
            self.initial["end_minute"] = minutes_to_time(self.instance.end_minute)

    def clean_start_minute(self) -> int:
        return time_to_minutes(self.cleaned_data["start_minute"])

    def clean_end_minute(self) -> int:
        return time_to_minutes(self.cleaned_data["end_minute"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_minute"), data.get("end_minute")
        if isinstance(start, int) and isinstance(end, int):
            if end == start:
                self.add_error("end_minute", EMPTY_INTERVAL)
            elif end < start:
                data["end_minute"] = end + 24 * 60
        return data


def _live(formset: Any) -> list[Any]:
    """The inline forms that will exist after saving."""
    return [
        form
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE") and not form.errors
    ]


def _interval(form: Any) -> Interval:
    data = form.cleaned_data
    return Interval(data["weekday"], data["start_minute"], data["end_minute"])


class WorkingIntervalFormSet(BaseInlineFormSet):  # type: ignore[type-arg]  # generic in the stubs only
    """The week as a whole: at least one interval, none overlapping (sla.calendar.interval_problems)."""

    def clean(self) -> None:
        super().clean()
        if any(form.errors for form in self.forms):
            return
        live = _live(self)
        if not live:
            raise forms.ValidationError(_("Give the calendar at least one working interval."))
        for index, problems in overlap_messages([_interval(form) for form in live]).items():
            for problem in problems:
                live[index].add_error(None, problem)


class WorkingIntervalInline(admin.TabularInline):  # type: ignore[type-arg]  # generic in the stubs only
    model = WorkingInterval
    form = WorkingIntervalForm
    formset = WorkingIntervalFormSet
    extra = 0


class ClosureForm(forms.ModelForm):  # type: ignore[type-arg]  # ModelForm is generic in the stubs only
    class Meta:
        model = Closure
        fields = ("on_date", "starts_at", "ends_at", "reason")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        on_date, starts, ends = data.get("on_date"), data.get("starts_at"), data.get("ends_at")
        if on_date is not None and (starts is not None or ends is not None):
            self.add_error(None, _("Give either a whole day or a start and an end, not both."))
        elif on_date is None and (starts is None or ends is None):
            self.add_error(None, _("Give either a whole day or a start and an end."))
        elif starts is not None and ends is not None and ends <= starts:
            self.add_error("ends_at", _("The closure must end after it starts."))
        return data


class ClosureInline(admin.TabularInline):  # type: ignore[type-arg]  # generic in the stubs only
    model = Closure
    form = ClosureForm
    extra = 0


@admin.register(Calendar)
class CalendarAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    form = CalendarForm
    list_display = ("name", "time_zone", "country", "subdivision", "updated_at")
    search_fields = ("name",)
    inlines = (WorkingIntervalInline, ClosureInline)

    def save_model(self, request: HttpRequest, obj: Calendar, form: Any, change: bool) -> None:
        """Nothing yet: save_related writes the calendar with its hours, through sla.services."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        calendar: Calendar = form.instance
        hours = next(f for f in formsets if f.model is WorkingInterval)
        closures = next(f for f in formsets if f.model is Closure)
        # Writes nothing: fills new/changed/deleted_objects, which the admin's history reads.
        hours.save(commit=False)
        closures.save(commit=False)
        data = form.cleaned_data
        with transaction.atomic():
            saved = services.save_calendar(
                calendar if change else None,
                name=data["name"],
                time_zone=data["time_zone"],
                intervals=[_interval(f) for f in _live(hours)],
                country=data["country"],
                subdivision=data["subdivision"],
            )
            changed = [row for row, _fields in closures.changed_objects]
            for row in [*closures.deleted_objects, *changed]:
                services.remove_closure(saved, row.pk)
            for row in [*changed, *closures.new_objects]:
                services.add_closure(
                    saved,
                    on_date=row.on_date,
                    starts_at=row.starts_at,
                    ends_at=row.ends_at,
                    reason=row.reason,
                )
        # The admin goes on with the object it built (its log entry): the saved one.
        calendar.pk = saved.pk
        calendar._state.adding = False


# -- policies -------------------------------------------------------------------------------


class PolicyForm(forms.ModelForm):  # type: ignore[type-arg]  # ModelForm is generic in the stubs only
    priority = forms.TypedChoiceField(
        label=gettext_lazy("priority"), choices=Priority.choices, coerce=int
    )
    pause_statuses = forms.MultipleChoiceField(
        label=gettext_lazy("statuses that pause the clock"),
        choices=[(s.value, s.label) for s in services.PAUSABLE_STATUSES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Policy
        fields = (
            "service",
            "priority",
            "first_response_minutes",
            "resolution_minutes",
            "update_every_minutes",
            "at_risk_percent",
            "pause_statuses",
            "second_level_after_minutes",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        needed = ("at_risk_percent", "second_level_after_minutes")
        if any(name in self.errors for name in needed):
            return data
        problems = services.policy_problems(
            int(data.get("priority", self.instance.priority)),
            first_response_minutes=data.get("first_response_minutes"),
            resolution_minutes=data.get("resolution_minutes"),
            update_every_minutes=data.get("update_every_minutes"),
            at_risk_percent=int(data.get("at_risk_percent") or 0),
            pause_statuses=data.get("pause_statuses") or [],
            second_level_after_minutes=int(data.get("second_level_after_minutes") or 0),
        )
        for field, messages in problems.items():
            self.add_error(field if field in self.fields else None, messages)
        return data


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    form = PolicyForm
    list_display = (
        "service",
        "priority_label",
        "first_response_minutes",
        "resolution_minutes",
        "update_every_minutes",
        "at_risk_percent",
        "updated_at",
    )
    list_select_related = ("service",)
    list_filter = ("priority",)
    search_fields = ("service__name",)
    autocomplete_fields = ("service",)

    def get_readonly_fields(self, request: HttpRequest, obj: Policy | None = None) -> Any:
        # A row stays with its service and priority: remove it and add another instead.
        return ("service", "priority") if obj is not None else ()

    @admin.display(description=gettext_lazy("priority"), ordering="priority")
    def priority_label(self, obj: Policy) -> str:
        return str(Priority(obj.priority).label) if obj.priority in Priority.values else "?"

    def save_model(self, request: HttpRequest, obj: Policy, form: Any, change: bool) -> None:
        saved = services.save_policy(
            obj.service,
            obj.priority,
            first_response_minutes=obj.first_response_minutes,
            resolution_minutes=obj.resolution_minutes,
            update_every_minutes=obj.update_every_minutes,
            at_risk_percent=obj.at_risk_percent,
            pause_statuses=obj.pause_statuses,
            second_level_after_minutes=obj.second_level_after_minutes,
        )
        obj.pk = saved.pk
        obj._state.adding = False

    def delete_model(self, request: HttpRequest, obj: Policy) -> None:
        services.remove_policy(obj.service, obj.priority)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Policy]) -> None:
        for policy in queryset.select_related("service"):
            services.remove_policy(policy.service, policy.priority)


# -- what requests were promised and how they stand (read-only) -----------------------------


class RequestRowAdmin(HiddenIs404Mixin, ReadOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    """Rows of one request: shown only when the administrator may read that request."""

    ticket_path = "ticket__"
    search_fields = ("ticket__key",)
    # COUNT(*) over millions of rows on every changelist page is not worth "N of M".
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).filter(admin_may_read(request, self.ticket_path))

    def _ticket(self, obj: Any) -> Ticket:
        return obj.ticket  # type: ignore[no-any-return]  # every row here has a request

    @admin.display(description=gettext_lazy("request"))
    def ticket_key(self, obj: Any) -> str:
        return self._ticket(obj).key


@admin.register(RequestSla)
class RequestSlaAdmin(RequestRowAdmin):
    list_display = ("ticket_key", "opened_outside_hours", "back_at")
    list_select_related = ("ticket",)
    fields = ("ticket_key", "policy", "opened_outside_hours", "back_at")
    readonly_fields = fields


@admin.register(Clock)
class ClockAdmin(RequestRowAdmin):
    list_display = ("ticket_key", "target", "cycle", "state", "due_at", "breached_at", "met_at")
    list_select_related = ("ticket",)
    list_filter = ("target", "state")
    fields = (
        "ticket_key",
        ("target", "cycle", "state"),
        ("target_minutes", "used_micros", "running_since"),
        ("paused_micros", "paused_since"),
        ("started_at", "due_at", "at_risk_at"),
        ("was_at_risk_at", "breached_at", "met_at"),
        ("escalated_level", "next_check_at"),
    )
    readonly_fields = (
        "ticket_key",
        "target",
        "cycle",
        "state",
        "target_minutes",
        "used_micros",
        "running_since",
        "paused_micros",
        "paused_since",
        "started_at",
        "due_at",
        "at_risk_at",
        "was_at_risk_at",
        "breached_at",
        "met_at",
        "escalated_level",
        "next_check_at",
    )


@admin.register(Escalation)
class EscalationAdmin(RequestRowAdmin):
    ticket_path = "clock__ticket__"
    search_fields = ("clock__ticket__key",)
    list_display = ("ticket_key", "target", "level", "to_person", "to_team", "at")
    list_select_related = ("clock__ticket", "to_person", "to_team")
    list_filter = ("level",)
    fields = ("ticket_key", "target", "level", "to_person", "to_team", "at")
    readonly_fields = fields

    def _ticket(self, obj: Any) -> Ticket:
        return obj.clock.ticket  # type: ignore[no-any-return]  # an escalation's clock's request

    @admin.display(description=gettext_lazy("target"))
    def target(self, obj: Escalation) -> str:
        return obj.clock.get_target_display()


@admin.register(Promise)
class PromiseAdmin(RequestRowAdmin):
    list_display = ("ticket_key", "made_by", "team", "step", "promised_for", "state")
    list_select_related = ("ticket", "made_by", "team")
    list_filter = ("state", "step")
    fields = (
        "ticket_key",
        ("made_by", "team", "made_at"),
        ("step", "promised_for", "state", "settled_at"),
        "message",
        "reason",
        "replaces",
    )
    readonly_fields = (
        "ticket_key",
        "made_by",
        "team",
        "made_at",
        "step",
        "promised_for",
        "state",
        "settled_at",
        "message",
        "reason",
        "replaces",
    )
