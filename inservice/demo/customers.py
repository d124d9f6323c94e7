"""The demo's key customers (decision 0037): for several service teams, the customers they
matter most to, with the worksheet their lead wrote (what the customer needs from the team, what
the team needs from them) and a contact on the customer's side: its lead, or for a department
its head (the first person placed in it). Written through insights.services_customers by the
serving team's lead, a few weeks ago; does nothing when any key customer is already there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from inservice.insights import services_customers
from inservice.insights.models_customers import KeyCustomer
from inservice.org.choices import Role, TeamKind
from inservice.org.models import Membership, Person, Team

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Worksheet:
    team: str  # the serving team's key prefix
    customer: str  # the customer team's or department's key prefix
    needs_from_us: str
    we_need: str
    notes: str = ""
    age_days: int = 30


WORKSHEETS = (
    Worksheet(
        "IT",
        "SALES",
        "Laptops ready before client visits and trade fairs, and a working replacement within "
        "a day when one breaks on the road. CRM and single sign-on working in every time zone "
        "the sales teams sell in.",
        "Tell us about new starters 10 working days ahead, and about client visits that need "
        "loaner kit or a demo laptop a week ahead.",
        "Quarter end is their busiest time: no planned changes to CRM access in the last week "
        "of a quarter.",
        age_days=21,
    ),
    Worksheet(
        "IT",
        "HR",
        "New starters' accounts and laptops ready on their first morning; a leaver's access "
        "removed by the end of their last day.",
        "Complete new-starter forms (start date, role, office, manager) 10 working days ahead; "
        "leaving dates as soon as they are agreed.",
        age_days=45,
    ),
    Worksheet(
        "IT",
        "SUP",
        "Headsets and the softphone working for the whole shift, and a replacement within two "
        "hours when one fails during it.",
        "Shift changes and new support agents a week ahead; outages reported through the "
        "portal, not in chat, so they reach whoever is on duty.",
        age_days=12,
    ),
    Worksheet(
        "PAY",
        "HR",
        "Payslips right first time; every change entered before the monthly cut-off paid that "
        "month.",
        "Contract changes, new starters and leavers by the 15th of the month, complete with "
        "salary, hours and start or end date.",
        "The cut-off moves to the 10th in December for the holidays.",
        age_days=60,
    ),
    Worksheet(
        "PAY",
        "SALES",
        "Commission paid with the salary of the month after a deal closes, with a statement "
        "each sales person can check against their deals.",
        "Approved commission figures from Sales Operations by the 10th of each month, one file "
        "for all regions.",
        age_days=33,
    ),
    Worksheet(
        "AP",
        "MKTG",
        "Agency and event invoices paid on their terms, so suppliers keep working with us at "
        "short notice.",
        "A purchase order number on every invoice, and invoices approved within 3 working days "
        "of reaching the approver.",
        age_days=40,
    ),
    Worksheet(
        "SOM",
        "SEMEA",
        "Orders booked within one working day, with delivery dates the customer can plan with.",
        "Complete order details: the customer's legal entity, delivery address, PO number and "
        "the agreed price. No order sent half-filled.",
        age_days=18,
    ),
    Worksheet(
        "FAC",
        "HR",
        "A desk, a badge and a locker ready for each new starter on their first day.",
        "The start date, office and team of each new starter at least a week ahead.",
        age_days=26,
    ),
    Worksheet(
        "LEGAL",
        "SALES",
        "Customer contracts reviewed within 5 working days, sooner for deals closing this "
        "quarter, with the changes we can accept marked.",
        "The final commercial terms and the customer's own paper in one request, not in "
        "instalments as the negotiation goes.",
        age_days=9,
    ),
    Worksheet(
        "SEC",
        "ENG",
        "Security reviews of new tools and libraries within 10 working days, with a clear yes, "
        "no or yes-if.",
        "New tools and vendors sent for review before contracts are signed, with the data they "
        "will hold.",
        age_days=50,
    ),
)


def build_key_customers(now: datetime, progress: Progress) -> int:
    """The worksheets above, for the teams the directory has; returns how many were written."""
    if KeyCustomer.objects.exists():
        return 0
    prefixes = {w.team for w in WORKSHEETS} | {w.customer for w in WORKSHEETS}
    teams = {t.key_prefix: t for t in Team.objects.filter(key_prefix__in=prefixes)}
    written = 0
    for sheet in WORKSHEETS:
        team, customer = teams.get(sheet.team), teams.get(sheet.customer)
        lead = _lead(team) if team is not None else None
        if team is None or customer is None or lead is None:
            continue
        draft = services_customers.KeyCustomerDraft(
            needs_from_us=sheet.needs_from_us,
            we_need=sheet.we_need,
            contact=_contact(customer),
            notes=sheet.notes,
        )
        at = now - timedelta(days=sheet.age_days)
        services_customers.save_key_customer(lead, team, customer, draft, at=at)
        written += 1
    progress(f"{written} key customers")
    return written


def _lead(team: Team) -> Person | None:
    found = (
        Membership.objects.filter(team=team, role=Role.LEAD, person__is_active=True)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return found.person if found else None


def _contact(customer: Team) -> Person | None:
    """The customer's lead; for a department (which has none), the first person placed in it:
    its head."""
    if customer.kind != TeamKind.DEPARTMENT:
        return _lead(customer)
    return Person.objects.filter(team=customer, is_active=True).order_by("pk").first()
