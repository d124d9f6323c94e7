"""The signed rating links in the resolution email.

A token names one rating and when it was signed (django.core.signing with a salt of its own, so
no other signed value of Inservice reads as one). It is the link's only authority: no sign-in is
asked. It works for RATING_LINK_DAYS; single use is the rating's own `rated_at`, set once under
a row lock by services.csat.rate, so a token carries no state of its own.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing

from inservice.feedback.models.csat import Rating

SALT = "inservice.feedback.rating-link"
RATING_LINK_DAYS = 14
MAX_AGE = timedelta(days=RATING_LINK_DAYS)


class BadToken(Exception):
    """Not a token Inservice signed: tampered with, cut short, or made up."""


class ExpiredToken(Exception):
    """A genuine token, signed longer ago than MAX_AGE; `rating_id` says which rating it named."""

    def __init__(self, rating_id: int) -> None:
        super().__init__(rating_id)
        self.rating_id = rating_id


def make_token(rating: Rating) -> str:
    return signing.dumps(rating.pk, salt=SALT)


def read_token(token: str) -> int:
    """The id of the rating the token names; BadToken or ExpiredToken otherwise."""
    try:
        value = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired as exc:
        # The signature held, only the age did not: say which rating, for a precise message.
        value = signing.loads(token, salt=SALT)
        if not _is_id(value):
            raise BadToken from exc
        raise ExpiredToken(value) from exc
    except signing.BadSignature as exc:
        raise BadToken from exc
    if not _is_id(value):
        raise BadToken
    return int(value)


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0
