"""What the learning pages share."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError


def refusal(action: Callable[[], object]) -> str:
    """Runs a service call: its refusal in words, or "" once done."""
    try:
        action()
    except ValidationError as exc:
        return " ".join(exc.messages)
    return ""
