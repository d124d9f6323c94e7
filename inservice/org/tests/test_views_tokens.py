"""Personal API tokens on their page: created and revoked by their owner, the secret shown once."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.org import services
from inservice.org.models import ApiToken
from inservice.test import BaseTestCase


class TokenPageTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)
        self.url = reverse("org:tokens")

    def test_it_shows_a_new_secret_once_and_keeps_only_its_digest(self) -> None:
        response = self.client.post(self.url, {"name": "onboarding script", "scope": "write"})
        self.assertEqual(response.status_code, 200)
        secret = re.search(r'<code id="new-token">([^<]+)</code>', response.content.decode())
        assert secret is not None
        token = ApiToken.objects.get(person=self.alice)
        self.assertEqual((token.name, token.scope), ("onboarding script", "write"))
        self.assertEqual(token.digest, services.token_digest(secret.group(1)))
        self.assertNotContains(self.client.get(self.url), secret.group(1))  # never again
        api = self.client.get(
            "/api/v1/requests", headers={"Authorization": f"Bearer {secret.group(1)}"}
        )
        self.assertEqual(api.status_code, 200)

    def test_it_names_what_is_wrong_and_creates_nothing(self) -> None:
        response = self.client.post(self.url, {"name": "", "scope": "admin"})
        self.assertContains(response, "This field is required.", status_code=422)
        self.assertContains(response, "Select a valid choice.", status_code=422)
        self.assertFalse(ApiToken.objects.exists())

    def test_it_revokes_only_the_owners_token(self) -> None:
        mine = services.create_api_token(self.alice, "mine", "read")
        theirs = services.create_api_token(self.bob, "theirs", "read")
        self.client.post(reverse("org:revoke_token", args=[theirs.token.pk]))
        self.client.post(reverse("org:revoke_token", args=[mine.token.pk]))
        mine.token.refresh_from_db()
        theirs.token.refresh_from_db()
        self.assertIsNotNone(mine.token.revoked_at)
        self.assertIsNone(theirs.token.revoked_at)
        api = self.client.get(
            "/api/v1/requests", headers={"Authorization": f"Bearer {mine.secret}"}
        )
        self.assertEqual(api.status_code, 401)

    def test_it_lists_tokens_with_a_bounded_number_of_queries(self) -> None:
        services.create_api_token(self.alice, "first", "read")
        with CaptureQueriesContext(connection) as first:
            self.client.get(self.url)
        for n in range(10):
            services.create_api_token(self.alice, f"token {n}", "write")
        with CaptureQueriesContext(connection) as second:
            response = self.client.get(self.url)
        self.assertContains(response, "token 9")
        self.assertEqual(len(second), len(first))


class SignOutTests(BaseTestCase):
    def test_it_signs_out_on_post(self) -> None:
        self.login(self.alice)
        response = self.client.post(reverse("logout"))
        self.assertRedirects(response, reverse("login"), fetch_redirect_response=False)
        self.assertEqual(self.client.get(reverse("portal:home")).status_code, 302)
