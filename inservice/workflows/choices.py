from django.db import models
from django.utils.translation import gettext_lazy as _


class ParamKind(models.TextChoices):
    TEXT = "text", _("Text")
    CHOICE = "choice", _("One of a list")
    PERSON = "person", _("A colleague")
    DATE = "date", _("Date")


class ConditionOp(models.TextChoices):
    EQUALS = "equals", _("is")
    NOT_EQUALS = "not_equals", _("is not")
    ONE_OF = "one_of", _("is one of")
    IS_SET = "is_set", _("is filled in")


class RunStatus(models.TextChoices):
    ACTIVE = "active", _("Under way")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")

    @property
    def badge(self) -> str:
        return {"active": "info", "completed": "ok", "cancelled": "muted"}[self.value]


class StepState(models.TextChoices):
    PENDING = "pending", _("Waiting on earlier steps")
    OPEN = "open", _("Requested")
    DONE = "done", _("Done")
    SKIPPED = "skipped", _("Does not apply")
    CANCELLED = "cancelled", _("Cancelled")
    BLOCKED = "blocked", _("Could not be requested")

    @property
    def badge(self) -> str:
        return STEP_BADGES[self]


STEP_BADGES = {
    StepState.PENDING: "muted",
    StepState.OPEN: "info",
    StepState.DONE: "ok",
    StepState.SKIPPED: "muted",
    StepState.CANCELLED: "muted",
    StepState.BLOCKED: "danger",
}
LIVE_STEP_STATES = (StepState.PENDING, StepState.OPEN, StepState.BLOCKED)


class Forecast(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    LATE = "late", _("Late")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")

    @property
    def badge(self) -> str:
        return {
            "on_track": "ok",
            "at_risk": "warn",
            "late": "danger",
            "done": "ok",
            "cancelled": "muted",
        }[self.value]
