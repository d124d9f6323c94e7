"""Emails about assignments (no request of their own): a new assignment (COURSE_ASSIGNED), and
the reminders before the due date and once overdue (COURSE_DUE).

notifications.emails.render_email hands these kinds here. The event key names the assignment
("course_assigned:<id>", "course_due:<id>:soon|overdue", written by learning.services); it is
read when the email goes out, so nothing is sent for an assignment completed meanwhile, or to
anyone but its person. Templates: `templates/notifications/email/<kind>{_subject.txt,.txt,.html}`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from inservice.learning import services
from inservice.learning.models.progress import Assignment
from inservice.lib.queries import unique
from inservice.notifications.choices import Kind
from inservice.notifications.models import Delivery
from inservice.notifications.rendering import render_message


def render(delivery: Delivery) -> EmailMultiAlternatives | None:
    parts = delivery.event_key.split(":")
    if len(parts) < 2 or not parts[1].isdigit():
        return None
    assignment = unique(
        Assignment.objects.select_related("course", "program", "assigned_by", "team").filter(
            pk=int(parts[1]), person_id=delivery.recipient_id, completed_at__isnull=True
        )
    )
    if assignment is None:
        return None
    target = assignment.target
    context = {
        "person": delivery.recipient,
        "assignment": assignment,
        "target": target,
        "is_program": assignment.program_id is not None,
        "overdue": len(parts) > 2 and parts[2] == "overdue",
        "target_url": settings.SITE_URL + services.target_path(target),
        "learning_url": settings.SITE_URL + reverse("learning:home"),
        "site_name": settings.SITE_NAME,
        "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
    }
    kind = Kind(delivery.kind)
    if kind not in (Kind.COURSE_ASSIGNED, Kind.COURSE_DUE):
        return None
    return render_message(f"notifications/email/{kind.value}", context, delivery.to_address)
