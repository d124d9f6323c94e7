"""On an article: "Did this help?" (htmx block, 422 on bad input) and "This answered my
question" (the deflection: nothing asked, the reader lands on the article with a message)."""

from __future__ import annotations

from django.urls import reverse

from inservice.knowledge.models import ArticleFeedback, Deflection
from inservice.knowledge.tests.support import HTMX, KnowledgeTestCase, write
from inservice.tickets.models import Ticket


class FeedbackViewTests(KnowledgeTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("knowledge:feedback", args=[self.password.slug])

    def test_htmx_answers_with_the_block_thanked_and_the_answer_stored(self) -> None:
        self.login(self.bob)
        response = self.client.post(
            self.url, {"helpful": "no", "comment": "Step 2 never came."}, headers=HTMX
        )
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "knowledge/partials/feedback.html")
        self.assertContains(response, "Thank you: your answer helps the team improve it.")
        feedback = ArticleFeedback.objects.get(person=self.bob)
        self.assertEqual((feedback.helpful, feedback.comment), (False, "Step 2 never came."))
        page = self.client.get(reverse("knowledge:article", args=[self.password.slug]))
        self.assertContains(page, "You said it did not help. You can change your answer.")

    def test_a_plain_post_goes_back_to_the_article(self) -> None:
        self.login(self.bob)
        response = self.client.post(self.url, {"helpful": "yes"})
        self.assertRedirects(
            response,
            f"/knowledge/articles/{self.password.slug}/#article-feedback",
            status_code=303,
            fetch_redirect_response=False,
        )
        self.assertEqual(self.fresh(self.password).helpful_count, 1)

    def test_no_choice_or_a_long_comment_is_a_422_and_nothing_is_stored(self) -> None:
        self.login(self.bob)
        response = self.client.post(self.url, {"comment": "Hmm"}, headers=HTMX)
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Say whether it helped: yes or no.", status_code=422)
        long = self.client.post(self.url, {"helpful": "no", "comment": "x" * 2001})
        self.assertEqual(long.status_code, 422)
        self.assertContains(long, "2,000 characters", status_code=422)
        self.assertFalse(ArticleFeedback.objects.exists())

    def test_a_draft_takes_no_feedback_and_is_404_to_readers(self) -> None:
        draft = write(self.carol, self.it, "Draft", publish=False)
        self.login(self.bob)
        url = reverse("knowledge:feedback", args=[draft.slug])
        self.assertEqual(self.client.post(url, {"helpful": "yes"}).status_code, 404)
        self.login(self.carol)
        refused = self.client.post(url, {"helpful": "yes"}, headers=HTMX)
        self.assertEqual(refused.status_code, 422)
        self.assertContains(refused, "Only published articles take feedback.", status_code=422)

    def test_get_changes_nothing(self) -> None:
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url, {"helpful": "yes"}).status_code, 405)
        self.assertFalse(ArticleFeedback.objects.exists())


class DeflectViewTests(KnowledgeTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("knowledge:deflect", args=[self.password.slug])

    def test_the_reader_lands_on_the_article_told_nothing_was_asked(self) -> None:
        self.login(self.alice)
        before = Ticket.objects.count()
        response = self.client.post(self.url, {"service": self.laptop.pk}, follow=True)
        self.assertEqual(
            response.redirect_chain, [(f"/knowledge/articles/{self.password.slug}/", 303)]
        )
        self.assertContains(
            response,
            "Glad it helped. Nothing was sent to IT Service Desk: you can still ask if you need to.",
        )
        self.assertEqual(Ticket.objects.count(), before)
        deflection = Deflection.objects.get()
        self.assertEqual((deflection.person, deflection.service), (self.alice, self.laptop))
        self.assertEqual(self.fresh(self.password).deflection_count, 1)

    def test_htmx_is_sent_to_the_article(self) -> None:
        self.login(self.alice)
        response = self.client.post(self.url, {"service": self.laptop.pk}, headers=HTMX)
        self.assertEqual(response.status_code, 204)
        self.assertEqual(response["HX-Redirect"], f"/knowledge/articles/{self.password.slug}/")

    def test_an_unknown_or_unaskable_service_is_404_and_counts_nothing(self) -> None:
        closed = self.closed_service()
        self.login(self.alice)
        for value in (closed.pk, 999_999, "laptop"):
            with self.subTest(value=value):
                self.assertEqual(self.client.post(self.url, {"service": value}).status_code, 404)
        self.assertEqual(self.fresh(self.password).deflection_count, 0)
