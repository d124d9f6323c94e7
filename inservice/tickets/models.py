from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inservice.catalog.models import Service
from inservice.lib.sentiment import Tone
from inservice.org.models import Person, Team
from inservice.sla.choices import Health
from inservice.tickets.choices import (
    OPEN_STATUSES,
    Channel,
    EntryKind,
    Priority,
    Status,
    TransferReason,
)


class TicketQuerySet(models.QuerySet["Ticket"]):
    def open(self) -> TicketQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def for_team(self, team: Team | int) -> TicketQuerySet:
        return self.filter(team=team)

    def asked_by(self, person: Person) -> TicketQuerySet:
        """'My requests': asked by the person or asked for them by someone else."""
        return self.filter(Q(requester=person) | Q(submitted_by=person))

    def visible_to(self, person: Person) -> TicketQuerySet:
        """Every request `person` may see, as one SQL filter (see tickets.permissions)."""
        teams = sorted(person.team_ids())
        watched = Watcher.objects.filter(ticket=OuterRef("pk"), person=person)
        rule = (
            Q(requester=person) | Q(submitted_by=person) | Q(Exists(watched)) | Q(team_id__in=teams)
        )
        if teams:
            held = Stint.objects.filter(ticket=OuterRef("pk"), team_id__in=teams)
            rule |= Q(Exists(held), is_confidential=False)
        if person.is_superuser:
            rule |= Q(is_confidential=False)
        return self.filter(rule)

    def record_health(self, due_at: datetime | None, health: str) -> int:
        """The sla app's summary of a request's clocks (see sla.services.refresh_health)."""
        return self.update(due_at=due_at, health=health)

    def queue_order(self) -> TicketQuerySet:
        return self.order_by("priority", "created_at", "id")

    def with_list_columns(self) -> TicketQuerySet:
        return self.select_related("service", "team", "requester", "assignee")

    def assigned_to_absent(self) -> TicketQuerySet:
        """Requests whose assignee is away or out of office: nobody is working on them now."""
        return self.filter(assignee__in=Person.objects.absent())


