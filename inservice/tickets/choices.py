from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NEW = "new", _("New")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING = "waiting", _("Waiting on requester")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self]


OPEN_STATUSES = (Status.NEW, Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.WAITING)
DONE_STATUSES = (Status.RESOLVED, Status.CLOSED, Status.CANCELLED)

STATUS_BADGES = {
    Status.NEW: "info",
    Status.ACKNOWLEDGED: "info",
    Status.IN_PROGRESS: "accent",
    Status.WAITING: "warn",
    Status.RESOLVED: "ok",
    Status.CLOSED: "muted",
    Status.CANCELLED: "muted",
}


class Priority(models.IntegerChoices):
    # Lower sorts first: a queue ordered by priority shows urgent work at the top.
    URGENT = 1, _("Urgent")
    HIGH = 2, _("High")
    NORMAL = 3, _("Normal")
    LOW = 4, _("Low")

    @property
    def badge(self) -> str:
        return {1: "danger", 2: "warn", 3: "muted", 4: "muted"}[self.value]


class Channel(models.TextChoices):
    PORTAL = "portal", _("Portal")
    EMAIL = "email", _("Email")
    API = "api", _("API")


class EntryKind(models.TextChoices):
    CREATED = "created", _("Request opened")
    REPLY = "reply", _("Reply")
    NOTE = "note", _("Internal note")
    STATUS = "status", _("Status changed")
    ASSIGNED = "assigned", _("Assigned")
    PRIORITY = "priority", _("Priority changed")
    HANDOFF = "handoff", _("Handoff note")
    MOVED = "moved", _("Moved to another team")
    LINKED = "linked", _("Linked")
    DUPLICATE = "duplicate", _("Marked as duplicate")
    WATCHER = "watcher", _("Watcher added")
    SLA = "sla", _("Service level")
    PROMISE = "promise", _("Promise")
    AVAILABILITY = "availability", _("Reassigned while away")
    WORKFLOW = "workflow", _("Workflow")


class WaitReason(models.TextChoices):
    """Why a request waits on its requester; missing information before any resolution marks it
    incomplete on arrival (Ticket.incomplete_on_arrival, measured by service agreements)."""

    MISSING_INFORMATION = "missing_information", _("Missing information")
    QUESTION = "question", _("Another question")


class TransferReason(models.TextChoices):
    """Why a request is handed to another team: chosen with every transfer, counted in reports."""

    WRONG_TEAM = "wrong_team", _("Sent to the wrong team")
    NEXT_STEP = "next_step", _("Next step belongs to another team")
    NEEDS_EXPERTISE = "expertise", _("Needs another team's expertise")
    NEEDS_APPROVAL = "approval", _("Needs another team's approval")
    RETURNED = "returned", _("Returning with what was asked")
    OTHER = "other", _("Other (say why in the note)")
