"""A stint's first action: the first time someone of the holding team acts on the request (a reply
or note, a move, an assignment, a priority change, an acknowledgment), set once per stint."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import time_machine

from inservice.org.models import Person
from inservice.sla import services as sla
from inservice.sla.choices import PromiseStep
from inservice.test import BaseTestCase
from inservice.tickets import services
from inservice.tickets.choices import Priority, TransferReason
from inservice.tickets.lifecycle import Action
from inservice.tickets.models import Stint, Ticket

MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


class FirstActionTests(BaseTestCase):
    def first_action(self, ticket: Ticket) -> datetime | None:
        return Stint.objects.get(ticket=ticket, ended_at__isnull=True).first_action_at

    def at(self, minutes: int) -> time_machine.travel:
        return time_machine.travel(MONDAY_10 + timedelta(minutes=minutes), tick=False)

    def test_it_is_set_by_each_kind_of_action_of_the_holding_team(self) -> None:
        actions: dict[str, Callable[[Person, Ticket], object]] = {
            "public reply": lambda p, t: services.reply(p, t, "On it"),
            "internal note": lambda p, t: services.reply(p, t, "Check stock", internal=True),
            "status change": lambda p, t: services.transition(p, t, Action.START),
            "assignment": lambda p, t: services.assign(p, t, p),
            "priority change": lambda p, t: services.change_priority(p, t, Priority.HIGH),
            "acknowledgment": lambda p, t: sla.acknowledge(
                p, t, MONDAY_10 + timedelta(days=1), PromiseStep.UPDATE
            ),
            "duplicate": lambda p, t: services.mark_duplicate(p, t, self.ask()),
        }
        for name, act in actions.items():
            with self.subTest(action=name):
                with self.at(0):
                    ticket = self.ask()
                with self.at(25):
                    act(self.carol, ticket)
                self.assertEqual(self.first_action(ticket), MONDAY_10 + timedelta(minutes=25))

    def test_it_is_set_once_by_the_first_action(self) -> None:
        with self.at(0):
            ticket = self.ask()
        with self.at(5):
            services.reply(self.carol, ticket, "Looking", internal=True)
        with self.at(50):
            services.assign(self.erin, ticket, self.carol)
            services.transition(self.carol, ticket, Action.START)
        self.assertEqual(self.first_action(ticket), MONDAY_10 + timedelta(minutes=5))

    def test_it_ignores_the_requester_and_inservice_itself(self) -> None:
        with self.at(0):
            ticket = self.ask()
        with self.at(5):
            services.reply(self.alice, ticket, "Any news?")
            services.add_watcher(self.alice, ticket, self.bob)
        self.assertIsNone(self.first_action(ticket))
        with self.at(10):
            services.transition(self.alice, ticket, Action.CANCEL)
        self.assertIsNone(Stint.objects.get(ticket=ticket).first_action_at)

    def test_it_starts_again_with_each_stint_and_counts_only_the_team_holding_it(self) -> None:
        with self.at(0):
            ticket = self.ask()
        with self.at(5):
            services.reply(self.carol, ticket, "Not ours, I think")
        with self.at(10):
            ticket = services.transfer(
                self.carol, ticket, self.payroll, "Yours", reason=TransferReason.WRONG_TEAM
            )
        self.assertIsNone(self.first_action(ticket))
        with self.at(20):  # the team that sent it may still write to the requester
            services.reply(self.carol, ticket, "Payroll has it now")
        self.assertIsNone(self.first_action(ticket))
        with self.at(40):
            services.change_priority(self.dave, ticket, Priority.HIGH)
        it, payroll = Stint.objects.filter(ticket=ticket)
        self.assertEqual(it.first_action_at, MONDAY_10 + timedelta(minutes=5))
        self.assertEqual(payroll.first_action_at, MONDAY_10 + timedelta(minutes=40))

    def test_a_transfer_onward_is_not_the_receiving_teams_first_action(self) -> None:
        with self.at(0):
            ticket = self.ask()
        with self.at(10):
            ticket = services.transfer(
                self.carol, ticket, self.payroll, "Yours", reason=TransferReason.WRONG_TEAM
            )
        with self.at(20):
            services.transfer(self.dave, ticket, self.it, "Not ours", reason=TransferReason.OTHER)
        _, payroll, _ = Stint.objects.filter(ticket=ticket)
        self.assertIsNone(payroll.first_action_at)

    def test_it_keeps_the_acknowledgment_when_the_promise_is_renegotiated(self) -> None:
        with self.at(0):
            ticket = self.ask()
        with self.at(5):
            sla.acknowledge(self.carol, ticket, MONDAY_10 + timedelta(days=1), PromiseStep.UPDATE)
        with self.at(10):
            sla.renegotiate(self.carol, ticket, MONDAY_10 + timedelta(days=2), "Stock is late")
        self.assertEqual(self.first_action(ticket), MONDAY_10 + timedelta(minutes=5))
