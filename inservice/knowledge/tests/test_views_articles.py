"""Reading the knowledge base: the list, one article, the editors' review list; who sees what,
and query counts that do not grow with the rows."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from inservice.knowledge import services
from inservice.knowledge.models import Article
from inservice.knowledge.tests.support import MONDAY, KnowledgeTestCase, write
from inservice.org import services as org
from inservice.org.choices import Role
from inservice.org.models import Person
from inservice.org.tests.api_support import make_person, make_team

INDEX = "/knowledge/"


class ListTests(KnowledgeTestCase):
    def test_everyone_reads_published_articles_newest_first(self) -> None:
        write(self.carol, self.it, "Printer drafts", publish=False)
        self.login(self.bob)
        response = self.client.get(INDEX)
        self.assertContains(response, "Reset a forgotten password")
        self.assertContains(response, "Read your payslip")
        self.assertNotContains(response, "Printer drafts")
        titles = [a.title for a, _edits in response.context["rows"]]
        self.assertEqual(titles, ["Read your payslip", "Reset a forgotten password"])

    def test_it_filters_by_team_kind_and_service(self) -> None:
        self.login(self.bob)
        for params, shown, hidden in (
            ({"team": self.it.slug}, "Reset a forgotten password", "Read your payslip"),
            ({"kind": "faq"}, "Read your payslip", "Reset a forgotten password"),
            ({"service": self.laptop.slug}, "Reset a forgotten password", "Read your payslip"),
            ({"kind": "nonsense"}, "Read your payslip", "Printer"),
        ):
            with self.subTest(params=params):
                response = self.client.get(INDEX, params)
                self.assertContains(response, shown)
                self.assertNotContains(response, hidden)
        self.assertEqual(self.client.get(INDEX, {"team": "nobody"}).status_code, 404)
        # A service Bob may not see in the catalog is as unknown as a missing one.
        self.assertEqual(self.client.get(INDEX, {"service": "nothing"}).status_code, 404)

    def test_editors_list_their_drafts_and_archived_articles_only(self) -> None:
        write(self.carol, self.it, "Carol's draft", publish=False)
        write(self.dave, self.payroll, "Dave's draft", publish=False)
        archived = write(self.carol, self.it, "Old VPN guide")
        services.archive_article(self.carol, archived)
        cases: tuple[tuple[Person, str, set[str]], ...] = (
            (self.carol, "draft", {"Carol's draft"}),
            (self.erin, "draft", {"Carol's draft"}),  # IT's lead
            (self.bob, "draft", set()),
            (self.root, "draft", {"Carol's draft", "Dave's draft"}),
            (self.carol, "archived", {"Old VPN guide"}),
            (self.dave, "archived", set()),
        )
        for person, state, titles in cases:
            with self.subTest(person=person.username, state=state):
                self.login(person)
                response = self.client.get(INDEX, {"state": state})
                self.assertEqual({a.title for a, _e in response.context["rows"]}, titles)

    def test_editors_see_which_articles_need_attention_or_review(self) -> None:
        article = Article.objects.get(pk=self.password.pk)
        Article.objects.filter(pk=article.pk).update(
            attention_since=timezone.now(), review_on=timezone.localdate() - timedelta(days=1)
        )
        self.login(self.erin)
        response = self.client.get(INDEX)
        self.assertContains(response, "needs attention")
        self.assertContains(response, "review due")
        self.login(self.bob)
        response = self.client.get(INDEX)
        self.assertNotContains(response, "needs attention")
        self.assertNotContains(response, "review due")

    def test_the_list_keeps_its_query_count_whatever_the_rows_and_teams(self) -> None:
        self.login(self.erin)
        few, _sql = self.count_page_queries(INDEX)
        for n in range(6):
            team = make_team()
            owner = make_person(team=team)
            write(owner, team, f"Article {n}", services_=(self.laptop, self.payslip))
        many, sql = self.count_page_queries(INDEX)
        self.assertEqual(few, many, sql)


class ArticlePageTests(KnowledgeTestCase):
    def url(self, article: Article) -> str:
        return reverse("knowledge:article", args=[article.slug])

    def test_a_reader_sees_the_rendered_text_its_team_owner_and_services(self) -> None:
        self.login(self.bob)
        response = self.client.get(self.url(self.password))
        self.assertContains(response, "<strong>Forgot password</strong>", html=True)
        self.assertContains(
            response,
            '<a href="https://intranet.example/it" rel="noopener noreferrer nofollow">Ask the service desk</a>',
            html=True,
        )
        self.assertContains(response, "Erin Lead")
        self.assertContains(response, reverse("portal:service", args=[self.laptop.slug]))
        self.assertContains(response, "Did this help?")
        self.assertNotContains(response, "What readers said")  # editors only
        self.assertNotContains(response, "/edit/")

    def test_drafts_are_for_their_editors_only(self) -> None:
        draft = write(self.carol, self.it, "Carol's draft", publish=False)
        for person, status in (
            (self.carol, 200),
            (self.erin, 200),
            (self.root, 200),
            (self.bob, 404),
            (self.dave, 404),
            (self.grace, 404),
        ):
            with self.subTest(person=person.username):
                self.login(person)
                self.assertEqual(self.client.get(self.url(draft)).status_code, status)
        self.assertEqual(self.client.get("/knowledge/articles/no-such-thing/").status_code, 404)

    def test_editors_see_what_readers_said_and_the_counts(self) -> None:
        services.give_feedback(self.bob, self.password, helpful=False, comment="Step 2 fails.")
        services.give_feedback(self.alice, self.password, helpful=True)
        self.login(self.erin)
        response = self.client.get(self.url(self.password))
        self.assertContains(response, "What readers said")
        self.assertContains(response, "Step 2 fails.")
        self.assertContains(response, "50% of 2")
        self.assertContains(response, "Edit")

    def test_a_service_the_reader_may_not_see_is_not_listed(self) -> None:
        secret = self.closed_service()
        article = write(self.carol, self.it, "Kit", services_=(secret, self.laptop))
        self.login(self.bob)
        response = self.client.get(self.url(article))
        self.assertNotContains(response, "Lab kit")
        self.assertContains(response, "New laptop")

    def test_from_the_ask_page_it_offers_to_end_the_question(self) -> None:
        self.login(self.alice)
        response = self.client.get(self.url(self.password), {"service": self.laptop.pk})
        self.assertContains(response, "This answered my question")
        self.assertContains(response, f'value="{self.laptop.pk}"')
        # A service she cannot ask for (or nonsense) is simply not offered.
        for value in (self.er_case.pk + 1000, "x"):
            response = self.client.get(self.url(self.password), {"service": value})
            self.assertNotContains(response, "This answered my question")


class ReviewListTests(KnowledgeTestCase):
    def test_owners_and_leads_see_what_is_past_review_or_needs_attention(self) -> None:
        with time_machine.travel(MONDAY - timedelta(days=400), tick=False):
            old = write(self.carol, self.it, "Old laptop guide")
        needy = write(self.dave, self.payroll, "Overtime claims")
        Article.objects.filter(pk=needy.pk).update(attention_since=timezone.now())
        cases: tuple[tuple[Person, set[str]], ...] = (
            (self.carol, {"Old laptop guide"}),
            (self.erin, {"Old laptop guide"}),
            (self.grace, {"Overtime claims"}),
            (self.bob, set()),
            (self.root, {"Old laptop guide", "Overtime claims"}),
        )
        for person, titles in cases:
            with self.subTest(person=person.username):
                self.login(person)
                response = self.client.get("/knowledge/review/")
                self.assertEqual({a.title for a in response.context["articles"]}, titles)
        self.login(self.root)
        response = self.client.get("/knowledge/review/", {"team": self.it.slug})
        self.assertEqual([a.pk for a in response.context["articles"]], [old.pk])

    def test_the_review_list_keeps_its_query_count(self) -> None:
        Article.objects.filter(pk=self.password.pk).update(attention_since=timezone.now())
        self.login(self.root)
        few, _sql = self.count_page_queries("/knowledge/review/")
        for n in range(5):
            team = make_team()
            owner = make_person(team=team)
            org.add_member(team, owner, Role.LEAD)
            article = write(owner, team, f"Article {n}")
            Article.objects.filter(pk=article.pk).update(attention_since=timezone.now())
        many, sql = self.count_page_queries("/knowledge/review/")
        self.assertEqual(few, many, sql)
