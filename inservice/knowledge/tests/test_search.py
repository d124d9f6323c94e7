"""The one search function: ranked hits with marked snippets, on either database, showing each
person only what they may see."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import connection

from inservice.catalog import services as catalog
from inservice.knowledge import services
from inservice.knowledge.search import postgres, search
from inservice.knowledge.tests.support import KnowledgeTestCase, write
from inservice.org.tests.api_support import make_team


class ArticleSearchTests(KnowledgeTestCase):
    def test_it_finds_published_articles_by_stemmed_words_with_marked_snippets(self) -> None:
        found = search(self.alice, "passwords", scope=("articles",))
        self.assertEqual([h.ref for h in found.articles], [self.password.slug])
        hit = found.articles[0]
        self.assertEqual(hit.title_html, "Reset a forgotten <mark>password</mark>")
        self.assertIn("<mark>password</mark>", hit.snippet)
        self.assertEqual(hit.kind, "guide")
        self.assertEqual(hit.team, "IT Service Desk")
        self.assertEqual(hit.url, f"/knowledge/articles/{self.password.slug}/")

    def test_a_title_match_ranks_above_a_body_match(self) -> None:
        body_only = write(self.carol, self.it, "Laptop care", "Keep your vpn client updated.")
        title = write(self.carol, self.it, "VPN drops at home", "Restart the router.")
        found = search(self.bob, "vpn", scope=("articles",))
        self.assertEqual([h.pk for h in found.articles], [title.pk, body_only.pk])

    def test_every_word_is_needed_on_the_search_page_any_word_when_asking(self) -> None:
        self.assertEqual(search(self.bob, "password payslip").articles, [])
        found = search(self.bob, "password payslip", any_word=True).articles
        self.assertEqual({h.ref for h in found}, {self.password.slug, self.payslip_guide.slug})

    def test_drafts_and_archived_articles_are_not_found(self) -> None:
        write(self.carol, self.it, "Printer toner", "Toner lives in room 3.", publish=False)
        archived = write(self.carol, self.it, "Old printer toner", "Toner was in room 2.")
        services.archive_article(self.carol, archived)
        self.assertEqual(search(self.carol, "toner").articles, [])

    def test_an_edit_is_found_at_once_and_the_old_words_no_longer(self) -> None:
        article = self.fresh(self.payslip_guide)
        draft = services.ArticleDraft(
            kind="faq",
            title="Read your payslip",
            body="Bonuses appear on the payslip of the following month.",
            team=self.payroll,
            services=(self.payslip,),
        )
        services.update_article(self.grace, article, draft)
        self.assertEqual(len(search(self.bob, "bonuses").articles), 1)
        self.assertEqual(search(self.bob, "social security").articles, [])

    def test_html_in_a_text_is_escaped_around_the_marks(self) -> None:
        write(
            self.carol,
            self.it,
            "Script tags in a title <script>alert(1)</script>",
            "Show `<b>bold</b>` as an example of markup.",
        )
        hit = search(self.bob, "script").articles[0]
        self.assertTrue(hit.title_html.startswith("<mark>Script</mark> tags in a title &lt;"))
        self.assertIn("&gt;alert(1)&lt;/", hit.title_html)
        self.assertNotIn("<script>", hit.title_html)
        self.assertNotIn("<b>", search(self.bob, "markup").articles[0].snippet)

    def test_query_syntax_is_read_as_words(self) -> None:
        for query in ('"password', "password*", "password OR", "NEAR(password)", "pass:word -x"):
            with self.subTest(query=query):
                search(self.bob, query)  # no error from either database's query syntax
        self.assertEqual(search(self.bob, "the and of").articles, [])  # only common words
        self.assertEqual(search(self.bob, "   ").terms.words, ())

    def test_articles_linked_to_the_service_asked_for_come_first(self) -> None:
        other = write(self.dave, self.payroll, "Password for the payroll portal", "Password.")
        found = search(self.bob, "password", any_word=True, service=self.payslip).articles
        self.assertEqual(
            found[0].pk, other.pk
        )  # not linked: the payslip guide is, but has no match
        linked = write(
            self.dave, self.payroll, "Payslip password", "Password.", services_=(self.payslip,)
        )
        found = search(self.bob, "password", any_word=True, service=self.payslip).articles
        self.assertEqual(found[0].pk, linked.pk)
        self.assertTrue(found[0].preferred)


class ServiceSearchTests(KnowledgeTestCase):
    def test_it_finds_services_the_person_may_see(self) -> None:
        found = search(self.bob, "laptop", scope=("services",)).services
        self.assertEqual([h.ref for h in found], [self.laptop.slug])
        self.assertEqual(found[0].title_html, "New <mark>laptop</mark>")

    def test_a_service_for_other_teams_is_not_found_by_outsiders(self) -> None:
        team = make_team()
        catalog.create_service(
            self.it,
            name="Lab laptop",
            summary="For the lab.",
            accountable=self.erin,
            audience="teams",
            audience_teams=[team],
        )
        self.assertEqual(
            [h.title for h in search(self.bob, "laptop", scope=("services",)).services],
            ["New laptop"],
        )
        agent = {h.title for h in search(self.carol, "laptop", scope=("services",)).services}
        self.assertEqual(agent, {"New laptop", "Lab laptop"})  # IT's own service
        admin = {h.title for h in search(self.root, "laptop", scope=("services",)).services}
        self.assertEqual(admin, {"New laptop", "Lab laptop"})


class RequestSearchTests(KnowledgeTestCase):
    def test_agents_find_their_teams_requests_only(self) -> None:
        laptop = self.ask(subject="Docking station flickers")
        payroll = self.ask(self.bob, self.payslip, subject="Docking station allowance")
        found = search(self.carol, "docking").requests
        self.assertEqual([h.ref for h in found], [laptop.key])
        self.assertEqual(found[0].kind, "new")
        self.assertEqual(found[0].url, f"/requests/{laptop.key}/")
        self.assertEqual([h.ref for h in search(self.dave, "docking").requests], [payroll.key])

    def test_employees_and_administrators_outside_the_teams_search_no_requests(self) -> None:
        self.ask(subject="Docking station flickers")
        for person in (self.alice, self.bob, self.root):
            with self.subTest(person=person.username):
                found = search(person, "docking")
                self.assertEqual(found.requests, [])
                self.assertFalse(found.searched_requests)

    def test_a_confidential_request_is_found_by_its_own_team_only(self) -> None:
        concern = self.ask(self.alice, self.er_case, subject="Shouting in meetings")
        self.assertEqual([h.ref for h in search(self.frank, "shouting").requests], [concern.key])
        self.assertEqual(search(self.carol, "shouting").requests, [])

    def test_the_description_is_searched_and_shown_as_the_snippet(self) -> None:
        ticket = self.ask(subject="Screen", description="The hinge cracked after the flight.")
        hit = search(self.carol, "hinge").requests[0]
        self.assertEqual(hit.ref, ticket.key)
        self.assertIn("<mark>hinge</mark>", hit.snippet)


@pytest.mark.services  # PostgreSQL's statistics drive it: .ci/run's second pass
class CommonWordTests(KnowledgeTestCase):
    def test_suggestions_leave_out_words_most_articles_hold(self) -> None:
        printer = write(self.carol, self.it, "Printer jams", "Update the printer driver.")
        for n in range(5):
            write(self.carol, self.it, f"Guide {n}", "Update your laptop first.")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE knowledge_article")
        with mock.patch.object(postgres, "COMMON_FROM", 0):
            found = search(self.bob, "printer update", any_word=True, scope=("articles",))
            self.assertEqual([h.pk for h in found.articles], [printer.pk])
            self.assertEqual(search(self.bob, "update", any_word=True).articles, [])
        everything = search(self.bob, "printer update", any_word=True, scope=("articles",))
        self.assertEqual(len(everything.articles), 6)  # too few articles to judge: all words
