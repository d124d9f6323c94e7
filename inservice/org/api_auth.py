"""Personal API tokens as the API's only way in: `Authorization: Bearer <secret>`.

The secret is looked up by its SHA-256 digest (only the digest is stored); a revoked token, a
token of someone who left, or no token at all is a 401. A read-only token may only read: any
other method is a 403 before the endpoint runs, so nothing changes.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import HttpBearer

from inservice.lib.queries import unique
from inservice.org.choices import TokenScope
from inservice.org.models import ApiToken, Person
from inservice.org.services import token_digest, touch_api_token

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenAuth(HttpBearer):
    def __call__(self, request: HttpRequest) -> ApiToken:
        scheme, _space, secret = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise AuthenticationError(
                message=_("Send your API token as “Authorization: Bearer <token>”.")
            )
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        found = unique(
            ApiToken.objects.live()
            .select_related("person")
            .filter(digest=token_digest(token), person__is_active=True)
        )
        if found is None:
            raise AuthenticationError(message=_("This API token is unknown or revoked."))
        if request.method not in READ_METHODS and found.scope != TokenScope.WRITE:
            raise AuthorizationError(
                message=_("This token is read-only: create a read and write token to make changes.")
            )
        touch_api_token(found)
        return found


def caller(request: HttpRequest) -> Person:
    """The person whose token opened this API call (TokenAuth guarantees one)."""
    token = getattr(request, "auth", None)
    if not isinstance(token, ApiToken):
        raise TypeError("API endpoint reached without a token")
    return token.person
