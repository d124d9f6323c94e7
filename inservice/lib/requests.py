"""Typed access to the signed-in person behind a request."""

from django.http import HttpRequest

from inservice.org.models import Person


def person_of(request: HttpRequest) -> Person:
    """The signed-in person. LoginRequiredMiddleware guarantees one on every view that calls this."""
    user = request.user
    if not isinstance(user, Person):
        raise TypeError("view reached without a signed-in person")
    return user
