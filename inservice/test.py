"""The named cast every test can use, in one base class.

Sales people ask; IT Service Desk and Payroll serve; Employee Relations runs a confidential service.
- alice: a Sales employee who asks (the requester)
- bob: another Sales employee, with nothing to do with alice's requests
- carol: an IT Service Desk agent (the owning team)
- erin: the IT Service Desk lead
- dave: a Payroll agent (another team)
- grace: the Payroll lead
- frank: an Employee Relations agent (the confidential team)
- root: an administrator who is in no team
"""

from __future__ import annotations

from typing import Any

from django.test import TestCase

from inservice.catalog import services as catalog
from inservice.catalog.choices import FieldKind
from inservice.catalog.models import Service
from inservice.catalog.services import FieldSpec
from inservice.factories import PASSWORD
from inservice.org import services as org
from inservice.org.choices import Role, TeamKind
from inservice.org.models import Person, Team
from inservice.tickets import services as tickets
from inservice.tickets.models import Ticket


class Cast:
    """Builds the cast; used by BaseTestCase and by browser tests (which cannot use setUpTestData)."""

    def __init__(self) -> None:
        self.sales_dept = org.create_team(
            name="Sales", key_prefix="SALES", kind=TeamKind.DEPARTMENT
        )
        self.sales = org.create_team(name="Sales West", key_prefix="SW", parent=self.sales_dept)
        self.it = org.create_team(name="IT Service Desk", key_prefix="IT", email="it@example.org")
        self.payroll = org.create_team(name="Payroll", key_prefix="PAY")
        self.er = org.create_team(name="Employee Relations", key_prefix="ER")
        hq = org.location_named("Berlin HQ", "Europe/Berlin", "DE")
        ny = org.location_named("New York", "America/New_York", "US")

        def person(username: str, name: str, team: Team, **kw: Any) -> Person:
            return org.create_person(
                username=username,
                name=name,
                email=f"{username}@example.org",
                password=PASSWORD,
                team=team,
                **kw,
            )

        self.erin = person("erin", "Erin Lead", self.it, location=hq, time_zone="Europe/Berlin")
        self.alice = person(
            "alice",
            "Alice Asker",
            self.sales,
            location=ny,
            time_zone="America/New_York",
            manager=None,
        )
        self.bob = person(
            "bob", "Bob Bystander", self.sales, location=ny, time_zone="America/New_York"
        )
        self.carol = person(
            "carol",
            "Carol Agent",
            self.it,
            location=hq,
            time_zone="Europe/Berlin",
            manager=self.erin,
        )
        self.grace = person(
            "grace", "Grace Lead", self.payroll, location=hq, time_zone="Europe/Berlin"
        )
        self.dave = person(
            "dave",
            "Dave Payroll",
            self.payroll,
            location=hq,
            time_zone="Europe/Berlin",
            manager=self.grace,
        )
        self.frank = person(
            "frank", "Frank Relations", self.er, location=hq, time_zone="Europe/Berlin"
        )
        self.root = person("root", "Root Admin", self.sales_dept, is_superuser=True)
        org.add_member(self.it, self.erin, Role.LEAD)
        org.add_member(self.payroll, self.grace, Role.LEAD)
        org.add_member(self.er, self.frank, Role.LEAD)

        self.laptop = catalog.create_service(
            self.it,
            name="New laptop",
            summary="A laptop for work.",
            accountable=self.erin,
            description="We set up and deliver a laptop.",
            response_target_minutes=240,
            resolution_target_minutes=2400,
        )
        catalog.set_form(
            self.laptop,
            [
                FieldSpec(
                    key="model",
                    label="Model",
                    kind=FieldKind.SINGLE_CHOICE,
                    required=True,
                    options=["Standard", "Developer"],
                ),
                FieldSpec(
                    key="justification",
                    label="Why a developer laptop",
                    kind=FieldKind.LONG_TEXT,
                    required_when_key="model",
                    required_when_value="Developer",
                ),
            ],
        )
        catalog.set_operating_steps(
            self.laptop, [("Check stock", ""), ("Image the laptop", ""), ("Deliver", "")]
        )
        self.payslip = catalog.create_service(
            self.payroll,
            name="Payslip question",
            summary="Something on your payslip.",
            accountable=self.grace,
        )
        self.er_case = catalog.create_service(
            self.er,
            name="Raise a workplace concern",
            summary="In confidence.",
            accountable=self.frank,
            is_confidential=True,
        )


class BaseTestCase(TestCase):
    cast: Cast
    alice: Person
    bob: Person
    carol: Person
    dave: Person
    erin: Person
    frank: Person
    grace: Person
    root: Person
    it: Team
    payroll: Team
    er: Team
    sales: Team
    laptop: Service
    payslip: Service
    er_case: Service

    @classmethod
    def setUpTestData(cls) -> None:
        cls.cast = Cast()
        for name, value in vars(cls.cast).items():
            setattr(cls, name, value)

    def setUp(self) -> None:
        super().setUp()
        # setUpTestData objects are shared; memberships read in one test must not leak into the next.
        for person in (
            self.alice,
            self.bob,
            self.carol,
            self.dave,
            self.erin,
            self.frank,
            self.grace,
            self.root,
        ):
            person.forget_memberships()

    def login(self, person: Person) -> None:
        self.client.force_login(person)

    def ask(
        self, asker: Person | None = None, service: Service | None = None, **kwargs: Any
    ) -> Ticket:
        """A request opened through the service layer, as the portal does."""
        # Fresh from the database, as the portal and the API read it: a class-level copy would
        # carry an old `updated_at`, under which the service's policies are cached.
        service = Service.objects.select_related("team__calendar").get(
            pk=(service or self.laptop).pk
        )
        answers = kwargs.pop("answers", {"model": "Standard"} if service == self.laptop else {})
        new = tickets.NewRequest(
            service=service,
            subject=kwargs.pop("subject", "Laptop for new project"),
            answers=answers,
            **kwargs,
        )
        return tickets.open_ticket(asker or self.alice, new)
