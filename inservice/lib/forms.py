"""Forms and the services' refusals, written down once."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def add_refusal(form: forms.Form, exc: ValidationError) -> None:
    """A service's refusal on the form: each message beside the field it names, the rest above."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)
