"""What the rollup and figure tests share (no tests of its own): two weeks of IT Service Desk
and Payroll work, built through the services at fixed moments, then rolled up.

The reporting zone is UTC; neither team has a calendar, so both work Monday to Friday,
09:00-17:00 UTC. A laptop's first response is due in 240 business minutes, its resolution in
2400. The previous week is 16-22 November 2026, the current one 23-29 November.

Previous week:
- P1, Mon 16 10:00: alice asks for a laptop; carol acknowledges at 10:30 promising the
  resolution by 13:00 (the first response, 30 minutes), replies at 11:00, resolves at 12:00
  (120 minutes; the promise kept; first contact). Alice rates it 4.

Current week:
- T1, Mon 23 10:00: alice asks again (a repeat: P1); carol replies at 10:30 (30 minutes) and
  resolves at 11:00 (60). Alice rates it 5 on Tuesday, and reopens it on Wed 25 at 10:00;
  carol resolves it again at 12:00 (the second cycle: 120 minutes).
- T2, Mon 23 10:00, by email: bob asks for a laptop; carol transfers it to Payroll at 12:00
  (IT held it 120 minutes); dave replies at 13:00 (Payroll's first action after 60 minutes;
  the first response after 180) and resolves at 14:00 (240 minutes; Payroll held it 120).
  Bob rates it 2 with a harsh comment.
- T3, Tue 24 10:00: alice asks a third time (a repeat); nobody answers, and the sweep at 15:00
  finds the first response breached at 14:00. Carol acknowledges at 16:00 (a response after
  360 minutes) promising the resolution by Wed 25 12:00; the promise lapses, broken. Alice
  replies on Wed at 09:00, pleased. T3 stays open.
- T4, Thu 26 09:00: dave asks Payroll about his payslip; grace assigns it to him at 09:30. It
  stays open.
- Wed 25 10:00: alice thanks carol with a kudos (across teams).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import time_machine

from inservice.feedback.models.csat import Rating, RatingChannel
from inservice.feedback.services import csat
from inservice.insights import services
from inservice.insights.figures.base import Figure
from inservice.insights.periods import Period
from inservice.kudos import services as kudos
from inservice.org.models import Person, Team
from inservice.sla import services as sla
from inservice.sla.choices import PromiseStep
from inservice.test import BaseTestCase
from inservice.tickets import services as tickets
from inservice.tickets.choices import Channel, TransferReason
from inservice.tickets.models import Ticket

WEEK = Period(date(2026, 11, 23), date(2026, 11, 29))
BEFORE = Period(date(2026, 11, 16), date(2026, 11, 22))
NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # when the rollups are refreshed
HARSH = "Slow, rude and the problem is still not fixed. Terrible."
PLEASED = "Thank you so much, this is great help!"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in November 2026, UTC."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


class RollupTestCase(BaseTestCase):
    p1: Ticket
    t1: Ticket
    t2: Ticket
    t3: Ticket
    t4: Ticket

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.build()
        refresh(BEFORE.start, WEEK.end)

    @classmethod
    def build(cls) -> None:
        cast = cls.cast
        alice, bob, carol, dave, grace = cast.alice, cast.bob, cast.carol, cast.dave, cast.grace
        cls.p1 = ask(at(16, 10), alice, cast.laptop)
        acknowledge(at(16, 10, 30), carol, cls.p1, at(16, 13))
        reply(at(16, 11), carol, cls.p1, "On its way.")
        move(at(16, 12), carol, cls.p1, "resolve")
        rate(at(16, 13), cls.p1, alice, 4)

        cls.t1 = ask(at(23, 10), alice, cast.laptop)
        cls.t2 = ask(at(23, 10), bob, cast.laptop, channel=Channel.EMAIL)
        reply(at(23, 10, 30), carol, cls.t1, "Imaging it now.")
        move(at(23, 11), carol, cls.t1, "resolve")
        with time_machine.travel(at(23, 12), tick=False):
            tickets.transfer(
                carol, cls.t2, cast.payroll, "Payroll buys these.", reason=TransferReason.WRONG_TEAM
            )
        reply(at(23, 13), dave, cls.t2, "Ordered.")
        move(at(23, 14), dave, cls.t2, "resolve")
        rate(at(24, 9), cls.t1, alice, 5)
        rate(at(24, 9), cls.t2, bob, 2, comment=HARSH)

        cls.t3 = ask(at(24, 10), alice, cast.laptop)
        with time_machine.travel(at(24, 15), tick=False):
            sla.sweep(at(24, 15))
        acknowledge(at(24, 16), carol, cls.t3, at(25, 12))
        reply(at(25, 9), alice, cls.t3, PLEASED)
        move(at(25, 10), alice, cls.t1, "reopen")
        with time_machine.travel(at(25, 10), tick=False):
            value = kudos.save_value(None, name="Caring", position=1)
            kudos.give_kudos(alice, kudos.NewKudos("Quick laptop!", [value], people=[carol]))
        move(at(25, 12), carol, cls.t1, "resolve")
        with time_machine.travel(at(25, 13), tick=False):
            sla.lapse_promises(at(25, 13))

        cls.t4 = ask(at(26, 9), dave, cast.payslip)
        with time_machine.travel(at(26, 9, 30), tick=False):
            tickets.assign(grace, cls.t4, dave)


def refresh(start: date, end: date, now: datetime = NOW) -> int:
    with time_machine.travel(now, tick=False):
        return services.refresh_days(start, end)


def ask(when: datetime, person: Person, service: Any, **kwargs: Any) -> Ticket:
    from inservice.catalog.models import Service

    fresh = Service.objects.select_related("team__calendar").get(pk=service.pk)
    answers = {"model": "Standard"} if fresh.fields.filter(key="model").exists() else {}
    new = tickets.NewRequest(service=fresh, subject="A request", answers=answers, **kwargs)
    with time_machine.travel(when, tick=False):
        return tickets.open_ticket(person, new)


def reply(when: datetime, person: Person, ticket: Ticket, body: str) -> None:
    with time_machine.travel(when, tick=False):
        tickets.reply(person, ticket, body)


def move(when: datetime, person: Person, ticket: Ticket, action: str) -> None:
    with time_machine.travel(when, tick=False):
        tickets.transition(person, ticket, action)


def acknowledge(when: datetime, person: Person, ticket: Ticket, by: datetime) -> None:
    with time_machine.travel(when, tick=False):
        sla.acknowledge(person, ticket, by, PromiseStep.RESOLUTION)


def rate(when: datetime, ticket: Ticket, person: Person, score: int, comment: str = "") -> None:
    rating = Rating.objects.get(ticket=ticket)
    with time_machine.travel(when, tick=False):
        csat.rate(rating, score, comment=comment, channel=RatingChannel.APP, actor=person)


def team_named(name: str) -> Team:
    return Team.objects.get(name=name)


def stat(figure: Figure, label: str) -> tuple[float | None, float | None]:
    """A headline number and the previous period's, by label."""
    found = next(s for s in figure.stats if s.label == label)
    return found.value, found.previous


def series(figure: Figure, label: str) -> list[float | None]:
    return next(s.values for s in figure.series if s.label == label)
