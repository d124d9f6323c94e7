"""Multi-team workflows (templates, their versions and steps; runs and their steps) and two-way
service agreements between a providing and a receiving team."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inservice.catalog.models import Service
from inservice.org.models import Person, Team
from inservice.workflows.choices import RunStatus, StepState

# -- templates ----------------------------------------------------------------------------------


class TemplateQuerySet(models.QuerySet["WorkflowTemplate"]):
    def active(self) -> TemplateQuerySet:
        return self.filter(is_active=True, current__isnull=False)

    def for_list(self) -> TemplateQuerySet:
        return self.select_related("team", "current").order_by("name", "pk")


class WorkflowTemplate(models.Model):
    """A named multi-team process, kept by the leads of its owning team. Every save of its steps
    is a new `TemplateVersion`; runs keep the version they started with."""

    team = models.ForeignKey(
        Team, verbose_name=_("owning team"), on_delete=models.PROTECT, related_name="workflows"
    )
    name = models.CharField(_("name"), max_length=120)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    is_active = models.BooleanField(_("can be started"), default=True)
    current = models.ForeignKey(
        "TemplateVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = TemplateQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="workflowtemplate_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class TemplateVersion(models.Model):
    """One version of a template: its anchor, notice rule, parameters and steps. Never edited."""

    template = models.ForeignKey(
        WorkflowTemplate, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    anchor_label = models.CharField(_("anchor date"), max_length=60, default="Start date")
    # Minimum notice in working days of the owning team's calendar; 0 means no rule.
    min_notice_days = models.PositiveSmallIntegerField(
        _("minimum notice (working days)"), default=0
    )
    # [{"key", "label", "kind", "required", "choices"}] (see workflows.schedule.Param)
    parameters = models.JSONField(default=list, blank=True)
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    created_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "number"], name="templateversion_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.template_id} v{self.number}"


class StepDefinition(models.Model):
    """One step of a template version: owned by a team through one of its services."""

    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(default=0)
    key = models.SlugField(max_length=40)
    name = models.CharField(max_length=120)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    # The request's subject; {parameter} names are filled in from the run's parameters.
    subject = models.CharField(max_length=200)
    # Due at the end of this working day of the team's calendar, counted from the anchor date
    # (negative: before it).
    offset_days = models.SmallIntegerField(default=0)
    # How many working days the step takes once requested: the critical path and forecast use it.
    work_days = models.PositiveSmallIntegerField(default=1)
    depends_on = models.JSONField(default=list, blank=True)  # keys of earlier steps
    # [{"param", "op", "value"}]: the step applies only when all of them hold.
    conditions = models.JSONField(default=list, blank=True)
    # {intake field key: text with {parameter} names}
    prefill = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["version", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="stepdefinition_key_unique")
        ]

    def __str__(self) -> str:
        return self.key


# -- runs ---------------------------------------------------------------------------------------


class RunQuerySet(models.QuerySet["Run"]):
    def visible_to(self, person: Person) -> RunQuerySet:
        """Runs a person may follow: their own, and those in which a team of theirs owns a step or
        the template."""
        teams = sorted(person.team_ids())
        rule = Q(initiator=person)
        if teams:
            rule |= Q(template__team_id__in=teams) | Q(
                pk__in=RunStep.objects.filter(team_id__in=teams).values("run_id")
            )
        if person.is_superuser:
            return self
        return self.filter(rule)


class Run(models.Model):
    """One run of a template version, from an anchor date and parameters."""

    template = models.ForeignKey(WorkflowTemplate, on_delete=models.PROTECT, related_name="runs")
    version = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT, related_name="runs")
    title = models.CharField(max_length=200)
    initiator = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="workflow_runs")
    # The initiator's team when the run started: the receiving side in service agreements.
    initiating_team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    anchor_date = models.DateField()
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.ACTIVE)
    # Working days of the owning team's calendar from the start to the anchor date.
    notice_days = models.IntegerField(default=0)
    late_notice = models.BooleanField(default=False)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = RunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["template", "-started_at"], name="run_template_started_idx"),
            models.Index(fields=["initiator", "-started_at"], name="run_initiator_started_idx"),
            # Agreements: runs a receiving team started, by time.
            models.Index(fields=["initiating_team", "started_at"], name="run_team_started_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status_enum(self) -> RunStatus:
        return RunStatus(self.status)


class RunStep(models.Model):
    """A step of a run: pending until its predecessors finish, then a request in its team's queue."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(default=0)
    key = models.SlugField(max_length=40)
    name = models.CharField(max_length=120)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+", db_index=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=200)
    answers = models.JSONField(default=dict, blank=True)  # the intake answers, checked at start
    depends_on = models.JSONField(default=list, blank=True)
    offset_days = models.SmallIntegerField(default=0)
    work_days = models.PositiveSmallIntegerField(default=1)
    due_at = models.DateTimeField(null=True, blank=True)
    # Why the due date is not the plain offset (e.g. it fell on a day the team is closed).
    due_note = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=10, choices=StepState.choices, default=StepState.PENDING)
    ticket = models.OneToOneField(
        "tickets.Ticket",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workflow_step",
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    problem = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["run", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["run", "key"], name="runstep_key_unique")]
        indexes = [
            # "Which runs does my team have a step in" (RunQuerySet.visible_to).
            models.Index(fields=["team", "run"], name="runstep_team_run_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.key}"

    @property
    def state_enum(self) -> StepState:
        return StepState(self.state)


# -- two-way service agreements ---------------------------------------------------------------


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def of_team(self, team: Team | int) -> AgreementQuerySet:
        """Agreements a team is part of, on either side."""
        return self.filter(Q(provider=team) | Q(receiver=team))

    def for_list(self) -> AgreementQuerySet:
        return self.select_related("provider", "receiver").order_by("title", "pk")


class Agreement(models.Model):
    """What a providing team commits to and what a receiving team (or department) owes it."""

    title = models.CharField(_("title"), max_length=160)
    provider = models.ForeignKey(
        Team, verbose_name=_("providing team"), on_delete=models.PROTECT, related_name="+"
    )
    receiver = models.ForeignKey(
        Team,
        verbose_name=_("receiving team or department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The receiver's side: complete information on arrival, and answers to the provider's
    # questions within this much business time of the provider's calendar while a request waits.
    complete_information = models.BooleanField(_("complete information on arrival"), default=True)
    answer_within_minutes = models.PositiveIntegerField(
        _("answer questions within (business minutes)"), null=True, blank=True
    )
    starts_on = models.DateField(_("in force from"), default=timezone.localdate)
    review_on = models.DateField(_("review date"))
    review_reminded_on = models.DateField(null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(provider=models.F("receiver")), name="agreement_two_sides"
            ),
        ]
        indexes = [
            models.Index(fields=["provider"], name="agreement_provider_idx"),
            models.Index(fields=["receiver"], name="agreement_receiver_idx"),
            # The review reminder: agreements whose review date comes up.
            models.Index(fields=["review_on"], name="agreement_review_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class AgreementService(models.Model):
    """A service the provider commits to, with targets that may be stricter than its policy."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="services")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    first_response_minutes = models.PositiveIntegerField(null=True, blank=True)
    resolution_minutes = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "service"], name="agreementservice_unique"
            ),
            models.CheckConstraint(
                condition=Q(first_response_minutes__isnull=True) | Q(first_response_minutes__gt=0),
                name="agreementservice_response_positive",
            ),
            models.CheckConstraint(
                condition=Q(resolution_minutes__isnull=True) | Q(resolution_minutes__gt=0),
                name="agreementservice_resolution_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id}: {self.service_id}"


class AgreementNotice(models.Model):
    """Notice the receiver owes before the anchor date of runs of a named workflow."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="notices")
    template = models.ForeignKey(WorkflowTemplate, on_delete=models.CASCADE, related_name="+")
    notice_days = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agreement", "template"], name="agreementnotice_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id}: {self.template_id} {self.notice_days}d"
