"""Digests: a requester's open requests (daily or weekly, their choice; weekly by default) and a
lead's daily team report, each sent at 8 in the morning of the person's own time zone by the
hourly task, exactly once per period, through the delivery log."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import time_machine
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.notifications import services as notify
from inservice.notifications.choices import DeliveryStatus, DigestFrequency, DigestKind
from inservice.notifications.delivery import attempt_delivery
from inservice.notifications.digest_emails import render_digest
from inservice.notifications.models import Delivery, DigestLog, DigestSetting
from inservice.notifications.tasks import send_digests
from inservice.notifications.tests.support import NotificationTestCase
from inservice.org import services as org
from inservice.org.choices import Role
from inservice.sla import services as sla
from inservice.tickets import services as tickets
from inservice.tickets.choices import Priority
from inservice.tickets.lifecycle import Action
from inservice.tickets.models import Ticket

# Monday 23 Nov 2026. 13:05 UTC is 08:05 in New York (alice, bob); 07:05 UTC is 08:05 in Berlin
# (erin, the IT lead; grace, the Payroll lead; carol, dave, frank).
MONDAY = datetime(2026, 11, 23, tzinfo=UTC)
NEW_YORK_8 = MONDAY + timedelta(hours=13, minutes=5)
BERLIN_8 = MONDAY + timedelta(hours=7, minutes=5)
TUESDAY = timedelta(days=1)


def text_sections(body: str) -> dict[str, list[str]]:
    """The text team report's lists by heading ("At risk (1)"): each request on one line."""
    found: dict[str, list[str]] = {}
    rows: list[str] | None = None
    for line in body.splitlines():
        if re.fullmatch(r"\w[^:]* \(\d+\)", line):
            rows = found.setdefault(line, [])
        elif rows is not None and line.startswith("- "):
            rows.append(line[2:])
        elif rows is not None and line.startswith("  ") and not line.strip().startswith("http"):
            rows[-1] += " · " + line.strip()
        elif not line.strip():
            rows = None
    return found


def html_sections(html: str) -> dict[str, str]:
    """The HTML team report's lists by heading ("At risk (1)"): the HTML under each heading."""
    parts = re.split(r"<h2[^>]*>(.*?)</h2>", html, flags=re.S)
    return {
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", title)).strip(): chunk
        for title, chunk in zip(parts[1::2], parts[2::2], strict=True)
    }


class DigestTestCase(NotificationTestCase):
    def at(self, moment: datetime, action: object, *args: object, **kwargs: object) -> object:
        with time_machine.travel(moment, tick=False), self.captureOnCommitCallbacks(execute=True):
            return action(*args, **kwargs)  # type: ignore[operator]

    def ask_at(self, moment: datetime, **kwargs: object) -> Ticket:
        ticket = self.at(moment, self.ask, **kwargs)
        assert isinstance(ticket, Ticket)
        return ticket

    def run_digests(self, moment: datetime) -> int:
        mail.outbox.clear()
        sent = self.at(moment, send_digests)
        assert isinstance(sent, int)
        return sent

    def to(self, username: str) -> list[mail.EmailMessage]:
        return [m for m in mail.outbox if m.to == [f"{username}@example.org"]]


