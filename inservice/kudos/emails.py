"""The kudos emails, written when they go out from what the event key names
(services.telling writes the keys); notifications.emails.render_email hands these kinds here.

- `kudos:<id>` (Kind.KUDOS): to someone thanked, by name or as a member of a team thanked;
- `kudos:<id>:report` (KUDOS_REPORT): to the manager of someone thanked by name;
- `kudos_digest:<YYYY-MM>` (KUDOS_DIGEST): the month's highlights, to everyone.
Nothing is sent for a kudos deleted or hidden since, or to someone it no longer concerns; a
request is named only to those who may see it. Templates:
`kudos/templates/notifications/email/<kind>{_subject.txt,.txt,.html}`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Prefetch
from django.urls import reverse

from inservice.kudos import highlights
from inservice.kudos.models import Kudos, Recipient
from inservice.lib.queries import unique
from inservice.notifications.choices import Kind
from inservice.notifications.models import Delivery
from inservice.notifications.rendering import render_message
from inservice.org.models import Person
from inservice.tickets.permissions import can_view_ticket

TEMPLATES = "notifications/email/"


def render(delivery: Delivery) -> EmailMultiAlternatives | None:
    kind = Kind(delivery.kind)
    what, _sep, rest = delivery.event_key.partition(":")
    if kind == Kind.KUDOS_DIGEST and what == "kudos_digest":
        return _digest(delivery, rest)
    pk, _sep, event = rest.partition(":")
    if what != "kudos" or not pk.isdigit():
        return None
    if (kind, event) not in ((Kind.KUDOS, ""), (Kind.KUDOS_REPORT, "report")):
        return None
    kudos = unique(
        Kudos.objects.shown()
        .select_related("giver", "ticket")
        .prefetch_related(
            Prefetch("recipients", queryset=Recipient.objects.select_related("person", "team")),
            "values",
        )
        .filter(pk=int(pk))
    )
    if kudos is None:
        return None  # deleted or hidden since it was told
    person = delivery.recipient
    recipients = list(kudos.recipients.all())
    context = _context(delivery, kudos, recipients)
    if kind == Kind.KUDOS:
        named = any(r.person_id == person.pk for r in recipients)
        teams = [
            r.team for r in recipients if r.team is not None and r.team.pk in person.team_ids()
        ]
        if not named and not teams:
            return None
        context |= {"named": named, "team": None if named else teams[0]}
    else:
        reports = [r.person for r in recipients if r.person and r.person.manager_id == person.pk]
        if not reports:
            return None
        context |= {"reports": ", ".join(p.name for p in reports)}
    return render_message(TEMPLATES + kind.value, context, delivery.to_address)


def _context(delivery: Delivery, kudos: Kudos, recipients: list[Recipient]) -> dict[str, Any]:
    person: Person = delivery.recipient
    request = kudos.ticket if kudos.ticket and can_view_ticket(person, kudos.ticket) else None
    return {
        "person": person,
        "kudos": kudos,
        "giver": kudos.giver,
        "recipients": ", ".join(r.name for r in recipients),
        "values": ", ".join(v.name for v in kudos.values.all()),
        "request": request,
        "url": settings.SITE_URL + reverse("kudos:detail", args=[kudos.pk]),
        "site_name": settings.SITE_NAME,
        "settings_url": settings.SITE_URL + reverse("kudos:settings"),
        "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
    }


def _digest(delivery: Delivery, month: str) -> EmailMultiAlternatives | None:
    if highlights.parse_month(month) is None:
        return None
    found = highlights.month_highlights(month)
    if not found.total:
        return None
    context = {
        "person": delivery.recipient,
        "highlights": found,
        "label": highlights.month_label(month),
        "url": settings.SITE_URL + reverse("kudos:highlights", args=[month]),
        "wall_url": settings.SITE_URL + reverse("kudos:wall"),
        "site_name": settings.SITE_NAME,
        "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
    }
    return render_message(TEMPLATES + Kind.KUDOS_DIGEST.value, context, delivery.to_address)
