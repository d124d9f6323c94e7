"""The demo's knowledge base, built over the test cast (which has the demo's IT Service Desk,
Payroll and Employee Relations prefixes, but few of its services): articles written through the
services for the teams that exist, linked to the services that exist, some drafts, readers'
answers and deflections in the past, the owners of articles past review told once."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import time_machine

from inservice.demo import knowledge as demo
from inservice.demo.data.knowledge import DOCS
from inservice.knowledge.models import Article, ArticleFeedback, Deflection
from inservice.knowledge.search import search
from inservice.knowledge.tests.support import KnowledgeTestCase
from inservice.notifications.models import Notification
from inservice.org.tests.api_support import make_person

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


class DemoKnowledgeTests(KnowledgeTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        Article.objects.all().delete()  # the demo writes into an empty knowledge base
        for _ in range(40):
            make_person(team=cls.sales)

    def build(self, seed: int = 7) -> int:
        lines: list[str] = []
        with time_machine.travel(NOW, tick=False):
            written = demo.build_knowledge(NOW, random.Random(seed), lines.append)
        self.lines = lines
        return written

    def test_it_writes_the_teams_articles_with_answers_and_deflections(self) -> None:
        written = self.build()
        teams = {d.team for d in DOCS}
        expected = sum(1 for d in DOCS if d.team in {"IT", "PAY", "ER"})
        self.assertTrue(teams > {"IT", "PAY", "ER"})
        self.assertEqual(written, expected)
        self.assertEqual(Article.objects.count(), expected)
        self.assertIn(f"articles {expected}", self.lines[0])
        self.assertTrue(Article.objects.filter(state="draft").exists())
        payslip = Article.objects.get(title="Read your payslip")
        self.assertEqual(list(payslip.services.all()), [self.payslip])
        self.assertEqual(payslip.owner.team_ids() & {self.payroll.pk}, {self.payroll.pk})
        self.assertGreater(payslip.answers, 20)
        self.assertEqual(payslip.answers, ArticleFeedback.objects.filter(article=payslip).count())
        self.assertGreater(payslip.deflection_count, 10)
        self.assertEqual(
            payslip.deflection_count, Deflection.objects.filter(article=payslip).count()
        )
        for feedback in ArticleFeedback.objects.all():
            self.assertLessEqual(feedback.created_at, NOW)

    def test_some_need_attention_some_are_past_review_and_their_owners_were_told(self) -> None:
        self.build()
        for title in ("Printing on a Mac", "Claim overtime or an allowance"):
            article = Article.objects.get(title=title)
            self.assertTrue(
                article.needs_attention, (title, article.helpful_count, article.unhelpful_count)
            )
        past = Article.objects.past_review(NOW.date())
        self.assertTrue(past.exists())
        told = Notification.objects.filter(kind="article_review")
        self.assertEqual({n.recipient_id for n in told}, {a.owner_id for a in past})

    def test_the_articles_are_found_by_search(self) -> None:
        self.build()
        found = search(self.alice, "payslip deductions", scope=("articles",)).articles
        self.assertEqual(found[0].title, "Read your payslip")

    def test_a_second_load_writes_nothing(self) -> None:
        self.build()
        self.assertEqual(self.build(seed=8), 0)
