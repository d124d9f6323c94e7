"""The organisation's service vision: its statement on the portal, the whole of it on its own page
and the administrators' editor (404 for anyone else; refusals beside their fields with 422)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.org.models_charter import Vision
from inservice.org.services_charter import VisionDraft, save_vision
from inservice.org.tests.api_support import make_service
from inservice.org.tests.charter_support import HTMX
from inservice.test import BaseTestCase

STATEMENT = "Every colleague gets the help they need, the first time they ask."
TEXT = "## What it means\n\n- **Ask once.** Every service is in the portal."
EDIT = "/manage/vision/"


class PortalAndPageTests(BaseTestCase):
    def test_the_portal_shows_the_statement_and_a_link_to_the_whole_vision(self) -> None:
        save_vision(self.root, VisionDraft(STATEMENT, TEXT))
        self.login(self.alice)
        response = self.client.get(reverse("portal:home"))
        self.assertContains(response, f"<strong>{STATEMENT}</strong>", html=True)
        self.assertContains(response, f'<a href="{reverse("org:vision")}">Read more</a>', html=True)
        self.assertNotContains(response, EDIT)
        page = self.client.get(reverse("org:vision"))
        self.assertContains(page, "<h2>What it means</h2>", html=True)
        self.assertContains(page, "<strong>Ask once.</strong>", html=True)
        self.assertContains(page, "Updated")
        self.assertContains(page, "Root Admin")

    def test_a_statement_alone_needs_no_read_more(self) -> None:
        save_vision(self.root, VisionDraft(STATEMENT))
        self.login(self.alice)
        response = self.client.get(reverse("portal:home"))
        self.assertContains(response, STATEMENT)
        self.assertNotContains(response, "Read more")

    def test_without_a_vision_the_portal_says_nothing_but_administrators_are_asked(self) -> None:
        self.login(self.alice)
        self.assertNotContains(self.client.get(reverse("portal:home")), 'id="vision"')
        self.assertContains(
            self.client.get(reverse("org:vision")), "has not written its service vision yet"
        )
        self.login(self.root)
        response = self.client.get(reverse("portal:home"))
        self.assertContains(response, "Write the organisation's service vision")
        self.assertContains(response, EDIT)

    def test_the_portal_reads_the_vision_in_one_query(self) -> None:
        self.login(self.alice)
        url = reverse("portal:home")
        with CaptureQueriesContext(connection) as without:
            self.client.get(url)
        save_vision(self.root, VisionDraft(STATEMENT, TEXT))
        make_service(self.it, self.erin)
        with CaptureQueriesContext(connection) as shown:
            self.assertContains(self.client.get(url), STATEMENT)
        self.assertEqual(len(shown), len(without))


class EditorTests(BaseTestCase):
    def test_an_administrator_writes_it_and_lands_on_the_vision(self) -> None:
        self.login(self.root)
        page = self.client.get(EDIT)
        self.assertEqual(page.status_code, 200)
        self.assertEqual(page.context["form"].initial["version"], 0)
        response = self.client.post(EDIT, {"statement": STATEMENT, "text": TEXT, "version": "0"})
        self.assertRedirects(
            response, reverse("org:vision"), status_code=303, fetch_redirect_response=False
        )
        vision = Vision.objects.get()
        self.assertEqual(
            (vision.statement, vision.updated_by, vision.version), (STATEMENT, self.root, 1)
        )
        self.assertEqual(self.client.get(EDIT).context["form"].initial["statement"], STATEMENT)
        again = self.client.post(
            EDIT, {"statement": "Newer.", "text": "", "version": "1"}, headers=HTMX
        )
        self.assertEqual((again.status_code, again["HX-Redirect"]), (204, reverse("org:vision")))
        self.assertEqual(Vision.objects.get().statement, "Newer.")

    def test_it_answers_404_to_anyone_but_administrators(self) -> None:
        for person in (self.alice, self.erin):
            self.login(person)
            with self.subTest(person=person.username):
                self.assertEqual(self.client.get(EDIT).status_code, 404)
                self.assertEqual(self.client.post(EDIT, {"statement": STATEMENT}).status_code, 404)
        self.assertFalse(Vision.objects.exists())

    def test_refusals_answer_422_beside_their_fields_and_store_nothing(self) -> None:
        self.login(self.root)
        response = self.client.post(
            EDIT,
            {"statement": "", "text": "<img src=x onerror=alert(1)>", "version": "0"},
            headers=HTMX,
        )
        self.assertEqual(response.status_code, 422)
        self.assertTemplateUsed(response, "org/partials/vision_form.html")
        errors = response.context["form"].errors
        self.assertIn("Write the vision statement", errors["statement"][0])
        self.assertIn("HTML is not allowed in the vision (found <img>)", errors["text"][0])
        self.assertFalse(Vision.objects.exists())
        stale = self.client.post(EDIT, {"statement": STATEMENT, "version": "3"})
        self.assertContains(stale, "Someone else changed the vision", status_code=422)
        self.assertTemplateUsed(stale, "org/vision_edit.html")
