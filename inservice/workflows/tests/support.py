"""A small onboarding workflow over the test cast's teams, and a fixed Monday to run it from.

Teams work Monday to Friday, 09:00-17:00 UTC (no calendar chosen). The template belongs to IT
Service Desk (erin leads it):
- record (Payroll, payslip service): 8 working days before the start date
- laptop (IT, laptop service, model from {equipment}): after record, 2 days before, 3 days' work
- desk (Facilities, desk service): after record, 1 day before, only in Berlin
- badge (Facilities, desk service): after desk, on the start date
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from inservice.catalog import services as catalog
from inservice.catalog.models import Service
from inservice.factories import PASSWORD
from inservice.org import services as org
from inservice.org.choices import Role
from inservice.org.models import Person, Team
from inservice.test import BaseTestCase, Cast
from inservice.workflows import services
from inservice.workflows.choices import ParamKind
from inservice.workflows.models import Run, WorkflowTemplate
from inservice.workflows.schedule import Condition

MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # Monday 2 March 2026, 10:00 UTC
START = date(2026, 3, 16)  # two weeks later: 10 working days' notice from MONDAY


@dataclass
class Onboarding:
    """Facilities (fiona leads it, with a desk service) and the onboarding template."""

    facilities: Team
    fiona: Person
    desk: Service
    template: WorkflowTemplate


def build_onboarding(cast: Cast) -> Onboarding:
    facilities = org.create_team(name="Facilities", key_prefix="FAC")
    fiona = org.create_person(
        username="fiona",
        name="Fiona Facilities",
        email="fiona@example.org",
        password=PASSWORD,
        team=facilities,
    )
    org.add_member(facilities, fiona, Role.LEAD)
    desk = catalog.create_service(facilities, name="Desk", summary="A desk.", accountable=fiona)
    template = services.create_template(
        cast.erin, cast.it, "Onboarding", "Ready on day one.", onboarding_draft(cast, desk)
    )
    return Onboarding(facilities, fiona, desk, template)


def onboarding_draft(cast: Cast, desk: Service) -> services.VersionDraft:
    return services.VersionDraft(
        anchor_label="Start date",
        min_notice_days=10,
        parameters=[
            services.Param("name", "New hire's name"),
            services.Param(
                "equipment", "Laptop", ParamKind.CHOICE, choices=["Standard", "Developer"]
            ),
            services.Param("location", "Office", ParamKind.CHOICE, choices=["Berlin", "New York"]),
            services.Param("manager", "Manager", ParamKind.PERSON, required=False),
        ],
        steps=[
            services.StepDraft(
                "record", "Payroll record", cast.payslip, "Payroll record for {name}", -8
            ),
            services.StepDraft(
                "laptop",
                "Laptop",
                cast.laptop,
                "Laptop for {name}",
                -2,
                work_days=3,
                depends_on=["record"],
                prefill={"model": "{equipment}"},
            ),
            services.StepDraft(
                "desk",
                "Desk",
                desk,
                "Desk for {name}",
                -1,
                depends_on=["record"],
                condition=Condition("location", "equals", "Berlin"),
            ),
            services.StepDraft("badge", "Badge", desk, "Badge for {name}", 0, depends_on=["desk"]),
        ],
    )


class WorkflowTestCase(BaseTestCase):
    facilities: Team
    desk: Service
    fiona: Person  # the Facilities lead
    onboarding: WorkflowTemplate

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        built = build_onboarding(cls.cast)
        cls.facilities, cls.fiona, cls.desk = built.facilities, built.fiona, built.desk
        cls.onboarding = built.template

    def start(self, actor: Person | None = None, **params: Any) -> Run:
        given = {"name": "Jo Newhire", "equipment": "Standard", "location": "Berlin"} | params
        anchor = given.pop("anchor", START)
        self.onboarding.refresh_from_db()
        return services.start_run(actor or self.alice, self.onboarding, anchor, given)
