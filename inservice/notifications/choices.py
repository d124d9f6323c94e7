from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    RECEIVED = "received", _("Your request was received")
    REPLY = "reply", _("New reply on a request")
    WAITING = "waiting", _("A request is waiting on you")
    RESOLVED = "resolved", _("Your request was resolved")
    ASSIGNED = "assigned", _("A request was assigned to you")
    TRANSFERRED = "transferred", _("A request was transferred to your team")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the app")
    EMAIL = "email", _("Email")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")
