"""A request transferred more than settings.TRANSFER_FLAG_AFTER times: the leads of every team that
held it are told once, and the request page flags it to the teams with each team's stint."""

from __future__ import annotations

from django.core import mail
from django.test import override_settings
from django.urls import reverse

from inservice.notifications.choices import Kind
from inservice.notifications.tests.support import NotificationTestCase
from inservice.org.models import Person, Team
from inservice.tickets import services
from inservice.tickets.choices import TransferReason
from inservice.tickets.models import Ticket


class ManyTransfersTests(NotificationTestCase):
    def hand(self, actor: Person, ticket: Ticket, team: Team) -> Ticket:
        return self.done(
            services.transfer, actor, ticket, team, "Over to you", reason=TransferReason.WRONG_TEAM
        )

    def around(self, ticket: Ticket, times: int) -> Ticket:
        """IT → Payroll → Employee Relations → IT → Payroll ..., each by an agent holding it."""
        route = [
            (self.carol, self.payroll),
            (self.dave, self.er),
            (self.frank, self.it),
        ]
        for n in range(times):
            actor, team = route[n % 3]
            ticket = self.hand(actor, ticket, team)
        return ticket

    def test_it_tells_the_leads_of_every_team_that_held_it_once_past_the_threshold(self) -> None:
        ticket = self.around(self.done(self.ask, self.alice), 3)
        self.assertEqual(self.told(Kind.MANY_TRANSFERS), set())  # 3 is not more than 3

        mail.outbox.clear()
        ticket = self.hand(self.carol, ticket, self.payroll)  # the 4th
        self.assertEqual(self.told(Kind.MANY_TRANSFERS), {"erin", "grace", "frank"})
        self.assertEqual(self.emailed(Kind.MANY_TRANSFERS), {"erin", "grace", "frank"})
        [email] = self.outbox_to(self.erin)
        self.assertEqual(email.subject, f"[{ticket.key}] Transferred 4 times: {ticket.subject}")
        self.assertIn("Carol Agent just moved it from IT Service Desk to Payroll", email.body)

        for actor, team in ((self.dave, self.er), (self.frank, self.it)):
            ticket = self.hand(actor, ticket, team)  # the 5th and the 6th: told already
        self.assertEqual(sorted(self.emailed(Kind.MANY_TRANSFERS)), ["erin", "frank", "grace"])
        self.assertEqual(len([m for m in mail.outbox if " times: " in m.subject]), 3)

    @override_settings(TRANSFER_FLAG_AFTER=1)
    def test_it_reads_the_threshold_from_the_settings(self) -> None:
        ticket = self.hand(self.carol, self.done(self.ask, self.alice), self.payroll)
        self.assertEqual(self.told(Kind.MANY_TRANSFERS), set())
        self.hand(self.dave, ticket, self.it)
        # Dave transferred it: he is not told of what he did himself (nor is he a lead).
        self.assertEqual(self.told(Kind.MANY_TRANSFERS), {"erin", "grace"})

    def test_a_confidential_request_is_flagged_only_within_the_team_holding_it(self) -> None:
        ticket = self.done(self.ask, self.alice, self.er_case)
        for actor, team in [(self.frank, self.payroll), (self.dave, self.er)] * 2:
            ticket = self.hand(actor, ticket, team)
        # Grace leads Payroll, which held it; a confidential request is not theirs to see now.
        self.assertEqual(self.told(Kind.MANY_TRANSFERS), {"frank"})


class FlagOnThePageTests(NotificationTestCase):
    def panel(self, ticket: Ticket, viewer: Person) -> str:
        self.login(viewer)
        html = self.client.get(reverse("tickets:detail", args=[ticket.key])).content.decode()
        return html.split('id="sla-panel"', 1)[1].split("</section>", 1)[0]

    def test_it_shows_the_teams_each_stint_with_its_reason_and_the_transfers(self) -> None:
        ticket = self.ask(self.alice)
        services.reply(self.carol, ticket, "Looking")
        ticket = services.transfer(
            self.carol, ticket, self.payroll, "Payroll's", reason=TransferReason.NEXT_STEP
        )
        panel = self.panel(ticket, self.dave)
        self.assertIn("Transferred 1 time.", panel)
        self.assertNotIn('data-flag="many-transfers"', panel)
        self.assertIn("Why: Next step belongs to another team", panel)
        self.assertIn("First acted after less than a business minute", panel)  # Carol's reply
        self.assertIn("so far", panel)
        self.assertNotIn("Transferred", self.panel(ticket, self.alice))  # the requester

    def test_it_flags_a_request_transferred_more_than_the_threshold(self) -> None:
        ticket = self.ask(self.alice)
        for actor, team in [(self.carol, self.payroll), (self.dave, self.it)] * 2:
            if actor == self.dave:
                self.assertNotIn('data-flag="many-transfers"', self.panel(ticket, self.dave))
            ticket = services.transfer(actor, ticket, team, "Again", reason=TransferReason.OTHER)
        panel = self.panel(ticket, self.carol)
        self.assertIn('data-flag="many-transfers">⚑ Transferred 4 times</span>', panel)
