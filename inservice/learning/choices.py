"""The learning app's choices: why someone has an assignment, what starts an automatic one, and
where a learner stands (derived, never stored)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Reason(models.TextChoices):
    """Why an assignment exists."""

    CHOSEN = "chosen", _("Assigned to you")
    TEAM = "team", _("Assigned to your team")
    NEW_HIRE = "new_hire", _("For everyone new")
    JOINED_TEAM = "joined_team", _("For new members of your team")


# Made by a rule, not by a person: they name no one who assigned them.
AUTOMATIC_REASONS = (Reason.NEW_HIRE, Reason.JOINED_TEAM)


class Trigger(models.TextChoices):
    """What makes an automatic assignment rule assign."""

    NEW_HIRE = "new_hire", _("Someone joins the organisation")
    JOINED_TEAM = "joined_team", _("Someone joins a team that owns services")


class Standing(models.TextChoices):
    """Where a learner stands on an assignment (derived from the rows, for lists and badges)."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    OVERDUE = "overdue", _("Overdue")
    DONE = "done", _("Done")

    @property
    def badge(self) -> str:
        return STANDING_BADGES[self]


STANDING_BADGES = {
    Standing.NOT_STARTED: "muted",
    Standing.IN_PROGRESS: "info",
    Standing.OVERDUE: "danger",
    Standing.DONE: "ok",
}
