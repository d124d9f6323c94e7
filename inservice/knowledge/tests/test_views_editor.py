"""The editor's pages: writing, changing, publishing, archiving, confirming a review. Refusals
answer 422 with the form and the service's words beside the field; nothing is stored then."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from inservice.knowledge.models import Article
from inservice.knowledge.tests.support import HTMX, KnowledgeTestCase, write

NEW = "/knowledge/new/"


def form(**values: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "faq",
        "title": "Which VPN client?",
        "summary": "The one IT installs.",
        "body": "Use **Tunnelblick** on a Mac and the *built-in* client on Windows.",
        "team": "it-service-desk",
        "owner": "",
        "services": [],
        "review_on": "",
        "version": "",
    }
    data.update(values)
    return data


class NewArticleTests(KnowledgeTestCase):
    def test_a_member_saves_a_draft_and_lands_on_it(self) -> None:
        self.login(self.carol)
        page = self.client.get(NEW, {"team": self.it.slug, "service": self.laptop.slug})
        self.assertEqual(page.context["form"].initial["team"], self.it.slug)
        self.assertEqual(page.context["form"].initial["services"], [self.laptop.pk])
        response = self.client.post(NEW, form(services=[self.laptop.pk]))
        article = Article.objects.get(title="Which VPN client?")
        self.assertRedirects(
            response,
            f"/knowledge/articles/{article.slug}/",
            status_code=303,
            fetch_redirect_response=False,
        )
        self.assertEqual((article.state, article.owner, article.kind), ("draft", self.carol, "faq"))
        self.assertEqual(list(article.services.all()), [self.laptop])
        self.assertContains(self.client.get(response["Location"]), "The draft is saved.")

    def test_publish_publishes_at_once_and_an_owner_can_be_named(self) -> None:
        self.login(self.erin)
        self.client.post(NEW, form(publish="1", owner="carol@example.org"))
        article = Article.objects.get(title="Which VPN client?")
        self.assertEqual((article.state, article.owner), ("published", self.carol))

    def test_refusals_come_back_beside_their_fields_and_nothing_is_stored(self) -> None:
        self.login(self.carol)
        response = self.client.post(
            NEW,
            form(body="<script>alert(1)</script>", title="", review_on="2001-01-01"),
            headers=HTMX,
        )
        self.assertEqual(response.status_code, 422)
        self.assertTemplateUsed(response, "knowledge/partials/editor_form.html")
        errors = response.context["form"].errors
        self.assertIn("found <script>", errors["body"][0])
        self.assertIn("title", errors)
        self.assertEqual(errors["review_on"], ["Choose a review date from today on."])
        self.assertContains(response, "Nothing was saved", status_code=422)
        self.assertNotContains(response, "<script>alert(1)</script>", status_code=422)
        self.assertFalse(Article.objects.filter(title="Which VPN client?").exists())
        bad = self.client.post(NEW, form(team="payroll", owner="nobody@nowhere"))
        self.assertEqual(bad.status_code, 422)
        self.assertIn("team", bad.context["form"].errors)
        self.assertIn("owner", bad.context["form"].errors)

    def test_an_oversized_text_is_refused_with_its_length(self) -> None:
        self.login(self.carol)
        response = self.client.post(NEW, form(body="word " * 20_001))
        self.assertEqual(response.status_code, 422)
        self.assertIn("at most 100,000 characters", response.context["form"].errors["body"][0])


class EditTests(KnowledgeTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.article = write(self.carol, self.it, "VPN", "Old text.", services_=(self.laptop,))
        self.url = reverse("knowledge:edit", args=[self.article.slug])

    def test_the_owner_changes_the_text_and_the_version_moves_on(self) -> None:
        self.login(self.carol)
        page = self.client.get(self.url)
        initial = page.context["form"].initial
        self.assertEqual((initial["body"], initial["version"]), ("Old text.", 1))
        self.assertEqual(initial["services"], [self.laptop.pk])
        response = self.client.post(self.url, form(title="VPN", body="New text.", version=1))
        self.assertEqual(response.status_code, 303)
        saved = self.fresh(self.article)
        self.assertEqual((saved.body, saved.version, saved.slug), ("New text.", 2, "vpn"))
        self.assertEqual(list(saved.services.all()), [])

    def test_a_save_by_someone_else_meanwhile_refuses_this_one(self) -> None:
        self.login(self.erin)
        self.client.post(self.url, form(title="VPN", body="Erin's text.", version=1))
        self.login(self.carol)
        response = self.client.post(self.url, form(title="VPN", body="Carol's.", version=1))
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Someone else changed this article", status_code=422)
        self.assertEqual(self.fresh(self.article).body, "Erin's text.")

    def test_people_who_do_not_edit_it_get_404_everywhere(self) -> None:
        self.login(self.dave)
        slug = self.article.slug
        self.assertEqual(self.client.get(self.url).status_code, 404)
        for name in ("edit", "publish", "archive", "reviewed"):
            with self.subTest(name=name):
                url = reverse(f"knowledge:{name}", args=[slug])
                self.assertEqual(self.client.post(url, form()).status_code, 404)
        self.assertEqual(self.fresh(self.article).state, "published")

    def test_archiving_and_publishing_again_from_the_article_page(self) -> None:
        self.login(self.erin)
        response = self.client.post(reverse("knowledge:archive", args=[self.article.slug]))
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.fresh(self.article).state, "archived")
        page = self.client.get(response["Location"])
        self.assertContains(page, "search no longer finds it")
        self.assertContains(page, "Publish")
        self.client.post(reverse("knowledge:publish", args=[self.article.slug]), headers=HTMX)
        self.assertEqual(self.fresh(self.article).state, "published")

    def test_marking_reviewed_sets_the_next_date_or_says_why_not(self) -> None:
        self.login(self.carol)
        url = reverse("knowledge:reviewed", args=[self.article.slug])
        later = timezone.localdate() + timedelta(days=90)
        response = self.client.post(url, {"review_on": later.isoformat()})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.fresh(self.article).review_on, later)
        refused = self.client.post(
            url, {"review_on": timezone.localdate().isoformat()}, headers=HTMX
        )
        self.assertEqual(refused.status_code, 422)
        self.assertContains(refused, "Choose the next review date after today.", status_code=422)
        self.assertEqual(self.client.post(url, {"review_on": "soon"}).status_code, 422)
        self.assertEqual(self.fresh(self.article).review_on, later)