class RequesterDigestTests(DigestTestCase):
    def setUp(self) -> None:
        super().setUp()
        friday = MONDAY - timedelta(days=3) + timedelta(hours=10)
        self.laptop_ticket = self.ask_at(friday, subject="Laptop for the pitch")
        self.at(friday, tickets.assign, self.erin, self.laptop_ticket, self.carol)
        self.promised = MONDAY + timedelta(days=1, hours=15)  # Tue 15:00 UTC = 10:00 in New York
        self.at(
            friday + timedelta(hours=1),
            sla.acknowledge,
            self.carol,
            self.laptop_ticket,
            self.promised,
            "resolution",
        )
        # Not acknowledged yet: its first response was due Friday 14:00 UTC, and missed.
        self.monitor_ticket = self.ask_at(friday, subject="Second monitor")
        self.at(friday + timedelta(hours=5), sla.sweep, friday + timedelta(hours=5))
        self.payslip_ticket = self.ask_at(
            friday, service=self.payslip, subject="Overtime missing", answers={}
        )
        done = self.ask_at(friday, subject="Old mouse")
        self.at(friday, tickets.transition, self.carol, done, Action.RESOLVE)

    def test_it_sends_the_weekly_digest_on_monday_at_eight_in_the_requesters_zone(self) -> None:
        self.assertEqual(self.run_digests(NEW_YORK_8), 1)

        (message,) = self.to("alice")
        self.assertEqual(message.subject, "Your 3 open requests: where they stand")
        html = self.html_of(message)
        for part in (message.body, html):
            self.assertIn("this week", part)
            self.assertIn(self.laptop_ticket.key, part)
            self.assertIn("Laptop for the pitch", part)
            self.assertIn("Acknowledged", part)
            self.assertIn("IT Service Desk", part)
            self.assertIn("Carol Agent", part)
            self.assertIn("Promised by", part)
            self.assertIn("24 Nov 2026, 10:00 EST", part)  # the promise, in alice's zone
            self.assertIn("Second monitor", part)
            self.assertIn("Was due by", part)  # no promise yet: the service level's due time
            self.assertIn("20 Nov 2026, 09:00 EST", part)
            self.assertIn("Overtime missing", part)
            self.assertIn("Payroll", part)
            self.assertIn("No time promised yet", part)  # payslip questions have no target
            self.assertNotIn("Old mouse", part)  # resolved: not open
            self.assertIn(f"http://127.0.0.1:8000/requests/{self.laptop_ticket.key}/", part)
            self.assertIn("http://127.0.0.1:8000/notifications/settings/", part)
        delivery = Delivery.objects.get(recipient=self.alice, kind="digest_requester")
        self.assertEqual(delivery.status, DeliveryStatus.SENT)
        self.assertEqual(delivery.subject, message.subject)
        self.assertTrue(
            DigestLog.objects.filter(
                person=self.alice, kind=DigestKind.REQUESTER, period="2026-W48"
            ).exists()
        )

    def test_it_sends_nothing_outside_the_eight_oclock_hour_of_the_persons_zone(self) -> None:
        for moment in (NEW_YORK_8 - timedelta(hours=1), NEW_YORK_8 + timedelta(hours=1)):
            self.run_digests(moment)
        self.run_digests(BERLIN_8)  # 02:05 in New York

        self.assertEqual(self.to("alice"), [])
        self.assertFalse(DigestLog.objects.filter(person=self.alice).exists())

    def test_it_sends_each_period_once_however_often_the_task_runs(self) -> None:
        self.run_digests(NEW_YORK_8)
        self.assertEqual(len(self.to("alice")), 1)

        self.assertEqual(self.run_digests(NEW_YORK_8 + timedelta(minutes=30)), 0)
        self.assertEqual(self.run_digests(NEW_YORK_8 + timedelta(minutes=50)), 0)

        self.assertEqual(self.to("alice"), [])
        self.assertEqual(Delivery.objects.filter(kind="digest_requester").count(), 1)
        self.assertEqual(
            notify.record_digest(self.alice, DigestKind.REQUESTER, "2026-W48"), None
        )  # the unique log row refuses a second one, also outside the task

    def test_it_sends_the_weekly_digest_only_on_mondays(self) -> None:
        for day in range(1, 7):
            self.run_digests(NEW_YORK_8 + timedelta(days=day))
            self.assertEqual(self.to("alice"), [], f"day {day}")
        self.run_digests(NEW_YORK_8 + timedelta(days=7))
        self.assertEqual(len(self.to("alice")), 1)

    def test_it_sends_a_daily_digest_every_morning_to_who_chose_it(self) -> None:
        notify.set_digest_frequency(self.alice, DigestFrequency.DAILY)

        self.run_digests(NEW_YORK_8 + TUESDAY)
        (message,) = self.to("alice")
        self.assertIn("this morning", message.body)
        self.run_digests(NEW_YORK_8 + TUESDAY + timedelta(minutes=20))
        self.assertEqual(self.to("alice"), [])
        self.run_digests(NEW_YORK_8 + 2 * TUESDAY)
        self.assertEqual(len(self.to("alice")), 1)
        periods = set(DigestLog.objects.filter(person=self.alice).values_list("period", flat=True))
        self.assertEqual(periods, {"2026-11-24", "2026-11-25"})

    def test_it_sends_nothing_to_who_chose_never(self) -> None:
        notify.set_digest_frequency(self.alice, DigestFrequency.NEVER)

        self.run_digests(NEW_YORK_8)

        self.assertEqual(self.to("alice"), [])

    def test_it_sends_nothing_to_people_with_no_open_request(self) -> None:
        self.run_digests(NEW_YORK_8)

        self.assertEqual(self.to("bob"), [])  # bob, also in New York, asked nothing
        self.assertFalse(DigestLog.objects.filter(person=self.bob).exists())

    def test_it_lists_a_request_asked_on_someones_behalf_for_both(self) -> None:
        for_alice = self.ask_at(MONDAY, asker=self.bob, requester=self.alice, subject="Dock")

        self.run_digests(NEW_YORK_8)

        self.assertIn(for_alice.key, self.to("alice")[0].body)
        (bobs,) = self.to("bob")
        self.assertIn(for_alice.key, bobs.body)
        self.assertEqual(bobs.subject, "Your open request: where it stands")

    def test_it_skips_a_digest_whose_requests_closed_before_it_went_out(self) -> None:
        with time_machine.travel(NEW_YORK_8, tick=False):
            with self.captureOnCommitCallbacks() as queued:  # logged, the email not sent yet
                send_digests()
            for ticket in (self.laptop_ticket, self.monitor_ticket, self.payslip_ticket):
                agent = self.dave if ticket == self.payslip_ticket else self.carol
                tickets.transition(agent, ticket, Action.RESOLVE)
            mail.outbox.clear()
            delivery = Delivery.objects.get(recipient=self.alice, kind="digest_requester")

            self.assertEqual(attempt_delivery(delivery.pk).status, DeliveryStatus.SKIPPED)
        self.assertEqual(len(queued), 1)
        self.assertEqual(mail.outbox, [])

    @override_settings(EMAIL_BACKEND="inservice.notifications.tests.support.BrokenBackend")
    def test_it_keeps_a_failed_digest_in_the_delivery_log_for_a_retry_not_a_second_send(
        self,
    ) -> None:
        self.run_digests(NEW_YORK_8)
        delivery = Delivery.objects.get(recipient=self.alice, kind="digest_requester")
        self.assertEqual((delivery.status, delivery.attempts), (DeliveryStatus.PENDING, 1))
        self.assertIn("refused the connection", delivery.last_error)

        self.run_digests(NEW_YORK_8 + timedelta(minutes=30))

        self.assertEqual(Delivery.objects.filter(kind="digest_requester").count(), 1)

    def test_it_reads_a_digest_in_the_same_queries_however_many_requests_it_lists(self) -> None:
        def queries_for_digest() -> tuple[int, str]:
            Delivery.objects.filter(kind="digest_requester").delete()
            DigestLog.objects.all().delete()
            with time_machine.travel(NEW_YORK_8, tick=False):
                notify.record_digest(self.alice, DigestKind.REQUESTER, "2026-W48")
                delivery = Delivery.objects.select_related("recipient").get(kind="digest_requester")
                with CaptureQueriesContext(connection) as queries:
                    message = render_digest(delivery)
            assert message is not None
            return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)

        few, _ = queries_for_digest()
        for n in range(4):
            ticket = self.ask_at(MONDAY, subject=f"Monitor {n}")
            self.at(MONDAY, tickets.assign, self.erin, ticket, self.carol)
            self.at(MONDAY, sla.acknowledge, self.carol, ticket, self.promised, "update")
        many, sql = queries_for_digest()

        self.assertEqual(few, many, sql)
        self.assertEqual(many, 1, sql)  # the requests with their promises, in one query


