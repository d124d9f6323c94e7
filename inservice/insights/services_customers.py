"""Keeping a team's key customers (decision 0037): the insights app's write path for them.

A team's leads (and administrators) mark a customer team or department as key and write, for
it, what the customer needs from the team, what the team needs from them, a contact person on
their side and notes. Checked whole and written whole, or not at all: a refusal names each
field, in words the pages and the API both show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inservice.insights.models_customers import MAX_TEXT, KeyCustomer
from inservice.insights.permissions_customers import can_edit_key_customers
from inservice.org.models import Person, Team

Problems = dict[str, list[str]]
TEXTS = ("needs_from_us", "we_need", "notes")


@dataclass(frozen=True)
class KeyCustomerDraft:
    needs_from_us: str
    we_need: str = ""
    contact: Person | None = None
    notes: str = ""


def _too_long(text: str) -> str:
    return _("Too long: at most %(max)s characters (this has %(n)s).") % {
        "max": f"{MAX_TEXT:,}",
        "n": f"{len(text):,}",
    }


def key_customer_problems(team: Team, customer: Team, draft: KeyCustomerDraft) -> Problems:
    """Everything wrong with the draft, keyed by field (empty when it can be saved)."""
    errors: Problems = {}
    if customer.pk == team.pk:
        errors["customer"] = [
            _("A team is not its own internal customer: choose another team or a department.")
        ]
    if not draft.needs_from_us.strip():
        errors["needs_from_us"] = [
            _("Say what this customer needs from your team: that is what the worksheet is for.")
        ]
    for name in TEXTS:
        text = getattr(draft, name).strip()
        if len(text) > MAX_TEXT:
            errors.setdefault(name, []).append(_too_long(text))
    contact = draft.contact
    if contact is not None and not contact.is_active:
        errors["contact"] = [
            _("%(name)s is no longer in the directory: choose someone who is.")
            % {"name": contact.name or contact.username}
        ]
    return errors


def save_key_customer(
    actor: Person,
    team: Team,
    customer: Team,
    draft: KeyCustomerDraft,
    *,
    at: datetime | None = None,
) -> tuple[KeyCustomer, bool]:
    """Marks `customer` as one of `team`'s key customers with this worksheet, or rewrites the
    worksheet it has. Returns the row and whether it is new."""
    if not can_edit_key_customers(actor, team):
        raise PermissionDenied(
            _("Only the team's leads and administrators keep its key customers.")
        )
    errors = key_customer_problems(team, customer, draft)
    if errors:
        raise ValidationError(errors)
    values = {
        "needs_from_us": draft.needs_from_us.strip(),
        "we_need": draft.we_need.strip(),
        "contact": draft.contact,
        "notes": draft.notes.strip(),
        "updated_by": actor,
        "updated_at": at or timezone.now(),
    }
    # update_or_create locks the row it finds; two first saves at once meet the unique
    # constraint, and the second is retried as an update of the first.
    with transaction.atomic():
        return KeyCustomer.objects.update_or_create(
            team=team, customer_team=customer, defaults=values
        )


def remove_key_customer(actor: Person, team: Team, customer: Team) -> bool:
    """`customer` is no longer one of `team`'s key customers (its worksheet goes with it).
    Returns whether it was one."""
    if not can_edit_key_customers(actor, team):
        raise PermissionDenied(
            _("Only the team's leads and administrators keep its key customers.")
        )
    deleted, _rows = KeyCustomer.objects.filter(team=team, customer_team=customer).delete()
    return deleted > 0
