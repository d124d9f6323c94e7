"""A small, hand-built history of transfers for the handoff report's tests.

Every team of the cast works by the default calendar (Monday to Friday, 09:00-17:00 UTC), so each
figure below can be checked by hand. "Now" is Wednesday 25 November 2026, 12:00 UTC.

- IT → Payroll, Mon 23 Nov 10:30 (wrong team); Payroll replies at 11:30 (60 min), then sends it
  back to IT at 12:00 (returned: a bounce); IT adds a note at 12:30 (30 min).
- IT → Payroll, Mon 16:00 (expertise); Payroll assigns it Tue 10:00: 60 + 60 = 120 min.
- IT → Payroll, Mon 11:00 (wrong team); Payroll has not acted yet.
- IT → Employee Relations, Mon 13:00 (wrong team); acknowledged at 13:10 (10 min).
- IT → Payroll, Mon 3 Aug 10:30 (wrong team): before the default 90 days; never acted on.

So, for the last 90 days: IT → Payroll 3 transfers, 2 acted on (60 and 120 min: median 90,
90th percentile 114), 1 bounce; Payroll → IT 1 (30 min); IT → Employee Relations 1 (10 min).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import time_machine

from inservice.test import BaseTestCase
from inservice.tickets import services
from inservice.tickets.choices import TransferReason

T = TypeVar("T")

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
MONDAY = datetime(2026, 11, 23, tzinfo=UTC)


def at(day: datetime, hour: int, minute: int = 0) -> datetime:
    return day.replace(hour=hour, minute=minute)


class HandoffHistory(BaseTestCase):
    """BaseTestCase with the history above (built per test: time_machine needs the services)."""

    def when(self, moment: datetime, action: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with time_machine.travel(moment, tick=False):
            return action(*args, **kwargs)

    def build_history(self) -> None:
        tuesday = at(MONDAY.replace(day=24), 0)
        bounced = self.when(at(MONDAY, 10), self.ask, subject="Payroll code for a laptop")
        self.when(
            at(MONDAY, 10, 30),
            services.transfer,
            self.carol,
            bounced,
            self.payroll,
            "Needs a payroll code",
            reason=TransferReason.WRONG_TEAM,
        )
        self.when(at(MONDAY, 11, 30), services.reply, self.dave, bounced, "We have no code")
        self.when(
            at(MONDAY, 12),
            services.transfer,
            self.dave,
            bounced,
            self.it,
            "Not ours after all",
            reason=TransferReason.RETURNED,
        )
        self.when(
            at(MONDAY, 12, 30), services.reply, self.carol, bounced, "Back with us", internal=True
        )

        slow = self.when(at(MONDAY, 10), self.ask, subject="Salary for the laptop")
        self.when(
            at(MONDAY, 16),
            services.transfer,
            self.carol,
            slow,
            self.payroll,
            "Salary question",
            reason=TransferReason.NEEDS_EXPERTISE,
        )
        self.when(at(tuesday, 10), services.assign, self.dave, slow, self.dave)

        waiting = self.when(at(MONDAY, 10), self.ask, subject="Untouched")
        self.when(
            at(MONDAY, 11),
            services.transfer,
            self.carol,
            waiting,
            self.payroll,
            "Yours",
            reason=TransferReason.WRONG_TEAM,
        )

        concern = self.when(at(MONDAY, 10), self.ask, subject="A concern")
        self.when(
            at(MONDAY, 13),
            services.transfer,
            self.carol,
            concern,
            self.er,
            "For Employee Relations",
            reason=TransferReason.WRONG_TEAM,
        )
        self.when(at(MONDAY, 13, 10), services.transition, self.frank, concern, "acknowledge")

        august = datetime(2026, 8, 3, tzinfo=UTC)
        old = self.when(at(august, 10), self.ask, subject="Long ago")
        self.when(
            at(august, 10, 30),
            services.transfer,
            self.carol,
            old,
            self.payroll,
            "Old one",
            reason=TransferReason.WRONG_TEAM,
        )

    def handed(self, n: int) -> None:
        """`n` more requests, each handed on and acted on by the receiving team."""
        for i in range(n):
            ticket = self.when(at(MONDAY, 10), self.ask, subject=f"Request {i}")
            team, agent = (self.payroll, self.dave) if i % 2 else (self.er, self.frank)
            self.when(
                at(MONDAY, 11),
                services.transfer,
                self.carol,
                ticket,
                team,
                "Yours",
                reason=TransferReason.OTHER,
            )
            self.when(at(MONDAY, 11, 5 + i), services.reply, agent, ticket, "On it")
            if i % 3 == 2:
                self.when(
                    at(MONDAY, 12),
                    services.transfer,
                    agent,
                    ticket,
                    self.it,
                    "Back",
                    reason=TransferReason.RETURNED,
                )
