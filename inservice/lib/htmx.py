"""htmx written down once.

A fragment is answered when htmx asks (and the request is not a boosted navigation); success
answers 204 with HX-Trigger; validation errors answer 422 with the form, which base.html tells
htmx to swap.
"""

import json
from typing import Any

from django.http import HttpRequest, HttpResponse


def is_htmx(request: HttpRequest) -> bool:
    """Any request htmx made, boosted navigations included."""
    return bool(getattr(request, "htmx", False))


def is_fragment(request: HttpRequest) -> bool:
    """htmx asked for a piece of a page (not a boosted navigation)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not getattr(htmx, "boosted", False)


def triggered(
    event: str | dict[str, Any], status: int = 204, redirect: str | None = None
) -> HttpResponse:
    response = HttpResponse(status=status)
    response["HX-Trigger"] = event if isinstance(event, str) else json.dumps(event)
    if redirect:
        response["HX-Redirect"] = redirect
    return response
