"""Shared helpers for the notification tests: acting through services and reading what was sent."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from inservice.notifications.models import Delivery, Notification
from inservice.org.models import Person
from inservice.test import BaseTestCase

T = TypeVar("T")

# Script, a javascript: link and template syntax: each must come out as inert text.
HOSTILE_SUBJECT = "<script>alert('s')</script> {{ person.email }} {% now 'Y' %}"
HOSTILE_BODY = (
    "<script>alert('b')</script>\n\n"
    '[click me](javascript:alert(1)) <a href="javascript:alert(2)">or me</a>\n\n'
    "{{ ticket.key }} {% debug %} **bold**"
)


class BrokenBackend(BaseEmailBackend):
    """An SMTP server that is down."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise ConnectionRefusedError("mail.example.org refused the connection")


class NotificationTestCase(BaseTestCase):
    def done(self, action: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Runs a service action and what it scheduled on commit (fan-out, then the emails)."""
        with self.captureOnCommitCallbacks(execute=True):
            return action(*args, **kwargs)

    def queued(self, action: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Runs a service action and its fan-out, but the emails stay queued, never sent."""
        with self.captureOnCommitCallbacks() as fan_outs:
            result = action(*args, **kwargs)
        with self.captureOnCommitCallbacks():
            for callback in fan_outs:
                callback()
        return result

    def told(self, kind: str) -> set[str]:
        """Usernames with an in-app notification of `kind`."""
        rows = Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True)
        return set(rows)

    def emailed(self, kind: str) -> set[str]:
        """Usernames with an email of `kind` in the delivery log."""
        rows = Delivery.objects.filter(kind=kind).values_list("recipient__username", flat=True)
        return set(rows)

    def outbox_to(self, person: Person) -> list[mail.EmailMessage]:
        return [m for m in mail.outbox if person.email in m.to]

    def html_of(self, message: mail.EmailMessage) -> str:
        assert isinstance(message, mail.EmailMultiAlternatives)
        (html, mimetype), *_ = message.alternatives
        self.assertEqual(mimetype, "text/html")
        return str(html)
