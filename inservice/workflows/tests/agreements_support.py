"""A service agreement for the agreement tests: IT Service Desk provides to Sales West.

The cast's IT Service Desk (erin leads, carol serves) commits to a first response within an hour
and a resolution within a business day on "New laptop" (whose own targets are 4 h and 40 h);
Sales West (alice and bob, led by bob here) owes answers within 2 business hours, complete
information and 10 working days of notice before starting "Onboarding", a workflow Payroll keeps
(its one step asks Payroll, so runs add no laptop requests to the measures).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import time_machine

from inservice.catalog.models import Service
from inservice.org import services as org
from inservice.org.choices import Role
from inservice.org.models import Person, Team
from inservice.test import BaseTestCase
from inservice.tickets import services as tickets
from inservice.tickets.models import Ticket
from inservice.workflows import services
from inservice.workflows.models import Agreement, WorkflowTemplate

# Monday 23 November 2026, 10:00 UTC: IT works Monday to Friday, 09:00-17:00 UTC (no calendar).
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
SET_UP = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)


def onboarding(
    lead: Person, team: Team, service: Service, name: str = "Onboarding"
) -> WorkflowTemplate:
    """A workflow kept by `team` whose one step asks `service`."""
    return services.create_template(
        lead,
        team,
        name,
        "A new colleague's first day.",
        services.VersionDraft(
            steps=[services.StepDraft("payroll", "Payroll", service, "Payroll for a new hire")]
        ),
    )


def draft(cast: Any, **changes: Any) -> services.AgreementDraft:
    """The agreement described above, from a test case or (in setUpTestData) its class."""
    values: dict[str, Any] = {
        "title": "IT and Sales West",
        "provider": cast.it,
        "receiver": cast.sales,
        "starts_on": date(2026, 11, 1),
        "review_on": date(2027, 5, 1),
        "complete_information": True,
        "answer_within_minutes": 120,
        "notes": "",
        "services": [services.Commitment(cast.laptop, 60, 480)],
        "notices": [services.NoticeTerm(cast.onboarding, 10)],
    }
    values.update(changes)
    return services.AgreementDraft(**values)


def ask(person: Person, service: Service) -> Ticket:
    """A request opened through the service layer, as BaseTestCase.ask (usable in
    setUpTestData): the service read fresh, so its cached targets are the current ones."""
    fresh = Service.objects.select_related("team__calendar").get(pk=service.pk)
    answers = {"model": "Standard"} if fresh.fields.filter(key="model").exists() else {}
    new = tickets.NewRequest(service=fresh, subject="Laptop for a new project", answers=answers)
    return tickets.open_ticket(person, new)


class AgreementTestCase(BaseTestCase):
    onboarding: WorkflowTemplate

    @classmethod
    def setUpTestData(cls) -> None:
        # Before the tests' own time: a service touched by an agreement in a test gets a new
        # `updated_at`, under which its cached targets reload (sla.policies).
        with time_machine.travel(SET_UP, tick=False):
            super().setUpTestData()
            org.add_member(cls.sales, cls.bob, Role.LEAD)
            cls.onboarding = onboarding(cls.grace, cls.payroll, cls.payslip)

    def draft(self, **changes: Any) -> services.AgreementDraft:
        # The test's own copies of the cast: touching a service sets its `updated_at`, which
        # must not leak into the next test through the shared class-level objects.
        return draft(self, **changes)

    def agree(self, **changes: Any) -> Agreement:
        return services.create_agreement(self.erin, self.draft(**changes))

    @property
    def sales_dept(self) -> Team:
        return self.cast.sales_dept
