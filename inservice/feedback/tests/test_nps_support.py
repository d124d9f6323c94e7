"""The NPS tests' world (no tests of its own): people who asked IT Service Desk for something
last quarter, in three requesting departments, and campaigns about IT built through the services.

Today is Monday 5 October 2026; last quarter is July to September 2026. IT Service Desk (erin
leads, carol serves) was asked for laptops in August by:
- Sales (department): alice and bob of Sales West, and four more of Sales West: six;
- Finance (department): three people;
- Marketing (department): two people.
Also asked, and never sampled: carol (a member of IT), a person who has since left (inactive),
someone in June (before the period); and dave asked Payroll, not IT.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import time_machine

from inservice.catalog.models import Service
from inservice.feedback.models.surveys import Survey
from inservice.feedback.services import nps, surveys
from inservice.org import services as org
from inservice.org.choices import TeamKind
from inservice.org.models import Person, Team
from inservice.org.tests.api_support import make_person
from inservice.test import BaseTestCase
from inservice.tickets import services as tickets
from inservice.tickets.models import Ticket

TODAY = date(2026, 10, 5)
NOW = datetime(2026, 10, 5, 10, 0, tzinfo=UTC)
ASKED_AT = datetime(2026, 8, 10, 10, 0, tzinfo=UTC)
Q3 = (date(2026, 7, 1), date(2026, 9, 30))
CLOSES = TODAY + timedelta(days=14)


def ask(person: Person, service: Service) -> Ticket:
    """A request opened through the service layer (usable in setUpTestData)."""
    fresh = Service.objects.select_related("team__calendar").get(pk=service.pk)
    answers = {"model": "Standard"} if fresh.fields.filter(key="model").exists() else {}
    new = tickets.NewRequest(service=fresh, subject="A laptop", answers=answers)
    return tickets.open_ticket(person, new)


class NpsTestCase(BaseTestCase):
    finance: Team
    marketing: Team
    sales_people: list[Person]
    finance_people: list[Person]
    marketing_people: list[Person]
    gone: Person
    early: Person

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.finance = org.create_team(name="Finance", key_prefix="FIN", kind=TeamKind.DEPARTMENT)
        cls.marketing = org.create_team(
            name="Marketing", key_prefix="MKT", kind=TeamKind.DEPARTMENT
        )
        extra_sales = [make_person(team=cls.sales) for _ in range(4)]
        cls.sales_people = [cls.alice, cls.bob, *extra_sales]
        cls.finance_people = [make_person(team=cls.finance) for _ in range(3)]
        cls.marketing_people = [make_person(team=cls.marketing) for _ in range(2)]
        cls.gone = make_person(team=cls.sales, name="Gone Person")
        cls.early = make_person(team=cls.sales, name="Early Asker")
        with time_machine.travel(datetime(2026, 6, 15, 10, 0, tzinfo=UTC), tick=False):
            ask(cls.early, cls.laptop)
        with time_machine.travel(ASKED_AT, tick=False):
            for person in (*cls.requesters(), cls.carol, cls.gone):
                ask(person, cls.laptop)
            ask(cls.alice, cls.laptop)  # a second request: asked once all the same
            ask(cls.dave, cls.payslip)
        Person.objects.filter(pk=cls.gone.pk).update(is_active=False)  # as the directory sync does

    @classmethod
    def requesters(cls) -> list[Person]:
        """Everyone who may be sampled for IT's Q3 campaign."""
        return [*cls.sales_people, *cls.finance_people, *cls.marketing_people]

    def campaign(self, *, launch: bool = True, **changes: Any) -> Survey:
        """A campaign about IT's Q3 made by erin today, asking everyone (launched, by default)."""
        values: dict[str, Any] = {
            "period_start": Q3[0],
            "period_end": Q3[1],
            "sample_size": 50,
            "anonymous": True,
            "opens_on": TODAY,
            "closes_on": CLOSES,
            "today": TODAY,
        }
        values.update(changes)
        survey = nps.create_campaign(self.erin, self.it, **values)
        if launch:
            self.assertTrue(nps.launch_campaign(survey.pk, TODAY, seed=7))
        return Survey.objects.select_related("owner").get(pk=survey.pk)

    def answer(self, survey: Survey, person: Person, score: int, reason: str = "") -> None:
        nps.answer_campaign(person, survey, score, reason)

    def answer_all(self, survey: Survey, scores: dict[int, int] | None = None) -> None:
        """Everyone sampled answers: Sales 10s, Finance 8s, Marketing 3s unless told otherwise;
        each gives a reason."""
        for person in self.requesters():
            if person in self.sales_people:
                score = 10
            elif person in self.finance_people:
                score = 8
            else:
                score = 3
            score = (scores or {}).get(person.pk, score)
            self.answer(survey, person, score, f"Reason {person.name}: quick and friendly help")

    def close(self, survey: Survey) -> Survey:
        self.assertTrue(surveys.close_survey(survey.pk, survey.closes_on))
        return Survey.objects.select_related("owner").get(pk=survey.pk)
