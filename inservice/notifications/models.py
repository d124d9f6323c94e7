from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from inservice.notifications.choices import (
    Channel,
    DeliveryStatus,
    DigestFrequency,
    DigestKind,
    Kind,
)
from inservice.org.models import Person
from inservice.tickets.models import Ticket, TimelineEntry


def ticket_visible_to(person: Person) -> Exists:
    """True for rows whose request `person` may still see (the rule of tickets.permissions, in SQL).

    Logs outlive access: a request moved to a confidential team, a watcher removed. Pages and the
    admin show such a row's request by its key only, never its subject.
    """
    return Exists(Ticket.objects.visible_to(person).filter(pk=OuterRef("ticket_id")))


# An email is about one event (a Kind) or is a digest about several requests.
DELIVERY_KINDS = [
    *Kind.choices,
    *((f"digest_{value}", label) for value, label in DigestKind.choices),
]


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def for_person(self, person: Person) -> NotificationQuerySet:
        return self.filter(recipient=person)

    def with_ticket_visibility(self, person: Person) -> NotificationQuerySet:
        """Annotates `ticket_visible`: whether `person` may see the request today."""
        return self.annotate(ticket_visible=ticket_visible_to(person))


class Notification(models.Model):
    """An in-app notification: one row per recipient per event."""

    recipient = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # kind + timeline entry: fanning out the same event twice creates nothing new.
    event_key = models.CharField(max_length=80)
    ticket = models.ForeignKey(Ticket, null=True, on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey(TimelineEntry, null=True, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    # For a notification about something that is not a request: what it is about, in a few
    # words, and the path of the page that shows it (never a whole URL).
    title = models.CharField(max_length=200, blank=True)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event_key"], name="notification_event_once"
            ),
        ]
        indexes = [
            # The bell's unread count on every page.
            models.Index(
                fields=["recipient"],
                name="notification_unread_idx",
                condition=Q(read_at__isnull=True),
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"


class DeliveryQuerySet(models.QuerySet["Delivery"]):
    def failed(self) -> DeliveryQuerySet:
        return self.filter(status=DeliveryStatus.FAILED)

    def stalled(self, before: datetime) -> DeliveryQuerySet:
        """Pending emails whose next attempt was due before `before` (the retry sweep)."""
        return self.filter(status=DeliveryStatus.PENDING, next_attempt_at__lt=before)

    def with_ticket_visibility(self, person: Person) -> DeliveryQuerySet:
        """Annotates `ticket_visible`: whether `person` may see the request today."""
        return self.annotate(ticket_visible=ticket_visible_to(person))


class Delivery(models.Model):
    """One outbound email and what became of it: the delivery log."""

    recipient = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(max_length=16, choices=DELIVERY_KINDS)
    event_key = models.CharField(max_length=80)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    ticket = models.ForeignKey(Ticket, null=True, on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey(TimelineEntry, null=True, on_delete=models.CASCADE, related_name="+")
    to_address = models.EmailField()
    subject = models.CharField(max_length=250, blank=True)
    status = models.CharField(
        max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event_key", "channel"], name="delivery_event_once"
            ),
        ]
        indexes = [
            # The retry sweep (pending, overdue) and the admins' "failed deliveries" view.
            models.Index(
                fields=["status", "next_attempt_at"],
                name="delivery_unsent_idx",
                condition=~Q(status=DeliveryStatus.SENT),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to_address} ({self.status})"


class Preference(models.Model):
    """A person's choice for one kind on one channel. No row means the default: on."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    enabled = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "channel"], name="preference_person_kind_channel_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind}/{self.channel}={self.enabled}"


class DigestSetting(models.Model):
    """How often a person wants the digest of their open requests (no row: weekly)."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="digest_setting")
    frequency = models.CharField(
        max_length=8, choices=DigestFrequency.choices, default=DigestFrequency.WEEKLY
    )

    def __str__(self) -> str:
        return f"{self.person_id}: {self.frequency}"


class DigestLog(models.Model):
    """One digest sent: the unique period makes a second send for the same period impossible."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="digests")
    kind = models.CharField(max_length=10, choices=DigestKind.choices)
    period = models.CharField(max_length=80)  # e.g. 2026-11-23 (daily) or 2026-W48 (weekly)
    team = models.ForeignKey(
        "org.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # The period names the team for team reports ("2026-11-23/it-service-desk").
            models.UniqueConstraint(
                fields=["person", "kind", "period"], name="digest_once_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period} for {self.person_id}"
