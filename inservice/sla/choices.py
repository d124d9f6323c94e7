from django.db import models
from django.utils.translation import gettext_lazy as _


class Target(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("First response")
    RESOLUTION = "resolution", _("Resolution")
    UPDATE = "update", _("Update at least every")


class ClockState(models.TextChoices):
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    MET = "met", _("Met")
    STOPPED = "stopped", _("Stopped")  # the request ended before the target applied


class Health(models.TextChoices):
    """How a request stands against its nearest target; shown on pages and kept on the request."""

    NONE = "", _("No target")
    OK = "ok", _("On track")
    AT_RISK = "at_risk", _("At risk")
    BREACHED = "breached", _("Breached")
    PAUSED = "paused", _("Paused")


class Level(models.IntegerChoices):
    AT_RISK = 1, _("At risk: the assignee, or the team")
    BREACHED = 2, _("Breached: the team lead")
    SECOND = 3, _("Still breached: the lead's manager")


class PromiseStep(models.TextChoices):
    UPDATE = "update", _("A public update")
    RESOLUTION = "resolution", _("The resolution")


class PromiseState(models.TextChoices):
    OPEN = "open", _("Open")
    KEPT = "kept", _("Kept")
    BROKEN = "broken", _("Broken")
    RENEGOTIATED = "renegotiated", _("Renegotiated in time")
    WITHDRAWN = "withdrawn", _("Withdrawn: the request ended first")
