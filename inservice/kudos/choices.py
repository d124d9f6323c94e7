from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Period(models.TextChoices):
    """The wall's periods: rolling windows ending now."""

    WEEK = "7d", _("Last 7 days")
    MONTH = "30d", _("Last 30 days")
    QUARTER = "90d", _("Last 90 days")
    YEAR = "365d", _("Last 12 months")
    ALL = "all", _("All time")

    @property
    def days(self) -> int | None:
        return None if self is Period.ALL else int(self.value.removesuffix("d"))


class Direction(models.TextChoices):
    """A person's kudos: those they received, or those they gave."""

    RECEIVED = "received", _("Received")
    GIVEN = "given", _("Given")