class Ticket(models.Model):
    """A request from a colleague to a team."""

    # Indexes: every column below that a composite index already leads with has no index of its
    # own (db_index=False); each index costs every insert, and API create throughput counts.
    key = models.CharField(_("key"), max_length=20)
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        related_name="tickets",
        db_index=False,
    )
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="tickets"
    )
    requester = models.ForeignKey(
        Person,
        verbose_name=_("requester"),
        on_delete=models.PROTECT,
        related_name="requests",
        db_index=False,
    )
    submitted_by = models.ForeignKey(
        Person,
        verbose_name=_("asked by"),
        on_delete=models.PROTECT,
        related_name="submitted_requests",
        db_index=False,
    )
    assignee = models.ForeignKey(
        Person,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_requests",
        db_index=False,
    )
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    answers = models.JSONField(_("form answers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    priority = models.IntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.PORTAL
    )
    # Copied from the service when asked: visibility must not change under a request's feet
    # when a lead edits the service later.
    is_confidential = models.BooleanField(_("confidential"), default=False)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    transfer_count = models.PositiveSmallIntegerField(default=0)
    # Set when an agent first put the request to "waiting on requester" for missing information
    # before any resolution: the request was not complete on arrival (service agreements).
    incomplete_on_arrival = models.BooleanField(default=False)
    # The nearest service-level target and how the request stands against it, kept here by the
    # sla app (TicketQuerySet.record_health) so queues sort and show it without joining clocks.
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    health = models.CharField(
        _("service level"), max_length=8, choices=Health.choices, blank=True, default=""
    )
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Optimistic concurrency: every write bumps it, so two agents editing at once cannot
    # silently overwrite each other (services refuse a stale version).
    version = models.PositiveIntegerField(default=1)

    objects = TicketQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # A constraint, not unique=True: PostgreSQL would add a second (LIKE) index on the key.
            models.UniqueConstraint(fields=["key"], name="ticket_key_unique"),
        ]
        indexes = [
            # The team queue's first page: open requests of one team by priority, then age.
            models.Index(
                fields=["team", "priority", "created_at", "id"],
                name="ticket_open_queue_idx",
                condition=Q(status__in=OPEN_STATUSES),
            ),
            # The queue's saved-view counts: an index-only scan of the rows any view counts.
            models.Index(
                fields=["team", "status", "assignee"],
                include=["id", "health"],
                name="ticket_view_counts_idx",
            ),
            # Queues filtered by assignee or by service, due soonest first: each reads its own
            # rows in order and stops at the page's end.
            models.Index(
                fields=["team", "assignee", "service", "due_at", "id"],
                name="ticket_open_assignee_svc_idx",
                condition=Q(status__in=OPEN_STATUSES),
            ),
            models.Index(
                fields=["team", "service", "due_at", "id"],
                name="ticket_open_service_idx",
                condition=Q(status__in=OPEN_STATUSES),
            ),
            # Someone's open requests across teams (going out of office hands them on).
            models.Index(
                fields=["assignee"],
                name="ticket_open_by_assignee_idx",
                condition=Q(status__in=OPEN_STATUSES),
            ),
            models.Index(fields=["requester", "-created_at"], name="ticket_requester_created_idx"),
            # The requester card's "their other open requests".
            models.Index(
                fields=["requester", "-created_at"],
                name="ticket_requester_open_idx",
                condition=Q(status__in=OPEN_STATUSES),
            ),
            models.Index(
                fields=["submitted_by", "-created_at"], name="ticket_submitter_created_idx"
            ),
            # Queues sorted by what is due soonest: open requests of a team by due time.
            models.Index(
                fields=["team", "due_at", "id"],
                name="ticket_open_due_idx",
                condition=Q(status__in=OPEN_STATUSES),
            ),
            # The auto-close sweep: resolved requests past their window.
            models.Index(
                fields=["resolved_at"],
                name="ticket_resolved_sweep_idx",
                condition=Q(status=Status.RESOLVED),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def status_enum(self) -> Status:
        return Status(self.status)

    @property
    def priority_enum(self) -> Priority:
        return Priority(self.priority)


class Stint(models.Model):
    """A span of time one team held a request: opened at creation, closed and reopened at each transfer."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="stints")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+", db_index=False)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Business minutes of the team's calendar the stint used (while the clocks ran), when it ended.
    business_minutes = models.PositiveIntegerField(null=True, blank=True)
    # Why the request came to this team (TransferReason); blank for the first stint.
    reason = models.CharField(max_length=16, choices=TransferReason.choices, blank=True)
    # When someone of the holding team first acted on the request in this stint (handoff reports).
    first_action_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at", "id"]
        indexes = [
            models.Index(fields=["team", "ticket"], name="stint_team_ticket_idx"),
            # The handoff report: stints that began in a period (tickets.handoff_report).
            models.Index(fields=["started_at"], name="stint_started_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} with {self.team_id}"


# The entries the insights rollups read a day at a time (insights.rollup): every change of
# status, team or assignee, public replies, promises and service-level events.
DAILY_KINDS = (
    EntryKind.STATUS.value,
    EntryKind.DUPLICATE.value,
    EntryKind.MOVED.value,
    EntryKind.ASSIGNED.value,
    EntryKind.AVAILABILITY.value,
    EntryKind.REPLY.value,
    EntryKind.PROMISE.value,
    EntryKind.SLA.value,
)


class TimelineEntryQuerySet(models.QuerySet["TimelineEntry"]):
    def public(self) -> TimelineEntryQuerySet:
        return self.filter(is_internal=False)

    def daily_between(self, start: datetime, end: datetime) -> TimelineEntryQuerySet:
        """The DAILY_KINDS entries written in [start, end), through entry_created_idx."""
        return self.filter(kind__in=DAILY_KINDS, created_at__gte=start, created_at__lt=end)

    def for_viewer(self, can_see_internal: bool) -> TimelineEntryQuerySet:
        return self if can_see_internal else self.public()


class TimelineEntry(models.Model):
    """One thing that happened to a request: a reply, a note, a change. Never edited."""

    # No index of their own: entry_ticket_created_idx leads with ticket, and people are
    # deactivated, never deleted, so nothing looks entries up by actor.
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="entries", db_index=False
    )
    kind = models.CharField(max_length=12, choices=EntryKind.choices)
    actor = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(default=timezone.now)
    body = models.TextField(blank=True)
    is_internal = models.BooleanField(default=False)
    data = models.JSONField(default=dict, blank=True)
    # How a requester's public reply reads (lib.sentiment), scored when it is written; blank on
    # every other entry. The feedback app's trends read it beside ratings and suggestions.
    tone = models.CharField(max_length=8, choices=Tone.choices, blank=True)
    tone_score = models.FloatField(null=True, blank=True)

    objects = TimelineEntryQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "timeline entries"
        indexes = [
            models.Index(fields=["ticket", "created_at", "id"], name="entry_ticket_created_idx"),
            # The feedback app's sentiment trends: requesters' scored replies by time.
            models.Index(
                fields=["created_at"], condition=~Q(tone=""), name="entry_scored_created_idx"
            ),
            # The insights rollups: a day's changes, replies, promises and service-level events.
            # Not partial (on DAILY_KINDS): SQLite uses a partial index only when the query
            # repeats its condition with literal values, and Django binds them as parameters.
            # Entries are written in time order, so each insert appends to the index's end.
            models.Index(fields=["created_at"], name="entry_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind}"

    def datum(self, name: str) -> Any:
        return self.data.get(name)


class Watcher(models.Model):
    # Both lookups are led by a composite below: (ticket, person) unique, (person, ticket).
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="watchers", db_index=False
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="watching", db_index=False
    )
    added_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "person"], name="watcher_ticket_person_unique"
            )
        ]
        indexes = [models.Index(fields=["person", "ticket"], name="watcher_person_ticket_idx")]

    def __str__(self) -> str:
        return f"{self.person_id} watches {self.ticket_id}"


class TicketLink(models.Model):
    """Two related requests. Stored once, with the lower id first."""

    first = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="ticketlink_pair_unique"),
            models.CheckConstraint(
                condition=Q(first__lt=models.F("second")), name="ticketlink_ordered_pair"
            ),
        ]
        indexes = [models.Index(fields=["second"], name="ticketlink_second_idx")]

    def __str__(self) -> str:
        return f"{self.first_id} ↔ {self.second_id}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # A random name on disk: the original name is kept in the row, never trusted as a path.
    return f"attachments/{instance.ticket_id}/{instance.token}"


class Attachment(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    entry = models.ForeignKey(
        TimelineEntry, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    field_key = models.CharField(max_length=60, blank=True)
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to=attachment_path, max_length=200)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    is_internal = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.filename


class SavedView(models.Model):
    """A named queue filter: shared with the team (no owner) or personal."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="saved_views")
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ReplyTemplateQuerySet(models.QuerySet["ReplyTemplate"]):
    def of_team(self, team_id: int) -> ReplyTemplateQuerySet:
        """A team's templates for its reply boxes, by name."""
        return self.filter(team_id=team_id).order_by("name", "pk").only("name")


class ReplyTemplate(models.Model):
    """A team's canned reply. Placeholders: {requester_name}, {key}, {promised_time}."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="reply_templates")
    name = models.CharField(_("name"), max_length=80)
    body = models.TextField(_("text"))
    created_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReplyTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="replytemplate_team_name_unique")
        ]

    def __str__(self) -> str:
        return self.name
