"""Forms and the services' refusals, written down once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import ValidationError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def add_refusal(form: forms.Form, exc: ValidationError) -> None:
    """A service's refusal on the form: each message beside the field it names, the rest above."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def optional_text(
    label: StrOrPromise, help_text: StrOrPromise, rows: int, max_length: int
) -> forms.CharField:
    """A free-text box kept as typed (the service strips and checks it, and says what is wrong
    with its length, so the browser's maxlength only saves a round trip)."""
    return forms.CharField(
        label=label,
        required=False,
        strip=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": max_length}),
    )
