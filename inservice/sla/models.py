from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inservice.sla.choices import ClockState, Level, PromiseState, PromiseStep, Target


class Calendar(models.Model):
    """When a team works: weekly hours in its time zone, public holidays and closures."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    country = models.CharField(
        _("public holidays of"), max_length=3, blank=True, help_text=_("A country code, e.g. DE.")
    )
    subdivision = models.CharField(
        _("region"), max_length=10, blank=True, help_text=_("A state or region code, e.g. BE.")
    )
    # Cached business-time tables are keyed by this: any edit makes them rebuild.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WorkingInterval(models.Model):
    """Working time on one weekday, in minutes from local midnight; an end past 1440 runs overnight."""

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="intervals")
    weekday = models.PositiveSmallIntegerField(_("weekday"))  # 0 = Monday
    start_minute = models.PositiveSmallIntegerField(_("from"))
    end_minute = models.PositiveSmallIntegerField(_("to"))

    class Meta:
        ordering = ["weekday", "start_minute"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="interval_weekday_valid"),
            models.CheckConstraint(
                condition=Q(end_minute__gt=models.F("start_minute")), name="interval_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.weekday} {self.start_minute}-{self.end_minute}"


class Closure(models.Model):
    """A closure: a whole local date, or a range of instants."""

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="closures")
    on_date = models.DateField(_("closed on"), null=True, blank=True)
    starts_at = models.DateTimeField(_("closed from"), null=True, blank=True)
    ends_at = models.DateTimeField(_("closed until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=160, blank=True)

    class Meta:
        ordering = ["on_date", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(on_date__isnull=False, starts_at__isnull=True, ends_at__isnull=True)
                | Q(
                    on_date__isnull=True, starts_at__isnull=False, ends_at__gt=models.F("starts_at")
                ),
                name="closure_date_or_range",
            ),
        ]

    def __str__(self) -> str:
        return self.reason or str(self.on_date or self.starts_at)


class Policy(models.Model):
    """A service's targets for one priority, in business minutes of the owning team's calendar."""

    service = models.ForeignKey(
        "catalog.Service", on_delete=models.CASCADE, related_name="policies"
    )
    priority = models.IntegerField(_("priority"))
    first_response_minutes = models.PositiveIntegerField(
        _("first response within"), null=True, blank=True
    )
    resolution_minutes = models.PositiveIntegerField(_("resolved within"), null=True, blank=True)
    update_every_minutes = models.PositiveIntegerField(
        _("a public update at least every"), null=True, blank=True
    )
    at_risk_percent = models.PositiveSmallIntegerField(
        _("at risk when this much is used (%)"), default=75
    )
    pause_statuses = models.JSONField(_("statuses that pause the clock"), default=list)
    second_level_after_minutes = models.PositiveIntegerField(
        _("escalate to the lead's manager this long after a breach"), default=240
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["service", "priority"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "priority"], name="policy_service_priority_unique"
            ),
            models.CheckConstraint(
                condition=Q(at_risk_percent__gte=1, at_risk_percent__lte=99),
                name="policy_at_risk_percent_range",
            ),
            # A target is left empty for "none": zero would be a clock breached as it starts.
            models.CheckConstraint(
                condition=(
                    (Q(first_response_minutes__isnull=True) | Q(first_response_minutes__gt=0))
                    & (Q(resolution_minutes__isnull=True) | Q(resolution_minutes__gt=0))
                    & (Q(update_every_minutes__isnull=True) | Q(update_every_minutes__gt=0))
                ),
                name="policy_targets_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_id}/{self.priority}"


class RequestSla(models.Model):
    """What a request was promised when it was asked: the policy it started with, kept as it was."""

    ticket = models.OneToOneField("tickets.Ticket", on_delete=models.CASCADE, related_name="sla")
    policy = models.JSONField(default=dict)  # the targets and rules as they were when asked
    opened_outside_hours = models.BooleanField(default=False)
    back_at = models.DateTimeField(
        null=True, blank=True
    )  # when the team was back, if asked outside hours

    def __str__(self) -> str:
        return f"SLA of {self.ticket_id}"


class ClockQuerySet(models.QuerySet["Clock"]):
    def live(self) -> ClockQuerySet:
        return self.filter(state__in=(ClockState.RUNNING, ClockState.PAUSED))

    def due_for_sweep(self, now: object) -> ClockQuerySet:
        return self.filter(next_check_at__lte=now)


class Clock(models.Model):
    """One target of one request. The update target runs in cycles: each public update meets the
    current cycle and starts the next, so every cycle keeps its own outcome."""

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="clocks", db_index=False
    )
    target = models.CharField(max_length=16, choices=Target.choices)
    cycle = models.PositiveIntegerField(default=1)
    target_minutes = models.PositiveIntegerField()
    state = models.CharField(max_length=8, choices=ClockState.choices, default=ClockState.RUNNING)
    used_micros = models.BigIntegerField(default=0)  # business time used before running_since
    running_since = models.DateTimeField(null=True, blank=True)
    # Wall-clock time spent paused (waiting on the requester, by default) before paused_since,
    # the start of the pause under way: what the request page and reports say was waited for.
    paused_micros = models.BigIntegerField(default=0)
    paused_since = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(null=True, blank=True)
    at_risk_at = models.DateTimeField(null=True, blank=True)
    was_at_risk_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)
    met_at = models.DateTimeField(null=True, blank=True)
    escalated_level = models.PositiveSmallIntegerField(default=0)  # the highest Level escalated
    # When the sweep must look at this clock next (at risk, due, second level); null when nothing is pending.
    next_check_at = models.DateTimeField(null=True, blank=True)

    objects = ClockQuerySet.as_manager()

    class Meta:
        ordering = ["ticket", "target", "cycle"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "target", "cycle"], name="clock_ticket_target_cycle_unique"
            ),
        ]
        indexes = [
            # The SLA sweep (sla.tasks.sweep_clocks, every minute): clocks whose next moment has come.
            models.Index(
                fields=["next_check_at"],
                name="clock_sweep_idx",
                condition=Q(next_check_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.target}#{self.cycle}"

    def paused_for(self, now: datetime) -> timedelta:
        """Wall-clock time spent paused, the pause under way included."""
        under_way = now - self.paused_since if self.paused_since is not None else timedelta()
        return timedelta(microseconds=self.paused_micros) + max(under_way, timedelta())


class Escalation(models.Model):
    """One escalation of one clock: each level happens once (the unique pair is the guarantee)."""

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="escalations")
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    to_person = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_team = models.ForeignKey(
        "org.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    entry = models.OneToOneField(
        "tickets.TimelineEntry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set once its notifications exist; the sweep re-announces escalations left unannounced by a
    # worker that died between the sweep's commit and the notification task.
    announced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["at"]
        constraints = [
            models.UniqueConstraint(fields=["clock", "level"], name="escalation_once_per_level")
        ]
        indexes = [
            models.Index(
                fields=["at"],
                name="escalation_unannounced_idx",
                condition=Q(announced_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clock_id} level {self.level}"


class PromiseQuerySet(models.QuerySet["Promise"]):
    def open(self) -> PromiseQuerySet:
        return self.filter(state=PromiseState.OPEN)

    def settled(self) -> PromiseQuerySet:
        return self.exclude(state=PromiseState.OPEN)


class Promise(models.Model):
    """A time an agent committed to for the next step of a request."""

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="promises")
    made_by = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="promises")
    team = models.ForeignKey("org.Team", on_delete=models.PROTECT, related_name="+")
    step = models.CharField(_("promised step"), max_length=12, choices=PromiseStep.choices)
    promised_for = models.DateTimeField(_("promised for"))
    message = models.TextField(blank=True)
    made_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=12, choices=PromiseState.choices, default=PromiseState.OPEN)
    settled_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("why the time changed"), max_length=300, blank=True)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaced_by"
    )

    objects = PromiseQuerySet.as_manager()

    class Meta:
        ordering = ["-made_at"]
        indexes = [
            # The SLA sweep marks open promises whose time has passed as broken.
            models.Index(
                fields=["promised_for"],
                name="promise_open_due_idx",
                condition=Q(state=PromiseState.OPEN),
            ),
            models.Index(fields=["made_by", "settled_at"], name="promise_person_idx"),
            models.Index(fields=["team", "settled_at"], name="promise_team_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} by {self.promised_for}"
