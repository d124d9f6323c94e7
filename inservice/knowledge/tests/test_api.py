"""The knowledge API: search, the articles (cursor pages), one article, writing one and saying
whether one helped. Refusals are 422s naming the field; what one may not see is a 404."""

from __future__ import annotations

from typing import Any

from inservice.knowledge.models import Article, ArticleFeedback
from inservice.knowledge.tests.support import KnowledgeTestCase, write
from inservice.org.choices import TokenScope
from inservice.org.tests.api_support import API, ApiTestCase, make_person, make_team


class KnowledgeApiTestCase(KnowledgeTestCase, ApiTestCase):
    pass


class SearchApiTests(KnowledgeApiTestCase):
    def test_it_answers_ranked_hits_with_marked_escaped_snippets(self) -> None:
        ticket = self.ask(subject="Password expired <b>again</b>")
        response = self.get("/knowledge/search", self.carol, TokenScope.READ, q="the password")
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual(body["words"], ["password"])
        [article] = body["articles"]
        self.assertEqual(article["ref"], self.password.slug)
        self.assertEqual(article["title_html"], "Reset a forgotten <mark>password</mark>")
        self.assertEqual(article["url"], f"/knowledge/articles/{self.password.slug}/")
        self.assertEqual(article["kind"], "guide")
        [request] = body["requests"]
        self.assertEqual(request["ref"], ticket.key)
        self.assertIn("&lt;b&gt;", request["title_html"])
        employee = self.get("/knowledge/search", self.bob, q="password").json()
        self.assertEqual(employee["requests"], [])

    def search(self, **params: Any) -> Any:
        # Not self.get: its `scope` is the token's.
        return self.client.get(f"{API}/knowledge/search", params, headers=self.auth(self.bob))

    def test_scope_and_limit_are_checked(self) -> None:
        only = self.search(q="laptop", scope="services").json()
        self.assertEqual(only["articles"], [])
        self.assertEqual([h["ref"] for h in only["services"]], [self.laptop.slug])
        self.assertProblem(
            self.search(q="laptop", scope="articles,tickets"),
            ["query", "scope"],
            "Choose from: articles, services, requests.",
        )
        self.assertProblem(self.get("/knowledge/search", self.bob, q=""), ["query", "q"])
        self.assertProblem(
            self.get("/knowledge/search", self.bob, q="x", limit=500), ["query", "limit"]
        )


class ArticleListApiTests(KnowledgeApiTestCase):
    def test_published_articles_in_cursor_pages_newest_first(self) -> None:
        third = write(self.carol, self.it, "VPN", services_=(self.laptop,))
        first = self.get("/knowledge/articles", self.bob, limit=2).json()
        self.assertEqual([a["slug"] for a in first["items"]], [third.slug, self.payslip_guide.slug])
        self.assertEqual(
            first["items"][0]["services"], [{"slug": self.laptop.slug, "name": "New laptop"}]
        )
        self.assertEqual(first["items"][0]["owner"], {"id": self.carol.pk, "name": "Carol Agent"})
        second = self.get("/knowledge/articles", self.bob, limit=2, cursor=first["next_cursor"])
        self.assertEqual([a["slug"] for a in second.json()["items"]], [self.password.slug])
        self.assertIsNone(second.json()["next_cursor"])
        self.assertProblem(
            self.get("/knowledge/articles", self.bob, cursor="nonsense!"), ["query", "cursor"]
        )

    def test_filters_and_drafts_for_their_editors_only(self) -> None:
        write(self.carol, self.it, "Carol's draft", publish=False)
        by_team = self.get("/knowledge/articles", self.bob, team=self.payroll.slug).json()
        self.assertEqual([a["title"] for a in by_team["items"]], ["Read your payslip"])
        faq = self.get("/knowledge/articles", self.bob, kind="faq").json()
        self.assertEqual([a["title"] for a in faq["items"]], ["Read your payslip"])
        drafts = self.get("/knowledge/articles", self.erin, state="draft").json()
        self.assertEqual([a["title"] for a in drafts["items"]], ["Carol's draft"])
        self.assertEqual(
            self.get("/knowledge/articles", self.bob, state="draft").json()["items"], []
        )
        self.assertProblem(
            self.get("/knowledge/articles", self.bob, kind="blog"), ["query", "kind"]
        )
        self.assertEqual(self.get("/knowledge/articles", self.bob, team="nobody").status_code, 404)

    def test_the_list_keeps_its_query_count(self) -> None:
        few = self.count_queries("/knowledge/articles", self.bob)
        for n in range(6):
            team = make_team()
            write(make_person(team=team), team, f"Guide {n}", services_=(self.laptop, self.payslip))
        self.assertQueriesFlat(few, self.count_queries("/knowledge/articles", self.bob))


