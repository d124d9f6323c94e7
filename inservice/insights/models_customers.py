"""A team's key internal customers (decision 0037): "a living version of the know-your-internal-
customers worksheet". For each customer team (or department) a team's leads mark as key, what
the customer needs from the team, what the team needs from them in return, and a contact
person on their side. The live figures beside it (requests, ratings, service levels) are never
stored here: they come from the daily rollups (`FlowDay`) when the page is read.

Written only through insights.services_customers.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

# Each of the worksheet's texts: a paragraph or two, enough to be specific, short enough to read.
MAX_TEXT = 2_000


class KeyCustomer(models.Model):
    team = models.ForeignKey("org.Team", on_delete=models.CASCADE, related_name="key_customers")
    # A team or a whole department: a department's figures add up its teams'.
    customer_team = models.ForeignKey(
        "org.Team", verbose_name=_("customer"), on_delete=models.CASCADE, related_name="+"
    )
    needs_from_us = models.TextField(_("what they need from us"))
    we_need = models.TextField(_("what we need from them"), blank=True)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("key customer")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "customer_team"], name="keycustomer_team_customer_unique"
            ),
            # The services refuse it first, in words; this keeps it out however it is written.
            models.CheckConstraint(
                condition=~Q(team=F("customer_team")), name="keycustomer_not_own_team"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team_id} serves {self.customer_team_id}"
