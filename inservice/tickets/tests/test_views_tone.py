"""The tone hint: an agent typing a public reply that reads strongly negative sees a gentle hint
under the message box; internal notes and requesters get none, and nothing is ever blocked."""

from __future__ import annotations

from django.urls import reverse

from inservice.test import BaseTestCase

HTMX = {"HX-Request": "true"}
HINT = "This reads strongly negative. The requester will read it as written"
HARSH = (
    "This is ridiculous. You clearly did not read my message and this is a stupid waste of time."
)
KIND = "Thanks for your patience, the laptop is on its way."


class ToneHintTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.ticket = self.ask(self.alice)
        self.url = reverse("tickets:tone", args=[self.ticket.key])

    def hint(self, body: str, **extra: str) -> str:
        response = self.client.post(self.url, {"body": body, **extra}, headers=HTMX)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_it_hints_when_an_agents_public_reply_reads_harsh(self) -> None:
        self.login(self.carol)

        self.assertIn(HINT, self.hint(HARSH))
        self.assertIn("is that the tone you want?", self.hint(HARSH))

    def test_it_says_nothing_about_a_kind_or_empty_reply(self) -> None:
        self.login(self.carol)

        self.assertEqual(self.hint(KIND).strip(), "")
        self.assertEqual(self.hint("").strip(), "")

    def test_it_says_nothing_about_an_internal_note(self) -> None:
        self.login(self.carol)

        self.assertEqual(self.hint(HARSH, internal="on").strip(), "")

    def test_it_says_nothing_to_the_requester(self) -> None:
        self.login(self.alice)

        self.assertEqual(self.hint(HARSH).strip(), "")

    def test_it_answers_404_to_who_may_not_see_the_request_and_405_to_get(self) -> None:
        self.login(self.bob)
        self.assertEqual(self.client.post(self.url, {"body": HARSH}).status_code, 404)
        self.login(self.carol)
        self.assertEqual(self.client.get(self.url, {"body": HARSH}).status_code, 405)

    def test_it_changes_nothing_and_never_stops_the_reply(self) -> None:
        self.login(self.carol)
        version = self.ticket.version

        self.hint(HARSH)

        self.ticket.refresh_from_db()
        self.assertEqual((self.ticket.version, self.ticket.entries.count()), (version, 1))
        response = self.client.post(
            reverse("tickets:reply", args=[self.ticket.key]), {"body": HARSH}, headers=HTMX
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self.ticket.entries.filter(body=HARSH, is_internal=False).exists())

    def test_it_watches_an_agents_reply_box_as_they_type_but_not_a_requesters(self) -> None:
        detail = reverse("tickets:detail", args=[self.ticket.key])
        self.login(self.carol)
        page = self.client.get(detail)
        self.assertContains(page, f'hx-post="{self.url}" hx-trigger="input delay:600ms"')
        self.assertContains(page, 'id="tone-hint" role="status" aria-live="polite"')
        self.login(self.alice)
        page = self.client.get(detail)
        self.assertNotContains(page, self.url)
        self.assertNotContains(page, 'id="tone-hint"')

    def test_it_keeps_the_hint_area_after_a_reply_is_sent(self) -> None:
        self.login(self.carol)

        response = self.client.post(
            reverse("tickets:reply", args=[self.ticket.key]), {"body": KIND}, headers=HTMX
        )

        self.assertContains(response, 'id="tone-hint"')  # the fresh box is watched again
