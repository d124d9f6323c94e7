"""A date in a strict API input schema: only YYYY-MM-DD, with a message saying so.

Strict schemas refuse a string for a `date` field outright; `Day` parses the ISO form and
nothing else, so a client's typo reads as a date error naming the field."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.utils.translation import gettext as _
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError


def _day(value: Any) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError("date_parsing", str(_("Expected a date as YYYY-MM-DD.")))


Day = Annotated[date, BeforeValidator(_day)]
