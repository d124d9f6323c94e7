"""The learning app's background work: Celery tasks taking IDs, idempotent.

- `assign_new_hire` / `assign_new_member`: the automatic assignment rules, enqueued after the
  commit by learning.hooks when org.services creates a person or adds a member;
- `tell_assigned`: COURSE_ASSIGNED for new assignments (after the commit that made them);
- `send_reminders` (beat, daily): COURSE_DUE three days before the due date, and once overdue.
"""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def assign_new_hire(person_id: int) -> int:
    from inservice.learning import services

    return services.assign_new_hire(person_id)


@shared_task(acks_late=True)
def assign_new_member(team_id: int, person_id: int) -> int:
    from inservice.learning import services

    return services.assign_new_member(team_id, person_id)


@shared_task(acks_late=True)
def tell_assigned(assignment_ids: list[int]) -> int:
    """Each assignment's person is told once (the event key), however often this runs."""
    from inservice.learning import services

    return sum(services.tell_assigned(pk) for pk in assignment_ids)


@shared_task(acks_late=True)
def send_reminders() -> int:
    """Beat, daily: "due soon" and "overdue" reminders, each sent once per assignment."""
    from django.utils import timezone

    from inservice.learning import services

    today = timezone.localdate()
    return sum(services.remind(pk, which, today) for pk, which in services.reminders_due(today))
