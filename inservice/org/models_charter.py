"""The organisation's service vision and each team's charter (decision 0036).

Both are short texts people write and everyone reads: the vision on the portal and its own page,
a charter on its team's page beside what is live (the catalog's services, the calendar's hours,
the team's agreements), which is read where it lives and never copied here. Writes go through
org.services_charter; `version` lets an editor's save be refused when someone saved since they
opened the form.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MAX_STATEMENT = 300
MAX_MISSION = 300
MAX_TEXT = 5_000
# The vision is one row, always this one: the constraint refuses a second however it is written.
VISION_PK = 1


class Vision(models.Model):
    """The organisation's service vision: a statement shown on the portal, and a longer text."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=VISION_PK, editable=False)
    statement = models.CharField(_("statement"), max_length=MAX_STATEMENT)
    text = models.TextField(_("the longer text"), blank=True, help_text=_("Markdown."))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("service vision")
        constraints = [models.CheckConstraint(condition=Q(id=VISION_PK), name="vision_one_row")]

    def __str__(self) -> str:
        return self.statement


class Charter(models.Model):
    """What a team is for and how it works with the rest of the organisation."""

    team = models.OneToOneField("org.Team", on_delete=models.CASCADE, related_name="charter")
    mission = models.CharField(_("mission"), max_length=MAX_MISSION)
    hours = models.TextField(_("hours"), blank=True)
    reach = models.TextField(_("how to reach us"), blank=True, help_text=_("Markdown."))
    commitments = models.TextField(_("commitments"), blank=True, help_text=_("Markdown."))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("team charter")

    def __str__(self) -> str:
        return self.mission
