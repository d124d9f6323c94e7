"""A team's sentiment page and block, and the daily flag of a marked rise in negative feedback:
read from what requesters wrote on the team's requests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.feedback.tasks_trends import flag_negative_rises
from inservice.notifications.choices import Kind
from inservice.notifications.models import Notification
from inservice.test import BaseTestCase
from inservice.tickets import services as tickets
from inservice.tickets.models import TimelineEntry

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)  # a Thursday
HARSH = "This is terrible, the laptop is broken again and nobody helps. Awful service."
KIND = "Thank you so much, great help, wonderful!"


class SentimentTestCase(BaseTestCase):
    def write(self, body: str, when: datetime, asker: str = "alice") -> None:
        with time_machine.travel(when, tick=False):
            ticket = self.ask(getattr(self, asker))
            tickets.reply(getattr(self, asker), ticket, body)


class ToneOfRepliesTests(SentimentTestCase):
    def test_it_scores_a_requesters_reply_and_not_an_agents(self) -> None:
        ticket = self.ask()
        tickets.reply(self.alice, ticket, HARSH)
        tickets.reply(self.carol, ticket, KIND)
        tickets.reply(self.carol, ticket, HARSH, internal=True)
        tones = list(ticket.entries.filter(kind="reply").values_list("actor_id", "tone"))
        self.assertIn((self.alice.pk, "negative"), tones)
        self.assertIn((self.carol.pk, ""), tones)
        scored = TimelineEntry.objects.get(ticket=ticket, actor=self.alice, kind="reply")
        self.assertLess(scored.tone_score or 0, -0.5)
        self.assertFalse(ticket.entries.filter(kind="note").exclude(tone="").exists())


class PageTests(SentimentTestCase):
    def test_it_shows_the_team_week_by_week_and_by_service(self) -> None:
        self.write(HARSH, NOW - timedelta(days=1))
        self.write(KIND, NOW - timedelta(days=8))
        self.write(KIND, NOW - timedelta(days=9), asker="bob")
        self.login(self.erin)
        with time_machine.travel(NOW, tick=False):
            response = self.client.get(reverse("feedback:team_sentiment", args=["it-service-desk"]))
        self.assertEqual(response.status_code, 200)
        weeks = {w.start.isoformat(): w for w in response.context["trend"].weeks}
        self.assertEqual((weeks["2026-11-30"].negative, weeks["2026-11-30"].positive), (1, 0))
        self.assertEqual(weeks["2026-11-23"].positive, 2)
        self.assertEqual(len(weeks), 12)
        services = dict(response.context["services"])
        self.assertEqual((services["New laptop"].texts, services["New laptop"].negative), (3, 1))
        self.assertContains(response, 'data-week="2026-11-30"')

    def test_it_is_for_the_teams_members_and_administrators_only(self) -> None:
        url = reverse("feedback:team_sentiment", args=["it-service-desk"])
        block = reverse("feedback:team_sentiment_block", args=["it-service-desk"])
        for person, status in ((self.carol, 200), (self.root, 200), (self.alice, 404)):
            self.login(person)
            self.assertEqual(self.client.get(url).status_code, status, person)
            self.assertEqual(self.client.get(block).status_code, status, person)
        self.login(self.grace)  # leads another team
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_its_queries_do_not_grow_with_the_texts(self) -> None:
        url = reverse("feedback:team_sentiment", args=["it-service-desk"])
        block = reverse("feedback:team_sentiment_block", args=["it-service-desk"])
        self.write(HARSH, NOW - timedelta(days=2))
        self.login(self.erin)

        def counted() -> tuple[int, int]:
            with time_machine.travel(NOW, tick=False):
                with CaptureQueriesContext(connection) as page:
                    self.assertEqual(self.client.get(url).status_code, 200)
                with CaptureQueriesContext(connection) as part:
                    self.assertEqual(self.client.get(block).status_code, 200)
            return len(page), len(part)

        few = counted()
        for day in range(3, 12):
            self.write(KIND if day % 2 else HARSH, NOW - timedelta(days=day * 3))
        self.assertEqual(counted(), few)


class RiseTests(SentimentTestCase):
    def test_it_tells_the_leads_once_a_week_when_negative_feedback_rises(self) -> None:
        for day in range(10, 30, 2):
            self.write(KIND, NOW - timedelta(days=day))
        for hour in range(5):
            self.write(HARSH, NOW - timedelta(days=1, hours=hour))
        with time_machine.travel(NOW, tick=False), self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(flag_negative_rises(), 1)
        note = Notification.objects.get(kind=Kind.NEGATIVE_RISE)
        self.assertEqual(note.recipient, self.erin)
        self.assertEqual(note.link, reverse("feedback:team_sentiment", args=["it-service-desk"]))
        self.assertIn("5 of 5", note.title)
        sent = [m for m in mail.outbox if m.to == ["erin@example.org"]]
        self.assertEqual(len(sent), 1)
        self.assertIn("rose", sent[0].subject)
        self.assertIn("5 of 5", sent[0].body)

        with time_machine.travel(NOW + timedelta(days=1), tick=False):
            flag_negative_rises()
        self.assertEqual(Notification.objects.filter(kind=Kind.NEGATIVE_RISE).count(), 1)

        self.login(self.erin)
        with time_machine.travel(NOW, tick=False):
            page = self.client.get(reverse("feedback:team_sentiment", args=["it-service-desk"]))
        self.assertContains(page, 'id="negative-rise"')

    def test_it_does_not_flag_the_usual_share_of_complaints(self) -> None:
        for day in range(8, 34):
            self.write(HARSH if day % 4 == 0 else KIND, NOW - timedelta(days=day))
        self.write(HARSH, NOW - timedelta(days=1))
        with time_machine.travel(NOW, tick=False):
            self.assertEqual(flag_negative_rises(), 0)
        self.assertFalse(Notification.objects.filter(kind=Kind.NEGATIVE_RISE).exists())
