"""One email from its three templates, the same way for every kind of message."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def render_message(base: str, context: dict[str, Any], to: str) -> EmailMultiAlternatives:
    """`<base>_subject.txt`, `<base>.txt` and `<base>.html`, in the site's language.

    Text parts are written with autoescaping off so they read naturally; the HTML part is
    autoescaped. User text is only ever a variable's value, never parsed as a template."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{base}_subject.txt", context).split())
        text = render_to_string(f"{base}.txt", context)
        html = render_to_string(f"{base}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    return message
