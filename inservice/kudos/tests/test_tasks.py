"""Telling people of kudos (the minute's task): the recipients once the delete window has
passed, a team's members, managers by the recipient's choice, once; and the monthly
highlights to everyone, in-app and by email, once a month."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from django.core import mail

from inservice.kudos import services, tasks
from inservice.kudos.tests.support import AFTER_WINDOW, MONDAY, KudosTestCase
from inservice.notifications import services as notify
from inservice.notifications.choices import Channel, Kind
from inservice.notifications.models import Notification
from inservice.org.models import Person

DECEMBER_FIRST = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)


class TellingTests(KudosTestCase):
    def told(self, kind: Kind) -> set[str]:
        found = Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True)
        return set(found)

    def test_the_recipient_and_their_manager_hear_once_the_window_has_passed(self) -> None:
        kudos = self.give(self.alice, [self.carol], message="Ready before my pitch!")
        self.assertEqual(self.tell(MONDAY + timedelta(minutes=9)), 0)  # she may still delete it
        self.assertEqual(mail.outbox, [])
        self.assertEqual(self.tell(), 2)
        self.assertEqual(self.told(Kind.KUDOS), {"carol"})
        self.assertEqual(self.told(Kind.KUDOS_REPORT), {"erin"})
        note = Notification.objects.get(kind=Kind.KUDOS)
        self.assertEqual(note.title, "Alice Asker thanked you")
        self.assertEqual(note.link, f"/kudos/{kudos.pk}/")
        to_carol = next(m for m in mail.outbox if m.to == ["carol@example.org"])
        self.assertEqual(to_carol.subject, "Alice Asker thanked you")
        self.assertIn("Ready before my pitch!", str(to_carol.body))
        self.assertIn("For: Caring", str(to_carol.body))
        to_erin = next(m for m in mail.outbox if m.to == ["erin@example.org"])
        self.assertEqual(to_erin.subject, "Alice Asker thanked Carol Agent")
        self.assertIn("who reports to you", str(to_erin.body))
        # Again: nothing new, nobody told twice.
        self.assertEqual(self.tell(AFTER_WINDOW + timedelta(minutes=5)), 0)
        self.assertEqual(Notification.objects.count(), 2)

    def test_a_request_is_named_in_the_email_only_to_who_may_see_it(self) -> None:
        ticket = self.resolved(subject="Docking station for the pitch")
        self.give(self.alice, [self.carol], ticket=ticket)
        self.tell()
        to_carol = next(
            m for m in mail.outbox if m.to == ["carol@example.org"] and "thanked" in m.subject
        )
        self.assertIn(f"On the request {ticket.key} Docking station", str(to_carol.body))

    def test_the_manager_is_not_told_when_the_recipient_said_no(self) -> None:
        services.set_tell_manager(self.carol, False)
        self.give(self.alice, [self.carol])
        self.assertEqual(self.tell(), 1)
        self.assertEqual(self.told(Kind.KUDOS_REPORT), set())

    def test_nobody_hears_of_a_kudos_deleted_or_hidden_within_the_window(self) -> None:
        gone = self.give(self.alice, [self.carol], message="Oops")
        hidden = self.give(self.bob, [self.dave], message="Unkind")
        with time_machine.travel(MONDAY + timedelta(minutes=2), tick=False):
            services.delete_kudos(self.alice, gone)
            services.hide_kudos(self.grace, hidden, "Unkind.")
        self.assertEqual(self.tell(), 0)
        self.assertFalse(Notification.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_a_team_s_members_hear_of_a_kudos_to_the_team_but_not_the_giver(self) -> None:
        self.give(self.carol, [self.dave], [self.payroll, self.it], message="Month-end heroes")
        self.tell()
        self.assertEqual(self.told(Kind.KUDOS), {"dave", "grace", "erin"})
        self.assertEqual(
            Notification.objects.get(recipient=self.grace).title, "Carol Agent thanked Payroll"
        )
        to_grace = next(m for m in mail.outbox if m.to == ["grace@example.org"])
        self.assertEqual(to_grace.subject, "Carol Agent thanked Payroll")
        self.assertIn("thanked Payroll, your team:", str(to_grace.body))
        self.assertEqual(  # dave was thanked by name: he hears it so, once
            Notification.objects.get(recipient=self.dave).title, "Carol Agent thanked you"
        )
        # Grace, dave's manager, heard of it already as a member of Payroll: once is enough.
        self.assertEqual(self.told(Kind.KUDOS_REPORT), set())

    def test_a_manager_thanked_in_the_same_kudos_or_giving_it_is_not_told_twice(self) -> None:
        self.give(self.erin, [self.carol], message="From her own manager")
        self.give(
            self.alice,
            [self.carol, self.erin],
            message="Both of you",
            at=MONDAY + timedelta(minutes=1),
        )
        self.tell(AFTER_WINDOW + timedelta(minutes=1))
        self.assertEqual(self.told(Kind.KUDOS_REPORT), set())

    def test_a_telling_days_late_is_no_news_and_wakes_nobody(self) -> None:
        self.give(self.alice, [self.carol])
        self.assertEqual(self.tell(MONDAY + timedelta(days=3)), 0)
        self.assertFalse(Notification.objects.exists())
        self.assertEqual(services.kudos_to_tell(MONDAY + timedelta(days=4)), [])

    def test_an_email_is_not_sent_for_a_kudos_hidden_after_it_was_told(self) -> None:
        kudos = self.give(self.alice, [self.carol])
        with time_machine.travel(AFTER_WINDOW, tick=False):
            tasks.tell_due()  # notifications made; emails not yet sent (no commit yet)
        services.hide_kudos(self.erin, kudos, "Private.")
        from inservice.notifications.models import Delivery
        from inservice.notifications.tasks import send_delivery

        for delivery in Delivery.objects.all():
            send_delivery(delivery.pk)
        self.assertEqual(mail.outbox, [])


class HighlightsTests(KudosTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.give(self.alice, [self.carol], message="Laptop before the pitch.")
        self.give(self.carol, [self.dave], message="Payroll fixed my overtime in an hour.")
        self.give(self.erin, teams=[self.it], message="Proud of the desk this month.")
        self.give(self.grace, [self.dave], message="Not in November", at=DECEMBER_FIRST)

    def test_on_the_first_everyone_hears_of_last_month_s_highlights_once(self) -> None:
        with (
            time_machine.travel(DECEMBER_FIRST, tick=False),
            self.captureOnCommitCallbacks(execute=True),
        ):
            self.assertEqual(tasks.send_monthly_highlights.delay().get(), "2026-11")
        active = set(Person.objects.filter(is_active=True).values_list("username", flat=True))
        told = Notification.objects.filter(kind=Kind.KUDOS_DIGEST)
        self.assertEqual(set(told.values_list("recipient__username", flat=True)), active)
        self.assertEqual({n.link for n in told}, {"/kudos/highlights/2026-11/"})
        to_bob = next(m for m in mail.outbox if m.to == ["bob@example.org"])
        self.assertEqual(to_bob.subject, "Kudos highlights: November 2026")
        body = str(to_bob.body)
        self.assertIn("colleagues gave 3 kudos, 2 of them for help across teams", body)
        self.assertIn("- IT Service Desk: 2", body)
        self.assertIn("Payroll fixed my overtime in an hour.", body)
        self.assertNotIn("Not in November", body)
        sent = len(mail.outbox)
        with (
            time_machine.travel(DECEMBER_FIRST + timedelta(hours=1), tick=False),
            self.captureOnCommitCallbacks(execute=True),
        ):
            tasks.send_monthly_highlights.delay()
        self.assertEqual(len(mail.outbox), sent)
        self.assertEqual(told.count(), len(active))

    def test_people_who_switched_it_off_are_not_told(self) -> None:
        notify.set_preferences(
            self.bob,
            {(Kind.KUDOS_DIGEST, Channel.EMAIL): False, (Kind.KUDOS_DIGEST, Channel.IN_APP): False},
        )
        with (
            time_machine.travel(DECEMBER_FIRST, tick=False),
            self.captureOnCommitCallbacks(execute=True),
        ):
            tasks.send_monthly_highlights.delay()
        self.assertFalse(Notification.objects.filter(recipient=self.bob).exists())
        self.assertFalse([m for m in mail.outbox if m.to == ["bob@example.org"]])

    def test_a_month_without_kudos_tells_nobody(self) -> None:
        with time_machine.travel(datetime(2027, 2, 1, 7, tzinfo=UTC), tick=False):
            self.assertEqual(tasks.send_monthly_highlights.delay().get(), "2027-01")
        with time_machine.travel(datetime(2026, 11, 1, 7, tzinfo=UTC), tick=False):
            tasks.send_monthly_highlights.delay()  # October: nothing given
        self.assertEqual(Notification.objects.filter(kind=Kind.KUDOS_DIGEST).count(), 0)

    def test_batches_go_on_until_everyone_is_told(self) -> None:
        with time_machine.travel(DECEMBER_FIRST, tick=False):
            first = services.digest_batch("2026-11", 0)
        self.assertIsNone(first)  # fewer people than a batch: done at once
        from unittest import mock

        with (
            mock.patch("inservice.kudos.services.telling.DIGEST_BATCH", 3),
            time_machine.travel(DECEMBER_FIRST, tick=False),
        ):
            Notification.objects.all().delete()
            tasks.digest_batch.delay("2026-11", 0)
        self.assertEqual(
            Notification.objects.filter(kind=Kind.KUDOS_DIGEST).count(),
            Person.objects.filter(is_active=True).count(),
        )

    def test_the_highlights_page_shows_the_month(self) -> None:
        self.login(self.bob)
        with time_machine.travel(DECEMBER_FIRST, tick=False):
            response = self.client.get("/kudos/highlights/2026-11/")
        self.assertContains(response, "Kudos highlights: November 2026")
        self.assertContains(response, '<dd data-figure="total">3</dd>', html=True)
        self.assertContains(response, '<dd data-figure="across">2</dd>', html=True)
        self.assertContains(response, "Payroll fixed my overtime in an hour.")
        self.assertEqual(self.client.get("/kudos/highlights/2026-13/").status_code, 404)
