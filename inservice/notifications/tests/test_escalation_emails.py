"""The sweep's escalations reach people by email: an update due to the assignee, at risk to the
assignee (or the team), a breach to the leads, a breach still open to the leads' manager; each says
what is due when, in the reader's own time zone, with a link to the request."""

from __future__ import annotations

from datetime import datetime, timedelta

import time_machine
from django.core import mail

from inservice.notifications import services as notify
from inservice.notifications.choices import Channel, DeliveryStatus, Kind
from inservice.notifications.models import Delivery
from inservice.sla import services as sla
from inservice.sla.tests.escalation_support import MONDAY_10, EscalationTestCase
from inservice.tickets import services as tickets
from inservice.tickets.choices import Priority

LINK = "http://127.0.0.1:8000/requests/{key}/"


class EscalationEmailTests(EscalationTestCase):
    lead_zone = "America/New_York"
    manager_zone = "Asia/Tokyo"

    def sweep_at(self, moment: datetime) -> int:
        mail.outbox.clear()  # each test reads what one sweep sent
        return super().sweep_at(moment)

    def mails(self) -> dict[str, mail.EmailMessage]:
        return {message.to[0].split("@")[0]: message for message in mail.outbox}

    def test_it_tells_the_assignee_a_target_is_at_risk_with_its_due_time_in_their_zone(
        self,
    ) -> None:
        ticket = self.ask_at_monday_10()

        self.assertEqual(self.sweep_at(MONDAY_10 + timedelta(hours=3, minutes=1)), 1)

        self.assertEqual(set(self.mails()), {"carol"})
        message = self.mails()["carol"]
        self.assertEqual(
            message.subject,
            f"[{ticket.key}] At risk — First response due 23 Nov, 15:00 CET: {ticket.subject}",
        )
        html = self.html_of(message)
        for part in (message.body, html):
            self.assertIn("is at risk of missing its target", part)
            self.assertIn("23 Nov 2026, 15:00 CET", part)  # 14:00 UTC in Berlin
            self.assertIn("Carol Agent", part)
            self.assertIn(LINK.format(key=ticket.key), part)

    def test_it_tells_the_whole_team_when_nobody_is_assigned(self) -> None:
        ticket = self.ask_at_monday_10(assignee=False)

        self.sweep_at(MONDAY_10 + timedelta(hours=3, minutes=1))

        self.assertEqual(set(self.mails()), {"carol", "erin", "lena"})
        lena = self.mails()["lena"]
        self.assertIn("23 Nov 2026, 09:00 EST", lena.body)  # 14:00 UTC in New York
        self.assertIn("nobody yet", lena.body)
        self.assertIn(ticket.key, lena.subject)

    def test_it_tells_the_leads_of_a_breach_and_later_the_leads_manager(self) -> None:
        ticket = self.ask_at_monday_10()
        self.sweep_at(MONDAY_10 + timedelta(hours=3, minutes=1))

        self.sweep_at(MONDAY_10 + timedelta(hours=4, minutes=1))

        self.assertEqual(set(self.mails()), {"erin", "lena"})
        lena = self.mails()["lena"]
        self.assertEqual(
            lena.subject, f"[{ticket.key}] Breached — First response: {ticket.subject}"
        )
        for part in (lena.body, self.html_of(lena)):
            self.assertIn("missed its target", part)
            self.assertIn("as a lead of IT Service Desk", part)
            self.assertIn("Was due", part)
            self.assertIn("23 Nov 2026, 09:00 EST", part)
            self.assertIn(LINK.format(key=ticket.key), part)

        self.sweep_at(MONDAY_10 + timedelta(hours=8, minutes=1))  # four hours after the breach

        self.assertEqual(set(self.mails()), {"boss"})
        boss = self.mails()["boss"]
        self.assertEqual(
            boss.subject, f"[{ticket.key}] Still breached — First response: {ticket.subject}"
        )
        for part in (boss.body, self.html_of(boss)):
            self.assertIn("still past its target", part)
            self.assertIn("as the manager of a lead of IT Service Desk", part)
            self.assertIn("23 Nov 2026, 23:00 JST", part)  # 14:00 UTC in Tokyo
        # The manager is in no service team, yet the email went out: they follow it now.
        boss_delivery = Delivery.objects.get(recipient=self.boss, kind=Kind.BREACHED)
        self.assertEqual(boss_delivery.status, DeliveryStatus.SENT)

    def test_it_reminds_the_assignee_an_update_is_due_before_the_limit(self) -> None:
        # The lead's policy for normal laptops: a public update at least every 2 hours.
        sla.save_policy(
            self.laptop,
            Priority.NORMAL,
            first_response_minutes=240,
            resolution_minutes=2400,
            update_every_minutes=120,
            pause_statuses=["waiting"],
        )
        ticket = self.ask_at_monday_10()
        with time_machine.travel(MONDAY_10 + timedelta(minutes=30), tick=False):
            tickets.reply(self.carol, ticket, "We have it.")  # first response met, update cycle 2

        # Cycle 2 runs from 10:30 for 2 h: at risk at 75 % (12:00), due 12:30 UTC.
        self.assertEqual(self.sweep_at(MONDAY_10 + timedelta(hours=2, minutes=1)), 1)

        self.assertEqual(set(self.mails()), {"carol"})
        message = self.mails()["carol"]
        self.assertEqual(
            message.subject, f"[{ticket.key}] Update due by 23 Nov, 13:30 CET: {ticket.subject}"
        )
        for part in (message.body, self.html_of(message)):
            self.assertIn("needs a public update by", part)
            self.assertIn("23 Nov 2026, 13:30 CET", part)
            self.assertIn("an internal note does not", part)
            self.assertIn(LINK.format(key=ticket.key), part)
        self.assertEqual(Delivery.objects.get(kind=Kind.UPDATE_DUE).status, DeliveryStatus.SENT)

    def test_it_sends_each_escalation_email_once_however_often_the_sweep_runs(self) -> None:
        self.ask_at_monday_10()
        moment = MONDAY_10 + timedelta(hours=3, minutes=1)

        self.sweep_at(moment)
        self.sweep_at(moment + timedelta(minutes=1))

        self.assertEqual(Delivery.objects.filter(kind=Kind.AT_RISK).count(), 1)
        self.assertEqual(mail.outbox, [])  # the second sweep sent nothing new

    def test_it_respects_a_person_who_switched_escalation_emails_off(self) -> None:
        notify.set_preferences(self.carol, {(Kind.AT_RISK, Channel.EMAIL): False})
        self.ask_at_monday_10()

        self.sweep_at(MONDAY_10 + timedelta(hours=3, minutes=1))

        self.assertEqual(mail.outbox, [])
        self.assertEqual(self.told(Kind.AT_RISK), {"carol"})  # still told in the app
