"""Personal API tokens open the API: without a valid one it says 401; a read-only one cannot write."""

from __future__ import annotations

from inservice.org import services as org
from inservice.org.choices import TokenScope
from inservice.org.models import ApiToken
from inservice.org.tests.api_support import API, ApiTestCase
from inservice.tickets.models import Ticket

NEW_LAPTOP = {"service": "", "subject": "A laptop", "answers": {"model": "Standard"}}


class TokenAuthTests(ApiTestCase):
    def test_it_answers_401_in_json_without_a_token(self) -> None:
        response = self.client.get(f"{API}/services")
        self.assertEqual(response.status_code, 401)  # not a redirect to the sign-in page
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        self.assertIn("Authorization: Bearer", response.json()["detail"])
        self.assertTrue(response["WWW-Authenticate"].startswith("Bearer"))

    def test_it_answers_401_for_an_unknown_token(self) -> None:
        response = self.client.get(
            f"{API}/services", headers={"Authorization": "Bearer isv_not-a-real-token"}
        )
        self.assertEqual(response.status_code, 401)
        self.assertIn("unknown or revoked", response.json()["detail"])

    def test_it_answers_401_for_another_scheme(self) -> None:
        response = self.client.get(
            f"{API}/services", headers={"Authorization": f"Basic {self.secret(self.alice)}"}
        )
        self.assertEqual(response.status_code, 401)

    def test_it_answers_401_for_a_revoked_token(self) -> None:
        issued = org.create_api_token(self.alice, "script", TokenScope.WRITE)
        org.revoke_api_token(self.alice, issued.token.pk)
        response = self.client.get(
            f"{API}/services", headers={"Authorization": f"Bearer {issued.secret}"}
        )
        self.assertEqual(response.status_code, 401)

    def test_it_answers_401_to_a_signed_in_browser_without_a_token(self) -> None:
        self.login(self.alice)
        self.assertEqual(self.client.get(f"{API}/requests").status_code, 401)

    def test_it_lets_a_read_token_read(self) -> None:
        response = self.get("/services", self.alice, scope=TokenScope.READ)
        self.assertEqual(response.status_code, 200)

    def test_it_refuses_a_write_with_a_read_token_and_changes_nothing(self) -> None:
        body = {**NEW_LAPTOP, "service": self.laptop.slug}
        response = self.post("/requests", self.alice, body, scope=TokenScope.READ)
        self.assertEqual(response.status_code, 403)
        self.assertIn("read-only", response.json()["detail"])
        self.assertFalse(Ticket.objects.exists())

    def test_it_refuses_a_read_token_on_every_write_endpoint(self) -> None:
        ticket = self.ask()
        for path, body in (
            (f"/requests/{ticket.key}/transition", {"action": "cancel"}),
            (f"/requests/{ticket.key}/replies", {"body": "Hello"}),
            (f"/requests/{ticket.key}/notes", {"body": "Hello"}),
            (
                f"/requests/{ticket.key}/transfer",
                {"team": "payroll", "reason": "wrong_team", "note": "Yours"},
            ),
        ):
            with self.subTest(path=path):
                response = self.post(path, self.carol, body, scope=TokenScope.READ)
                self.assertEqual(response.status_code, 403)
        ticket.refresh_from_db()
        self.assertEqual((ticket.status, ticket.version), ("new", 1))

    def test_it_refuses_bad_input_only_after_the_token(self) -> None:
        # An anonymous caller learns nothing about the body's shape.
        response = self.client.post(f"{API}/requests", {}, content_type="application/json")
        self.assertEqual(response.status_code, 401)

    def test_it_records_when_a_token_was_last_used(self) -> None:
        self.get("/services", self.alice)
        token = ApiToken.objects.get(person=self.alice)
        self.assertIsNotNone(token.last_used_at)


class OpenApiTests(ApiTestCase):
    def test_it_serves_the_openapi_document_listing_the_endpoints(self) -> None:
        response = self.client.get(f"{API}/openapi.json")
        self.assertEqual(response.status_code, 200)
        document = response.json()
        self.assertEqual(document["info"]["title"], "Inservice API")
        paths = document["paths"]
        for path, methods in {
            "/api/v1/services": {"get"},
            "/api/v1/services/{slug}": {"get"},
            "/api/v1/requests": {"get", "post"},
            "/api/v1/requests/{key}": {"get"},
            "/api/v1/requests/{key}/transition": {"post"},
            "/api/v1/requests/{key}/replies": {"post"},
            "/api/v1/requests/{key}/notes": {"post"},
            "/api/v1/requests/{key}/transfer": {"post"},
            "/api/v1/teams/{slug}/queue": {"get"},
            "/api/v1/people": {"get"},
            "/api/v1/people/{person_id}": {"get"},
            "/api/v1/teams": {"get"},
            "/api/v1/teams/{slug}": {"get"},
        }.items():
            with self.subTest(path=path):
                self.assertLessEqual(methods, set(paths[path]))
        schemes = document["components"]["securitySchemes"]
        self.assertEqual([s["scheme"] for s in schemes.values()], ["bearer"])

    def test_it_documents_the_strict_request_body(self) -> None:
        schemas = self.client.get(f"{API}/openapi.json").json()["components"]["schemas"]
        self.assertFalse(schemas["RequestIn"]["additionalProperties"])
        self.assertIn("subject", schemas["RequestIn"]["required"])
