"""Signing in with a username and password lands on the portal; everything else needs it."""

from django.urls import reverse

from inservice.factories import PASSWORD
from inservice.test import BaseTestCase


class SignInTests(BaseTestCase):
    def test_it_lands_on_the_portal_after_signing_in(self) -> None:
        response = self.client.post(
            reverse("login"), {"username": "alice", "password": PASSWORD}, follow=True
        )
        self.assertEqual(response.redirect_chain[-1][0], reverse("portal:home"))
        self.assertContains(response, "How can we help?")

    def test_it_refuses_a_wrong_password_with_a_message(self) -> None:
        response = self.client.post(reverse("login"), {"username": "alice", "password": "nope"})
        self.assertContains(response, "Please enter a correct username and password.")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_sends_signed_out_visitors_to_the_sign_in_page(self) -> None:
        for url in (reverse("portal:home"), reverse("tickets:mine"), reverse("org:directory")):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertRedirects(
                    response, f"{reverse('login')}?next={url}", fetch_redirect_response=False
                )
