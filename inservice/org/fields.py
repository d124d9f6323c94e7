"""Form fields that name colleagues from the directory."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inservice.lib.queries import unique
from inservice.org.models import Person

# Within `people_looked_up_once()`, each text is looked up once: checking many forms filled from
# the same parameters (a workflow's steps) names the same colleagues again and again.
_looked_up: ContextVar[dict[str, Person | None] | None] = ContextVar("looked_up", default=None)


@contextmanager
def people_looked_up_once() -> Iterator[None]:
    token = _looked_up.set({})
    try:
        yield
    finally:
        _looked_up.reset(token)


def find_person(text: str) -> Person | None:
    """An active person by id, email or username."""
    text = text.strip()
    memo = _looked_up.get()
    if memo is not None and text.lower() in memo:
        return memo[text.lower()]
    people = Person.objects.active()
    if text.isdigit():
        found = unique(people.filter(pk=int(text)))
    else:
        found = unique(people.filter(email__iexact=text)) or unique(
            people.filter(username__iexact=text)
        )
    if memo is not None:
        memo[text.lower()] = found
    return found


class PersonField(forms.CharField):
    """One colleague, named by email or username (or id, through the API)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"list": "people-suggestions", "autocomplete": "off", "data-people": "1"}
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Person | None:
        text = super().clean(value)
        if text in (None, ""):
            return None
        found = find_person(str(text))
        if found is None:
            raise ValidationError(_("Nobody in the directory matches “%(text)s”.") % {"text": text})
        return found


class PeopleField(forms.CharField):
    """Several colleagues, separated by commas."""

    default_help_text = gettext_lazy("Emails or usernames, separated by commas.")

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", self.default_help_text)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"list": "people-suggestions", "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[Person]:
        text = super().clean(value) or ""
        names = [n.strip() for n in str(text).split(",") if n.strip()]
        if len(names) > 20:
            raise ValidationError(_("Name at most 20 people."))
        people, unknown = [], []
        for name in names:
            person = find_person(name)
            if person is None:
                unknown.append(name)
            else:
                people.append(person)
        if unknown:
            raise ValidationError(
                _("Nobody in the directory matches: %(names)s.") % {"names": ", ".join(unknown)}
            )
        return list({p.pk: p for p in people}.values())