class DigestSettingTests(DigestTestCase):
    def test_it_offers_the_digest_choice_weekly_by_default(self) -> None:
        self.login(self.alice)

        response = self.client.get(reverse("notifications:preferences"))

        self.assertContains(response, '<select name="digest"')
        self.assertContains(response, '<option value="weekly" selected>Monday mornings</option>')
        self.assertContains(response, '<option value="daily">Every morning</option>')
        self.assertNotContains(response, "your team's daily report")  # alice leads no team

    def test_it_saves_the_choice_and_shows_it_back(self) -> None:
        self.login(self.alice)

        response = self.client.post(
            reverse("notifications:preferences"), {"digest": "daily"}, follow=True
        )

        self.assertContains(response, "Your notification settings are saved.")
        self.assertContains(response, '<option value="daily" selected>Every morning</option>')
        self.assertEqual(DigestSetting.objects.get(person=self.alice).frequency, "daily")

    def test_it_refuses_an_unknown_choice_and_changes_nothing(self) -> None:
        self.login(self.alice)

        response = self.client.post(
            reverse("notifications:preferences"), {"digest": "hourly"}
        )  # every switch off, too

        self.assertContains(
            response,
            "Choose how often you want the digest: every morning, Monday mornings or never.",
            status_code=422,
        )
        self.assertFalse(DigestSetting.objects.filter(person=self.alice).exists())
        self.assertFalse(self.alice.notification_preferences.exists())

    def test_it_tells_a_lead_about_the_team_report(self) -> None:
        self.login(self.erin)

        response = self.client.get(reverse("notifications:preferences"))

        self.assertContains(response, "your team's daily report")


