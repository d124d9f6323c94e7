"""Emails as templates per message: a subject, a text body and an HTML body per kind."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from inservice.catalog.targets import describe_targets
from inservice.feedback.emails import FEEDBACK_KINDS, render_feedback_email
from inservice.feedback.emails_csat import rating_links
from inservice.insights import emails_health as health_emails
from inservice.knowledge import emails as knowledge_emails
from inservice.kudos import emails as kudos_emails
from inservice.learning import emails as learning_emails
from inservice.lib.markdown import render_markdown
from inservice.lib.timezones import zone_or_utc
from inservice.notifications.agreement_emails import render_review_reminder
from inservice.notifications.choices import Kind
from inservice.notifications.digest_emails import DIGEST_PREFIX, render_digest
from inservice.notifications.models import Delivery
from inservice.notifications.rendering import render_message
from inservice.sla import services as sla
from inservice.sla.choices import Target
from inservice.tickets.choices import EntryKind
from inservice.tickets.models import TimelineEntry
from inservice.tickets.permissions import can_view_ticket, is_agent
from inservice.tickets.services import reopen_deadline


def render_email(delivery: Delivery) -> EmailMultiAlternatives | None:
    """The message for one delivery, or None when its recipient may no longer see the request."""
    if delivery.event_key.startswith(DIGEST_PREFIX):  # no request: a digest of several
        return render_digest(delivery)
    if delivery.kind == Kind.AGREEMENT_REVIEW:  # no request: a service agreement
        return render_review_reminder(delivery)
    if delivery.kind in FEEDBACK_KINDS:  # no request: a rating, suggestion, survey...
        return render_feedback_email(delivery)
    if delivery.kind in (Kind.KUDOS, Kind.KUDOS_REPORT, Kind.KUDOS_DIGEST):
        return kudos_emails.render(delivery)
    if delivery.kind in (Kind.COURSE_ASSIGNED, Kind.COURSE_DUE):
        return learning_emails.render(delivery)
    if delivery.kind in (Kind.ARTICLE_REVIEW, Kind.ARTICLE_UNHELPFUL):
        return knowledge_emails.render(delivery)
    if delivery.kind == Kind.HEALTH_CHECK:  # no request: a team's quarterly health check
        return health_emails.render(delivery)
    entry, ticket, person = delivery.entry, delivery.ticket, delivery.recipient
    if ticket is None or entry is None:
        return None
    # A service-level notice is internal but carries no note: the lead's manager, told of a
    # breach, may read it (recipients._may_hear is the same rule).
    note = entry.is_internal and entry.kind != EntryKind.SLA
    if not can_view_ticket(person, ticket) or (note and not is_agent(person, ticket)):
        return None
    body = entry.body or _message_with_move(entry)
    context = {
        "person": person,
        "ticket": ticket,
        "entry": entry,
        "body_text": body,
        "body_html": render_markdown(body) if body else "",
        "ticket_url": settings.SITE_URL + reverse("tickets:detail", args=[ticket.key]),
        "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
        "targets": describe_targets(ticket.service),
        "site_name": settings.SITE_NAME,
        "zone": zone_or_utc(person.time_zone),
        "reopen_until": reopen_deadline(ticket),
        # The requester's one-click rating links while a rating waits (feedback.emails_csat).
        "rating_links": rating_links(ticket, person) if delivery.kind == Kind.RESOLVED else [],
        **_service_level(entry),
        **sla.promise_email(entry),  # acknowledged / promise_changed
        "back_at": sla.back_at(ticket) if entry.kind == EntryKind.CREATED else None,  # received
    }
    # Text parts (subject, text body) are written with autoescaping off so they read naturally;
    # the HTML part is autoescaped. User text is only ever a variable's value: `{{ }}` in a
    # subject or reply stays literal, it is never parsed as a template.
    return render_message(f"notifications/email/{delivery.kind}", context, delivery.to_address)


def _service_level(entry: TimelineEntry) -> dict[str, Any]:
    """For the sweep's notices: which target, when it is (or was) due, the escalation level."""
    if entry.kind != EntryKind.SLA:
        return {}
    target, due = entry.datum("target"), entry.datum("due_at")
    return {
        "sla_target": Target(target).label if target in Target.values else "",
        "sla_due_at": datetime.fromisoformat(due) if due else None,
        "sla_level": entry.datum("level"),
    }


def _message_with_move(entry: TimelineEntry) -> str:
    """The public message an agent wrote with a status change ("waiting on you: which model?").

    tickets.services.transition writes it as a reply entry in the same instant as the move.
    """
    if entry.kind != EntryKind.STATUS:
        return ""
    reply = (
        TimelineEntry.objects.public()
        .filter(
            ticket_id=entry.ticket_id,
            kind=EntryKind.REPLY,
            created_at=entry.created_at,
            actor_id=entry.actor_id,
        )
        .first()
    )
    return reply.body if reply else ""


def send_rendered(message: EmailMultiAlternatives) -> None:
    message.send(fail_silently=False)
