"""The demo's two-way service agreements (decision 0027), made through the workflows services by
each providing team's lead: stricter targets on a few of the provider's services on one side;
notice before named workflows, complete information and answers within a business time on the
other. One review comes up within two weeks, so its leads have a reminder due.

Made after the workflow templates (the notices name them) and before the history, so the
measures read both sides from the demo's requests, clocks and runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from inservice.catalog.models import Service
from inservice.demo.build import Directory
from inservice.demo.spec import DAY, HOUR
from inservice.workflows import services as workflows
from inservice.workflows.models import Agreement, WorkflowTemplate

Progress = Callable[[str], None]

ONBOARDING = "New-hire onboarding"
OFFBOARDING = "Leaver offboarding"
MONTH_END = "Month-end figures"


@dataclass(frozen=True)
class AgreementSpec:
    title: str
    provider: str  # the providing team's prefix
    receiver: str  # the receiving team's or department's prefix
    began_days_ago: int
    review_in_days: int  # from the day the demo loads
    # (service name, first response, resolution) in business minutes; None keeps the service's
    services: tuple[tuple[str, int | None, int | None], ...]
    notices: tuple[tuple[str, int], ...]  # (workflow template name, working days)
    answer_within_minutes: int | None
    notes: str


AGREEMENTS = (
    AgreementSpec(
        "IT Service Desk and Sales",
        "IT",
        "SALES",
        began_days_ago=355,
        review_in_days=10,  # the yearly review: both leads are reminded now
        services=(
            ("New laptop or equipment", 2 * HOUR, 2 * DAY),
            ("Software access or licence", 2 * HOUR, DAY),
        ),
        notices=((ONBOARDING, 10),),
        answer_within_minutes=DAY,
        notes="Account executives on the road lose deals without a working laptop and CRM, so "
        "IT Service Desk answers Sales faster on equipment and software. Sales starts onboarding "
        "ten working days before a new hire's first day, sends requests with everything the "
        "form asks for, and answers the desk's questions within a business day.",
    ),
    AgreementSpec(
        "Accounts Payable and Marketing",
        "AP",
        "MKTG",
        began_days_ago=120,
        review_in_days=75,
        services=(
            ("Pay a supplier invoice", None, 4 * DAY),
            ("Payment status", 2 * HOUR, 6 * HOUR),
        ),
        notices=((MONTH_END, 5),),
        answer_within_minutes=2 * DAY,
        notes="Agencies and event venues are paid on time, and Marketing hears where a payment "
        "stands the same day. Marketing asks for the month-end figures a week ahead and "
        "attaches purchase orders to every invoice.",
    ),
    AgreementSpec(
        "Payroll and HR Operations",
        "PAY",
        "HR",
        began_days_ago=150,
        review_in_days=120,
        services=(("Payslip question", 4 * HOUR, 2 * DAY),),
        notices=((ONBOARDING, 10), (OFFBOARDING, 10)),
        answer_within_minutes=DAY,
        notes="Joiners and leavers are paid right the first time: HR Operations starts "
        "onboarding and offboarding two weeks ahead with the contract details complete, and "
        "Payroll replies to HR's payslip questions within half a day and settles them within two.",
    ),
)


def build_agreements(
    d: Directory,
    services: Iterable[Service],
    templates: Mapping[str, WorkflowTemplate],
    progress: Progress,
    today: date | None = None,
) -> list[Agreement]:
    """The agreements of AGREEMENTS, each created by its providing team's lead; `templates` are
    the demo's workflow templates by name (demo.workflows.build_workflows)."""
    today = today or timezone.localdate()
    by_name = {f"{s.team.key_prefix}:{s.name}": s for s in services}
    made = []
    for spec in AGREEMENTS:
        draft = workflows.AgreementDraft(
            title=spec.title,
            provider=d.teams[spec.provider],
            receiver=d.teams[spec.receiver],
            starts_on=today - timedelta(days=spec.began_days_ago),
            review_on=today + timedelta(days=spec.review_in_days),
            complete_information=True,
            answer_within_minutes=spec.answer_within_minutes,
            notes=spec.notes,
            services=[
                workflows.Commitment(by_name[f"{spec.provider}:{name}"], first, resolution)
                for name, first, resolution in spec.services
            ],
            notices=[workflows.NoticeTerm(templates[name], days) for name, days in spec.notices],
        )
        made.append(workflows.create_agreement(d.leads[spec.provider], draft))
    progress(f"agreements {len(made)}")
    return made