class TeamReportTests(DigestTestCase):
    def setUp(self) -> None:
        super().setUp()
        last_week = MONDAY - timedelta(days=7) + timedelta(hours=10)
        self.oldest = self.ask_at(last_week, subject="Printer jam since last week")
        # Friday 10:00 UTC: first response due 14:00; the sweep sees it breached.
        friday_10 = MONDAY - timedelta(days=3) + timedelta(hours=10)
        self.breached = self.ask_at(friday_10, subject="VPN down")
        self.at(friday_10, tickets.assign, self.erin, self.breached, self.carol)
        self.at(friday_10 + timedelta(hours=5), sla.sweep, friday_10 + timedelta(hours=5))
        # Sunday: new in the last day; nobody has it.
        self.new = self.ask_at(MONDAY - timedelta(hours=3), subject="Screen flickers")
        self.oldest.refresh_from_db()
        self.breached.refresh_from_db()

    def test_it_sends_each_lead_their_teams_report_at_eight_their_time(self) -> None:
        self.run_digests(BERLIN_8)

        (message,) = self.to("erin")
        self.assertEqual(
            message.subject, "IT Service Desk daily report: 1 new, 0 at risk, 2 breached"
        )
        html = self.html_of(message)
        for part in (message.body, html):
            self.assertIn("VPN down", part)
            self.assertIn("Screen flickers", part)
            self.assertIn("Printer jam since last week", part)
            self.assertIn("Was due", part)
            self.assertIn("Carol Agent", part)
            self.assertIn("unassigned", part)
            self.assertIn("Oldest open", part)
            self.assertIn("http://127.0.0.1:8000/teams/it-service-desk/queue/", part)
        self.assertIn("- New in the last 24 hours: 1", message.body)
        self.assertIn("- Unassigned: 2", message.body)
        self.assertIn("- Open: 3", message.body)
        self.assertEqual(self.to("carol"), [])  # a member, not a lead
        self.assertEqual(self.to("frank"), [])  # Employee Relations has nothing to report
        log = DigestLog.objects.get(person=self.erin, kind=DigestKind.TEAM)
        self.assertEqual((log.team, log.period), (self.it, f"2026-11-23/{self.it.pk}"))

    def test_it_lists_a_request_at_risk_and_the_breached_ones_each_under_its_heading(
        self,
    ) -> None:
        # Urgent laptops: a first response within 40 business minutes, at risk at 75 % (30).
        sla.save_policy(
            self.laptop,
            Priority.URGENT,
            first_response_minutes=40,
            resolution_minutes=480,
            update_every_minutes=None,
        )
        # Friday 16:25 UTC: 35 minutes run before 17:00, the last 5 on Monday at 09:00 UTC.
        friday_16_25 = MONDAY - timedelta(days=3) + timedelta(hours=16, minutes=25)
        urgent = self.ask_at(friday_16_25, subject="CEO laptop dead", priority=Priority.URGENT)
        self.at(friday_16_25, tickets.assign, self.erin, urgent, self.carol)
        self.at(BERLIN_8 - timedelta(minutes=5), sla.sweep, BERLIN_8 - timedelta(minutes=5))

        self.run_digests(BERLIN_8)

        (message,) = self.to("erin")
        self.assertEqual(
            message.subject, "IT Service Desk daily report: 1 new, 1 at risk, 2 breached"
        )
        self.assertIn("- At risk: 1", message.body)
        self.assertIn("- Breached: 2", message.body)
        text = text_sections(str(message.body))
        self.assertEqual(
            text["At risk (1)"],
            [  # due Monday 09:05 UTC, 10:05 in Berlin where erin reads it
                f"{urgent.key}: CEO laptop dead · Due by: 23 Nov, 10:05 CET · Carol Agent · New"
            ],
        )
        self.assertEqual(
            text["Breached (2)"],
            [
                f"{self.oldest.key}: Printer jam since last week · Was due: 16 Nov, 15:00 CET"
                " · unassigned · New",
                f"{self.breached.key}: VPN down · Was due: 20 Nov, 15:00 CET · Carol Agent · New",
            ],
        )
        html = html_sections(self.html_of(message))
        self.assertIn(urgent.key, html["At risk (1)"])
        self.assertIn("Due by: 23 Nov, 10:05 CET", html["At risk (1)"])
        self.assertNotIn(self.breached.key, html["At risk (1)"])
        for breached in (self.oldest, self.breached):
            self.assertIn(breached.key, html["Breached (2)"])
        self.assertNotIn(urgent.key, html["Breached (2)"])

    def test_it_sends_the_report_every_morning_and_once_a_morning(self) -> None:
        self.run_digests(BERLIN_8)
        self.run_digests(BERLIN_8 + timedelta(minutes=40))
        self.assertEqual(self.to("erin"), [])
        self.run_digests(BERLIN_8 + TUESDAY)
        self.assertEqual(len(self.to("erin")), 1)
        self.assertEqual(DigestLog.objects.filter(person=self.erin).count(), 2)

    def test_it_sends_no_report_to_someone_who_stopped_leading_before_it_went_out(
        self,
    ) -> None:
        with time_machine.travel(BERLIN_8, tick=False):
            with self.captureOnCommitCallbacks():
                send_digests()
            org.add_member(self.it, self.carol, Role.LEAD)  # the team keeps a lead
            org.set_role(self.it, self.erin, Role.MEMBER)
            delivery = Delivery.objects.get(recipient=self.erin, kind="digest_team")

            self.assertEqual(attempt_delivery(delivery.pk).status, DeliveryStatus.SKIPPED)

    def test_it_reads_the_report_in_the_same_queries_however_big_the_team_queue(self) -> None:
        def queries_for_report() -> tuple[int, str]:
            Delivery.objects.filter(kind="digest_team").delete()
            DigestLog.objects.all().delete()
            with time_machine.travel(BERLIN_8, tick=False):
                period = f"2026-11-23/{self.it.pk}"
                notify.record_digest(self.erin, DigestKind.TEAM, period, self.it)
                delivery = Delivery.objects.select_related("recipient").get(kind="digest_team")
                with CaptureQueriesContext(connection) as queries:
                    message = render_digest(delivery)
            assert message is not None
            return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)

        few, _ = queries_for_report()
        for n in range(6):
            ticket = self.ask_at(MONDAY - timedelta(hours=2), subject=f"Keyboard {n}")
            if n % 2:
                self.at(MONDAY, tickets.assign, self.erin, ticket, self.carol)
        many, sql = queries_for_report()

        self.assertEqual(few, many, sql)
