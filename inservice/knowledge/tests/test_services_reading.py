"""Readers' answers and deflections: counts kept on the article, one answer per reader, the
unhelpful episode that tells the owner once (by email too), the same click counted once."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from inservice.knowledge import services
from inservice.knowledge.models import ArticleFeedback, Deflection
from inservice.knowledge.tests.support import MONDAY, KnowledgeTestCase, write
from inservice.notifications.models import Notification
from inservice.org.models import Person
from inservice.org.tests.api_support import make_person


class FeedbackTests(KnowledgeTestCase):
    def test_one_answer_per_reader_counted_and_changeable(self) -> None:
        first = services.give_feedback(self.bob, self.password, helpful=False, comment="  Vague. ")
        self.assertFalse(first.changed)
        self.assertEqual(first.feedback.comment, "Vague.")
        self.assertEqual(first.feedback.tone, "negative")
        services.give_feedback(self.alice, self.password, helpful=True)
        changed = services.give_feedback(self.bob, self.password, helpful=True)
        self.assertTrue(changed.changed)
        article = self.fresh(self.password)
        self.assertEqual((article.helpful_count, article.unhelpful_count), (2, 0))
        self.assertEqual(ArticleFeedback.objects.filter(article=article).count(), 2)
        self.assertEqual(article.helpful_percent, 100)

    def test_a_long_comment_or_an_unpublished_article_is_refused_and_nothing_stored(
        self,
    ) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.give_feedback(self.bob, self.password, helpful=True, comment="x" * 2001)
        self.assertIn("comment", caught.exception.message_dict)
        draft = write(self.carol, self.it, "Draft", publish=False)
        with self.assertRaises(ValidationError):
            services.give_feedback(self.erin, draft, helpful=True)
        self.assertFalse(ArticleFeedback.objects.exists())
        self.assertEqual(self.fresh(self.password).answers, 0)


class UnhelpfulTests(KnowledgeTestCase):
    readers: list[Person]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.readers = [make_person(team=cls.sales) for _ in range(14)]

    def answer(self, helpful: list[bool], start: int = 0) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            for reader, yes in zip(self.readers[start:], helpful, strict=False):
                services.give_feedback(reader, self.password, helpful=yes)

    def told(self) -> list[Notification]:
        return list(Notification.objects.filter(kind="article_poor"))

    def test_ten_answers_with_four_saying_no_tell_the_owner_once_by_email(self) -> None:
        with time_machine.travel(MONDAY, tick=False):
            self.answer([True] * 6 + [False] * 3)  # nine answers: too few to tell
            self.assertEqual(self.told(), [])
            self.answer([False], start=9)  # ten, four of them no: 40%
        article = self.fresh(self.password)
        self.assertEqual(article.attention_since, MONDAY)
        [note] = self.told()
        self.assertEqual(note.recipient, self.erin)
        self.assertEqual(note.link, f"/knowledge/articles/{article.slug}/")
        self.assertIn("4 of 10 said it did not help", note.title)
        [email] = [m for m in mail.outbox if m.to == ["erin@example.org"]]
        self.assertEqual(email.subject, "Readers find “Reset a forgotten password” unhelpful")
        self.assertIn("4 of the 10 people who answered", str(email.body))
        self.assertIn(f"/knowledge/articles/{article.slug}/", str(email.body))
        self.answer([False], start=10)  # still unhelpful: the same episode, nobody told again
        self.assertEqual(len(self.told()), 1)

    def test_the_episode_ends_when_the_share_drops_and_a_new_one_is_told_again(self) -> None:
        with time_machine.travel(MONDAY, tick=False):
            self.answer([False] * 10)
        with time_machine.travel(MONDAY + timedelta(days=1), tick=False):
            for reader in self.readers[:7]:  # seven change their minds: 3 of 10 say no
                services.give_feedback(reader, self.password, helpful=True)
        self.assertIsNone(self.fresh(self.password).attention_since)
        with time_machine.travel(MONDAY + timedelta(days=2), tick=False):
            self.answer([False, False], start=10)  # 5 of 12 say no: a new episode
        self.assertEqual(self.fresh(self.password).attention_since, MONDAY + timedelta(days=2))
        self.assertEqual(len(self.told()), 2)

    def test_an_owner_who_left_is_replaced_by_the_team_s_leads(self) -> None:
        article = write(self.carol, self.it, "VPN")
        Person.objects.filter(pk=self.carol.pk).update(is_active=False)
        with self.captureOnCommitCallbacks(execute=True):
            for reader in self.readers[:10]:
                services.give_feedback(reader, article, helpful=False)
        self.assertEqual([n.recipient for n in self.told()], [self.erin])


class DeflectionTests(KnowledgeTestCase):
    def test_a_deflection_counts_once_for_the_article_and_names_the_service(self) -> None:
        with time_machine.travel(MONDAY, tick=False):
            made = services.deflect(self.alice, self.password, self.laptop)
        with time_machine.travel(MONDAY + timedelta(minutes=5), tick=False):
            again = services.deflect(self.alice, self.password, self.laptop)  # a double click
        self.assertEqual(made.pk, again.pk)
        with time_machine.travel(MONDAY + timedelta(hours=2), tick=False):
            services.deflect(self.alice, self.password, self.laptop)  # a new question
        services.deflect(self.bob, self.password, None)
        self.assertEqual(self.fresh(self.password).deflection_count, 3)
        self.assertEqual(Deflection.objects.filter(service=self.laptop).count(), 2)

    def test_a_draft_or_a_service_one_cannot_ask_for_is_refused(self) -> None:
        draft = write(self.carol, self.it, "Draft", publish=False)
        with self.assertRaises(ValidationError):
            services.deflect(self.carol, draft, None)
        closed = self.closed_service()
        with self.assertRaises(ValidationError) as caught:
            services.deflect(self.alice, self.password, closed)
        self.assertIn("service", caught.exception.message_dict)
        self.assertFalse(Deflection.objects.exists())
