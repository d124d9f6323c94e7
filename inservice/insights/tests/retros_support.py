"""What the retrospective tests share (no tests of its own): a week of work between IT Service
Desk and Payroll built through the services at fixed moments and rolled up, and retrospectives
made through insights.services_retros.

The reporting zone is UTC; the teams work Monday to Friday, 09:00-17:00 UTC. The week is 23-29
November 2026 (rollup_support.WEEK); the rollups are refreshed on Monday 30 at 08:00.

- R1, Mon 23 10:00: dave (Payroll) asks IT for a laptop; carol replies at 10:30 and resolves it
  at 11:00 (its resolution target met). Dave rates it 5, "Quick and friendly.".
- R2, Tue 24 10:00: grace (Payroll) asks IT for a laptop; carol resolves it at 12:00. Grace
  rates it 4, no comment.
- R3, Mon 23 11:00: carol (IT) asks Payroll about her payslip (no targets); dave resolves it at
  14:00. Carol rates it 2, "Took a while.".
- R4, Wed 25 10:00: alice (Sales West) asks IT for a laptop; carol hands it to Payroll at 12:00
  and dave replies at 13:00: one transfer from IT to Payroll, acted on after 60 minutes.
- R0, Mon 16 10:00 (the week before): dave asks IT for a laptop; not in the period.
- An agreement: IT provides the laptop to Payroll. Suggestions: dave to IT, named, answered
  "planned" on Tue 24; one anonymous to IT on Wed 25; alice to Payroll, named, on Thu 26.
"""

from __future__ import annotations

from datetime import date, datetime

import time_machine

from inservice.feedback.services import suggestions
from inservice.insights import services_retros as retros
from inservice.insights.models_retros import Retrospective
from inservice.insights.permissions_retros import Retro, get_retro_for_user
from inservice.insights.tests.rollup_support import NOW, WEEK, ask, at, move, rate, reply
from inservice.insights.tests.rollup_support import refresh as refresh_rollups
from inservice.org.models import Person, Team
from inservice.test import BaseTestCase
from inservice.tickets import services as tickets
from inservice.tickets.choices import TransferReason
from inservice.tickets.models import Ticket
from inservice.workflows import services as workflows

__all__ = ["NOW", "WEEK", "RetroTestCase", "WeekTestCase", "at"]


class RetroTestCase(BaseTestCase):
    """Retrospectives over the cast, without any history."""

    def make(
        self,
        facilitator: Person | None = None,
        teams: list[Team] | None = None,
        *,
        start: date = WEEK.start,
        end: date = WEEK.end,
        title: str = "",
        now: datetime = NOW,
    ) -> Retrospective:
        draft = retros.RetroDraft(
            teams=teams if teams is not None else [self.it, self.payroll],
            start=start,
            end=end,
            title=title,
        )
        return retros.create_retrospective(facilitator or self.erin, draft, now=now)

    def retro(self, person: Person, retro: Retrospective | int) -> Retro:
        """The retrospective as `person` (a participant) has it."""
        person.forget_memberships()
        return get_retro_for_user(person, retro if isinstance(retro, int) else retro.pk)


class WeekTestCase(RetroTestCase):
    r1: Ticket
    r2: Ticket
    r3: Ticket
    r4: Ticket

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cast = cls.cast
        carol, dave, grace = cast.carol, cast.dave, cast.grace
        with time_machine.travel(at(16, 9), tick=False):
            workflows.create_agreement(
                cast.erin,
                workflows.AgreementDraft(
                    title="Laptops for Payroll",
                    provider=cast.it,
                    receiver=cast.payroll,
                    starts_on=date(2026, 1, 1),
                    review_on=date(2027, 6, 1),
                    services=[workflows.Commitment(cast.laptop)],
                ),
            )
        ask(at(16, 10), dave, cast.laptop)
        cls.r1 = ask(at(23, 10), dave, cast.laptop)
        reply(at(23, 10, 30), carol, cls.r1, "Imaging it now.")
        move(at(23, 11), carol, cls.r1, "resolve")
        cls.r3 = ask(at(23, 11), carol, cast.payslip)
        move(at(23, 14), dave, cls.r3, "resolve")
        cls.r2 = ask(at(24, 10), grace, cast.laptop)
        move(at(24, 12), carol, cls.r2, "resolve")
        rate(at(24, 9), cls.r1, dave, 5, comment="Quick and friendly.")
        rate(at(24, 13), cls.r2, grace, 4)
        rate(at(25, 9), cls.r3, carol, 2, comment="Took a while.")
        cls.r4 = ask(at(25, 10), cast.alice, cast.laptop)
        with time_machine.travel(at(25, 12), tick=False):
            tickets.transfer(
                carol, cls.r4, cast.payroll, "Payroll buys these.", reason=TransferReason.WRONG_TEAM
            )
        reply(at(25, 13), dave, cls.r4, "Ordered.")
        named = suggestions.submit_suggestion(
            dave,
            suggestions.NewSuggestion(cast.it, "Loan laptops", "Keep two spare.", anonymous=False),
            at=at(23, 15),
        ).suggestion
        suggestions.answer_suggestion(
            cast.erin, named, status="planned", body="Next quarter.", at=at(24, 9)
        )
        suggestions.submit_suggestion(
            carol, suggestions.NewSuggestion(cast.it, "Quieter room", "Please."), at=at(25, 11)
        )
        suggestions.submit_suggestion(
            cast.alice,
            suggestions.NewSuggestion(cast.payroll, "Payslip PDF", "Please.", anonymous=False),
            at=at(26, 11),
        )
        refresh_rollups(at(16, 0).date(), WEEK.end)
