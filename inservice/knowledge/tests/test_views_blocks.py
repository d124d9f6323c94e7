"""The knowledge blocks on a team's, a person's and a request's page: what each shows to whom,
404 for a request one may not see, query counts that do not grow with the rows."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from inservice.knowledge.models import Article
from inservice.knowledge.tests.support import KnowledgeTestCase, write
from inservice.org.tests.api_support import make_person


class TeamBlockTests(KnowledgeTestCase):
    def url(self) -> str:
        return f"/knowledge/teams/{self.it.slug}/block/"

    def test_everyone_sees_the_team_s_articles_members_may_write_leads_review(self) -> None:
        write(self.carol, self.it, "Draft", publish=False)
        Article.objects.filter(pk=self.password.pk).update(
            review_on=timezone.localdate() - timedelta(days=1)
        )
        self.login(self.bob)
        response = self.client.get(self.url())
        self.assertContains(response, "Reset a forgotten password")
        self.assertNotContains(response, "Draft")
        self.assertContains(response, "All 1 article")
        self.assertNotContains(response, "Write an article")
        self.assertNotContains(response, "to review")
        self.login(self.carol)
        self.assertContains(self.client.get(self.url()), "Write an article")
        self.assertNotContains(self.client.get(self.url()), "to review")
        self.login(self.erin)
        self.assertContains(self.client.get(self.url()), "1 to review")
        self.assertEqual(self.client.get("/knowledge/teams/nobody/block/").status_code, 404)

    def test_the_team_block_keeps_its_query_count(self) -> None:
        self.login(self.erin)
        few, _sql = self.count_page_queries(self.url())
        for n in range(6):
            write(self.carol, self.it, f"Guide {n}")
        many, sql = self.count_page_queries(self.url())
        self.assertEqual(few, many, sql)


class PersonBlockTests(KnowledgeTestCase):
    def test_a_person_s_published_articles_and_on_their_own_page_what_to_review(self) -> None:
        Article.objects.filter(pk=self.password.pk).update(attention_since=timezone.now())
        url = f"/knowledge/people/{self.erin.pk}/block/"
        self.login(self.bob)
        response = self.client.get(url)
        self.assertContains(response, "Reset a forgotten password")
        self.assertNotContains(response, "to review")
        self.login(self.erin)
        self.assertContains(self.client.get(url), "1 of yours to review")
        self.login(self.bob)
        empty = self.client.get(f"/knowledge/people/{self.bob.pk}/block/")
        self.assertNotContains(empty, "person-knowledge")
        self.assertEqual(self.client.get("/knowledge/people/999999/block/").status_code, 404)

    def test_the_person_block_keeps_its_query_count(self) -> None:
        url = f"/knowledge/people/{self.carol.pk}/block/"
        write(self.carol, self.it, "First")
        self.login(self.bob)
        few, _sql = self.count_page_queries(url)
        for n in range(6):
            write(self.carol, self.it, f"Guide {n}")
        many, sql = self.count_page_queries(url)
        self.assertEqual(few, many, sql)


class RequestBlockTests(KnowledgeTestCase):
    def test_whoever_sees_the_request_sees_articles_about_its_service(self) -> None:
        ticket = self.ask()
        url = f"/knowledge/requests/{ticket.key}/block/"
        for person in (self.alice, self.carol):
            with self.subTest(person=person.username):
                self.login(person)
                response = self.client.get(url)
                self.assertContains(response, "Articles about New laptop")
                self.assertContains(response, "Reset a forgotten password")
        self.login(self.bob)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_request_block_keeps_its_query_count(self) -> None:
        ticket = self.ask()
        url = f"/knowledge/requests/{ticket.key}/block/"
        self.login(self.carol)
        few, _sql = self.count_page_queries(url)
        for n in range(6):
            owner = make_person(team=self.it)
            write(owner, self.it, f"Laptop tip {n}", services_=(self.laptop,))
        many, sql = self.count_page_queries(url)
        self.assertEqual(few, many, sql)