class ArticleDetailApiTests(KnowledgeApiTestCase):
    def test_one_article_with_its_text_and_your_feedback(self) -> None:
        ArticleFeedback.objects.all().delete()
        self.post(f"/knowledge/articles/{self.password.slug}/feedback", self.bob, {"helpful": True})
        body = self.get(f"/knowledge/articles/{self.password.slug}", self.bob).json()
        self.assertTrue(body["body"].startswith("If you forgot your password"))
        self.assertIn("<strong>Forgot password</strong>", body["body_html"])
        self.assertEqual(body["your_feedback"]["helpful"], True)
        self.assertEqual(body["helpful"], 1)
        self.assertFalse(body["needs_attention"])

    def test_a_draft_is_404_to_readers(self) -> None:
        draft = write(self.carol, self.it, "Carol's draft", publish=False)
        self.assertEqual(self.get(f"/knowledge/articles/{draft.slug}", self.bob).status_code, 404)
        self.assertEqual(self.get(f"/knowledge/articles/{draft.slug}", self.erin).status_code, 200)


class CreateApiTests(KnowledgeApiTestCase):
    def body(self, **values: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": "faq",
            "title": "Which VPN client?",
            "body": "Use the **built-in** client.",
            "team": self.it.slug,
            "services": [self.laptop.slug],
        }
        data.update(values)
        return data

    def test_a_member_writes_a_draft_or_publishes_at_once(self) -> None:
        response = self.post("/knowledge/articles", self.carol, self.body(review_on="2030-01-01"))
        self.assertProblem(response, ["body", "review_on"], "within three years")
        response = self.post("/knowledge/articles", self.carol, self.body(publish=True))
        self.assertEqual(response.status_code, 201, response.content)
        created = response.json()
        self.assertEqual((created["state"], created["kind"]), ("published", "faq"))
        self.assertEqual(created["owner"]["name"], "Carol Agent")
        self.assertEqual(created["services"], [{"slug": self.laptop.slug, "name": "New laptop"}])

    def test_refusals_name_the_field_and_store_nothing(self) -> None:
        before = Article.objects.count()
        cases: tuple[tuple[dict[str, Any], list[str | int], str], ...] = (
            (self.body(body=""), ["body", "body"], "empty article"),
            (self.body(body="x" * 100_001), ["body", "body"], "at most 100000"),
            (self.body(body="[x](javascript:alert(1))"), ["body", "body"], "javascript:"),
            (self.body(body="<iframe src=x></iframe>"), ["body", "body"], "<iframe>"),
            (self.body(team="payroll"), ["body", "team"], "teams you serve in"),
            (self.body(team="nobody"), ["body", "team"], "No team"),
            (self.body(owner="nobody"), ["body", "owner"], "No active colleague"),
            (self.body(services=["nothing"]), ["body", "services", 0], "No service"),
            (self.body(kind="blog"), ["body", "kind"], ""),
            (self.body(review_on="soon"), ["body", "review_on"], "YYYY-MM-DD"),
            (self.body(colour="red"), ["body", "colour"], "not accepted"),
        )
        for body, loc, text in cases:
            with self.subTest(loc=loc, text=text):
                self.assertProblem(self.post("/knowledge/articles", self.carol, body), loc, text)
        self.assertEqual(Article.objects.count(), before)

    def test_a_read_only_token_may_not_write(self) -> None:
        response = self.post("/knowledge/articles", self.carol, self.body(), TokenScope.READ)
        self.assertEqual(response.status_code, 403)


class FeedbackApiTests(KnowledgeApiTestCase):
    def test_the_first_answer_is_201_a_changed_one_200(self) -> None:
        url = f"/knowledge/articles/{self.password.slug}/feedback"
        first = self.post(url, self.bob, {"helpful": False, "comment": "Unclear."})
        self.assertEqual(first.status_code, 201, first.content)
        self.assertEqual(first.json()["article_not_helpful"], 1)
        second = self.post(url, self.bob, {"helpful": True})
        self.assertEqual(second.status_code, 200)
        self.assertEqual(
            second.json(),
            {
                "helpful": True,
                "comment": "",
                "changed": True,
                "article_helpful": 1,
                "article_not_helpful": 0,
            },
        )
        self.assertProblem(self.post(url, self.bob, {"helpful": "yes"}), ["body", "helpful"])
        self.assertProblem(
            self.post(url, self.bob, {"helpful": True, "comment": "x" * 2001}), ["body", "comment"]
        )

    def test_a_draft_is_404_to_readers_and_refused_to_its_editors(self) -> None:
        draft = write(self.carol, self.it, "Draft", publish=False)
        url = f"/knowledge/articles/{draft.slug}/feedback"
        self.assertEqual(self.post(url, self.bob, {"helpful": True}).status_code, 404)
        self.assertProblem(self.post(url, self.carol, {"helpful": True}), ["body"], "published")
