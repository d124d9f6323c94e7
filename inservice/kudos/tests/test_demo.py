"""The demo's kudos (demo.kudos), built on the test cast and a few more colleagues: the four
values, kudos over six months through the services (a third by requesters thanking who helped
on their resolved requests, many across teams, the month's last week busiest), one hidden with a
reason, and the sign-ins' own recent ones told as the minute's task would."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from unittest import mock

import time_machine

from inservice.catalog.models import Service
from inservice.demo import kudos as demo
from inservice.kudos.helped import helpers_of
from inservice.kudos.models import Kudos, Value
from inservice.notifications.choices import Kind
from inservice.notifications.models import Notification
from inservice.org import services as org
from inservice.org.models import Person
from inservice.org.tests.api_support import make_person
from inservice.test import BaseTestCase
from inservice.tickets import services as tickets

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
TARGET = 60


def quiet(text: str) -> None:
    pass


class DemoKudosTests(BaseTestCase):
    made: int
    lines: list[str]
    requester: Person
    agent: Person

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for n in range(12):
            make_person(team=[cls.sales, cls.it, cls.payroll, cls.er][n % 4])
        cls.requester = org.create_person(
            username="requester", name="Sofia Marino", email="sofia@example.org", team=cls.sales
        )
        cls.agent = org.create_person(
            username="agent",
            name="Daniel Okafor",
            email="daniel@example.org",
            team=cls.it,
            manager=cls.erin,
        )
        askers = [cls.requester, cls.alice, cls.bob]
        for n in range(25):
            with time_machine.travel(NOW - timedelta(days=3 + 6 * n), tick=False):
                laptop = Service.objects.select_related("team__calendar").get(pk=cls.laptop.pk)
                new = tickets.NewRequest(
                    service=laptop, subject=f"Laptop {n}", answers={"model": "Standard"}
                )
                ticket = tickets.open_ticket(askers[n % 3], new)
                tickets.reply(cls.carol, ticket, "On it.")
            with time_machine.travel(NOW - timedelta(days=2 + 6 * n), tick=False):
                tickets.transition(cls.agent if n == 0 else cls.carol, ticket, "resolve")
        cls.lines = []
        with mock.patch.object(demo, "TARGET", TARGET), time_machine.travel(NOW, tick=False):
            cls.made = demo.build_kudos(NOW, random.Random(42), cls.lines.append)

    def test_it_makes_the_four_values_and_about_the_kudos_asked_for(self) -> None:
        self.assertEqual(
            list(Value.objects.values_list("name", flat=True)),
            ["Caring", "Competence", "Integrity", "Follow-through"],
        )
        self.assertEqual(Kudos.objects.count(), self.made)
        self.assertTrue(TARGET * 0.8 <= self.made <= TARGET + 2, self.made)
        self.assertIn(f"kudos {self.made}", self.lines[0])
        oldest = Kudos.objects.order_by("created_at").first()
        assert oldest is not None
        self.assertGreater(oldest.created_at, NOW - timedelta(days=183))
        self.assertFalse(Kudos.objects.filter(created_at__gt=NOW).exists())

    def test_a_third_thank_who_helped_on_a_resolved_request(self) -> None:
        tied = Kudos.objects.filter(ticket__isnull=False).select_related("ticket")
        self.assertTrue(self.made / 4 <= tied.count() <= self.made / 2, tied.count())
        for kudos in tied:
            assert kudos.ticket is not None
            self.assertEqual(kudos.giver_id, kudos.ticket.requester_id)
            helpers = {p.pk for p in helpers_of(kudos.ticket)}
            thanked = {r.person_id for r in kudos.recipients.all()}
            self.assertTrue(thanked <= helpers, (thanked, helpers))

    def test_many_are_across_teams_and_some_to_whole_teams(self) -> None:
        across = Kudos.objects.filter(cross_team=True).count()
        self.assertGreater(across, self.made * 0.4)
        self.assertTrue(Kudos.objects.filter(recipients__team__isnull=False).exists())
        self.assertLess(across, self.made)

    def test_one_is_hidden_by_a_lead_with_a_reason(self) -> None:
        hidden = Kudos.objects.filter(hidden_at__isnull=False).select_related("hidden_by")
        self.assertEqual(hidden.count(), 1)
        kudos = hidden.get()
        assert kudos.hidden_by is not None
        self.assertEqual(kudos.hidden_reason, demo.HIDDEN_REASON)
        self.assertTrue(kudos.hidden_by.lead_team_ids())

    def test_recent_ones_are_told_old_ones_marked_told_quietly(self) -> None:
        self.assertFalse(Kudos.objects.filter(told_at__isnull=True).exists())
        to_agent = Notification.objects.filter(recipient=self.agent, kind=Kind.KUDOS)
        self.assertTrue(to_agent.filter(title="Sofia Marino thanked you").exists())
        self.assertTrue(
            Notification.objects.filter(recipient=self.erin, kind=Kind.KUDOS_REPORT).exists()
        )
        told = Kudos.objects.filter(created_at__gte=NOW - timedelta(days=2)).count()
        self.assertLessEqual(
            Notification.objects.values("event_key").distinct().count(), told * 2 + 1
        )

    def test_the_month_s_last_week_is_busiest(self) -> None:
        moments = demo._days(NOW, random.Random(7), 3000)
        per_day = Counter("late" if m.day >= 24 else "early" for m in moments)
        # About a quarter of a month's days, weighted 2.5: well over a third of the kudos.
        self.assertGreater(per_day["late"] / len(moments), 0.4)
        weekend = sum(1 for m in moments if m.weekday() >= 5)
        self.assertLess(weekend / len(moments), 0.1)

    def test_administrators_give_none_the_people_do(self) -> None:
        self.assertFalse(Kudos.objects.filter(giver__is_superuser=True).exists())
        self.assertGreater(Kudos.objects.values("giver").distinct().count(), 8)
