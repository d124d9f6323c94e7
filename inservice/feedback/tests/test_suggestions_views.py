"""The suggestion pages: making one, the private link shown once and followed without signing in,
one suggestion where the team answers and a named author replies, and one's own suggestions."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import time_machine
from django.test import Client
from django.urls import reverse

from inservice.feedback.models.suggestions import Suggestion, SuggestionMessage
from inservice.feedback.services import suggestions as services
from inservice.feedback.tests.test_suggestions_support import (
    HTMX,
    MONDAY,
    TUESDAY,
    SuggestionTestCase,
)

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

NEW = "/feedback/suggestions/new/"


@time_machine.travel(MONDAY, tick=False)
class SubmitPageTests(SuggestionTestCase):
    def post(self, **data: str) -> Response:
        values = {"team": self.it.slug, "title": "Longer hours", "body": "Until six, please."}
        values.update(data)
        return self.client.post(NEW, values)

    def test_it_offers_the_form_anonymous_by_default_with_the_team_chosen(self) -> None:
        self.login(self.alice)
        response = self.client.get(NEW, {"team": self.it.slug})
        self.assertContains(response, "Make a suggestion")
        self.assertContains(
            response,
            '<input type="checkbox" name="anonymous" id="id_anonymous" checked '
            'aria-describedby="id_anonymous_helptext">',
            html=True,
        )
        self.assertContains(response, f'<option value="{self.it.slug}" selected>', html=False)
        self.assertContains(response, "The whole organisation")

    def test_an_anonymous_suggestion_shows_its_private_link_once(self) -> None:
        self.login(self.alice)
        response = self.client.post(
            NEW,
            {
                "team": self.it.slug,
                "title": "Longer hours",
                "body": "Until six.",
                "anonymous": "on",
            },
        )
        self.assertContains(response, "Keep this link: it is the only way back to your suggestion")
        self.assertEqual(response["Cache-Control"], "no-store")
        self.assertEqual(response["Referrer-Policy"], "no-referrer")
        link = re.search(r"http://testserver(/feedback/suggestions/follow/[\w-]+/)", response.text)
        assert link is not None
        suggestion = Suggestion.objects.get()
        self.assertIsNone(suggestion.author)
        self.assertNotIn(link.group(1).split("/")[-2], suggestion.follow_digest)
        # Nothing of it is on alice's own pages: only the link leads back.
        mine = self.client.get(reverse("feedback:suggestion_mine"))
        self.assertNotContains(mine, "Longer hours")
        self.assertContains(self.client.get(link.group(1)), "Longer hours")

    def test_htmx_gets_the_link_in_place_of_the_form(self) -> None:
        self.login(self.alice)
        response = self.client.post(
            NEW,
            {"team": "", "title": "Recycling bins", "body": "On every floor.", "anonymous": "on"},
            headers=HTMX,
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "<html")
        self.assertContains(response, 'id="follow-link"')
        self.assertIsNone(Suggestion.objects.get().team)

    def test_a_named_suggestion_goes_to_its_page_and_to_my_suggestions(self) -> None:
        self.login(self.bob)
        response = self.post()  # anonymous unticked: the box is not sent
        suggestion = Suggestion.objects.get()
        self.assertRedirects(
            response,
            reverse("feedback:suggestion_detail", args=[suggestion.pk]),
            status_code=303,
            fetch_redirect_response=False,
        )
        self.assertEqual(suggestion.author, self.bob)
        page = self.client.get(reverse("feedback:suggestion_detail", args=[suggestion.pk]))
        self.assertContains(page, "Your suggestion is sent to the team.")
        self.assertContains(page, "by Bob Bystander")
        self.assertContains(self.client.get(reverse("feedback:suggestion_mine")), "Longer hours")

    def test_an_empty_suggestion_is_refused_with_the_reasons_and_nothing_is_stored(self) -> None:
        self.login(self.alice)
        response = self.post(title=" ", body="", anonymous="on")
        self.assertContains(response, "Give your suggestion a short title.", status_code=422)
        self.assertContains(
            response, "Say what you suggest: an empty suggestion cannot be sent.", status_code=422
        )
        fragment = self.client.post(NEW, {"title": "", "body": ""}, headers=HTMX)
        self.assertContains(fragment, "Give your suggestion a short title.", status_code=422)
        self.assertNotContains(fragment, "<html", status_code=422)
        self.assertFalse(Suggestion.objects.exists())

    def test_my_suggestions_keep_their_query_count(self) -> None:
        self.login(self.bob)
        url = reverse("feedback:suggestion_mine")
        self.suggest(self.bob, anonymous=False)
        few, _sql = self.count_page_queries(url)
        for n in range(5):
            self.suggest(self.bob, anonymous=False, title=f"Idea {n}", team=self.payroll)
        many, sql = self.count_page_queries(url)
        self.assertEqual(few, many, sql)


class FollowPageTests(SuggestionTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.submitted = self.suggest()
        self.suggestion = self.submitted.suggestion
        self.url = self.submitted.follow_path
        self.visitor = Client()  # signed out: whoever holds the link

    def test_the_link_opens_the_suggestion_and_the_team_s_answer_without_signing_in(
        self,
    ) -> None:
        response = self.visitor.get(self.url)
        self.assertContains(response, "Longer opening hours")
        self.assertContains(response, "No answer yet.")
        self.assertEqual(response["Referrer-Policy"], "no-referrer")
        self.answer(self.suggestion, "planned", "From January.")
        response = self.visitor.get(self.url)
        self.assertContains(
            response,
            '<span class="badge badge-accent" id="suggestion-status">Planned</span>',
            html=True,
        )
        self.assertContains(response, "From January.")
        self.assertContains(response, "Erin Lead")

    def test_a_wrong_secret_is_a_404(self) -> None:
        for secret in ("nope", self.submitted.secret[:-1] + "x", "a" * 200):
            with self.subTest(secret=secret[:8]):
                response = self.visitor.get(reverse("feedback:suggestion_follow", args=[secret]))
                self.assertEqual(response.status_code, 404)

    def test_the_holder_replies_and_the_reply_is_linked_to_no_account(self) -> None:
        self.login(self.alice)  # even signed in, the reply names no one
        at = TUESDAY.replace(hour=15)
        with time_machine.travel(at, tick=False):
            response = self.client.post(self.url, {"body": "Thank you!"})
        self.assertRedirects(response, self.url, status_code=303, fetch_redirect_response=False)
        reply = SuggestionMessage.objects.get()
        self.assertIsNone(reply.author)
        self.assertContains(self.visitor.get(self.url), "Thank you!")

    def test_the_page_keeps_its_query_count_whatever_the_thread(self) -> None:
        self.answer(self.suggestion, "under_review")
        few, _sql = self.count_page_queries(self.url)
        for n in range(4):
            services.reply_as_submitter(self.suggestion, f"Reply {n}")
            self.answer(self.suggestion, None, f"Answer {n}")
        many, sql = self.count_page_queries(self.url)
        self.assertEqual(few, many, sql)

    def test_an_empty_reply_is_refused_and_htmx_gets_the_form_again(self) -> None:
        response = self.visitor.post(self.url, {"body": "  "}, headers=HTMX)
        self.assertContains(response, "Write your reply before sending it.", status_code=422)
        self.assertNotContains(response, "<html", status_code=422)
        page = self.visitor.post(self.url, {"body": ""})
        self.assertContains(page, "Write your reply before sending it.", status_code=422)
        self.assertContains(page, "Longer opening hours", status_code=422)
        self.assertFalse(SuggestionMessage.objects.exists())


@time_machine.travel(TUESDAY, tick=False)
class DetailPageTests(SuggestionTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.suggestion = self.suggest().suggestion
        self.url = reverse("feedback:suggestion_detail", args=[self.suggestion.pk])
        self.answer_url = reverse("feedback:suggestion_answer", args=[self.suggestion.pk])

    def test_a_new_suggestion_is_its_team_s_alone(self) -> None:
        for outsider in (self.alice, self.bob, self.dave, self.grace):
            self.login(outsider)
            with self.subTest(outsider=outsider.username):
                self.assertEqual(self.client.get(self.url).status_code, 404)
                self.assertEqual(
                    self.client.post(self.answer_url, {"status": "done"}).status_code, 404
                )
        self.login(self.carol)
        response = self.client.get(self.url)
        self.assertContains(response, "Answer publicly")
        self.assertContains(response, "Answer due by 7 Dec 2026, 18:00.")  # 17:00 UTC, in Berlin
        self.assertContains(response, "anonymous")

    def test_a_team_member_answers_and_then_everyone_reads_what_came_of_it(self) -> None:
        self.login(self.carol)
        response = self.client.post(
            self.answer_url, {"status": "planned", "body": "We will open until six.", "reason": ""}
        )
        self.assertRedirects(response, self.url, status_code=303)
        self.login(self.dave)
        page = self.client.get(self.url)
        self.assertContains(page, "We will open until six.")
        self.assertContains(page, "What came of it")
        self.assertNotContains(page, "Answer publicly")

    def test_declining_without_a_reason_is_refused_beside_the_field(self) -> None:
        self.login(self.erin)
        response = self.client.post(self.answer_url, {"status": "declined", "body": "No."})
        self.assertContains(
            response,
            "Say why it is declined: the person who suggested it reads this.",
            status_code=422,
        )
        fragment = self.client.post(self.answer_url, {"status": "", "body": "Hi"}, headers=HTMX)
        self.assertContains(fragment, "Answer with a status", status_code=422)
        self.assertNotContains(fragment, "<html", status_code=422)
        self.assertFalse(SuggestionMessage.objects.exists())

    def test_htmx_answers_204_with_a_trigger(self) -> None:
        self.login(self.erin)
        response = self.client.post(
            self.answer_url,
            {"status": "declined", "body": "", "reason": "The building closes at five."},
            headers=HTMX,
        )
        self.assertEqual(response.status_code, 204)
        self.assertEqual(response["HX-Trigger"], "suggestion-answered")
        self.assertEqual(response["HX-Redirect"], self.url)
        self.suggestion.refresh_from_db()
        self.assertEqual(self.suggestion.status, "declined")

    def test_the_public_never_reads_the_submitter_s_replies(self) -> None:
        self.answer(self.suggestion)
        services.reply_as_submitter(self.suggestion, "I work in the Lisbon office.")
        with time_machine.travel(TUESDAY.replace(day=25), tick=False):
            self.login(self.dave)
            self.assertNotContains(self.client.get(self.url), "Lisbon")
            self.login(self.carol)  # the team reads it once it has reached them
            self.assertContains(self.client.get(self.url), "Lisbon")

    def test_the_team_s_page_keeps_its_query_count_whatever_the_thread(self) -> None:
        self.login(self.carol)
        self.answer(self.suggestion, "under_review")
        few, _sql = self.count_page_queries(self.url)
        for n in range(4):
            services.reply_as_submitter(self.suggestion, f"Reply {n}", at=MONDAY)
            self.answer(self.suggestion, None, f"Answer {n}")
        many, sql = self.count_page_queries(self.url)
        self.assertEqual(few, many, sql)
        self.assertContains(self.client.get(self.url), "Reply 3")

    def test_a_named_author_replies_on_the_page(self) -> None:
        named = self.suggest(self.bob, anonymous=False).suggestion
        self.login(self.bob)
        url = reverse("feedback:suggestion_reply", args=[named.pk])
        response = self.client.post(url, {"body": "Any news?"})
        self.assertRedirects(
            response, reverse("feedback:suggestion_detail", args=[named.pk]), status_code=303
        )
        self.assertEqual(SuggestionMessage.objects.get().author, self.bob)
        self.login(self.alice)  # not hers
        self.assertEqual(self.client.post(url, {"body": "Me too"}).status_code, 404)
        self.assertEqual(SuggestionMessage.objects.count(), 1)
