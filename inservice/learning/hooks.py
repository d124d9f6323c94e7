"""What the org app tells learning: someone joined the organisation, or a team.

Imported by org.services, so it imports nothing of ours at load time. Each hook is called in
the caller's transaction and only enqueues a task after the commit (the rules' work is
learning.tasks); one indexed lookup first, so that a directory import with no rule to apply
enqueues nothing at all.
"""

from __future__ import annotations

from inservice.lib.tasks import enqueue_on_commit
from inservice.org.models import Person, Team


def person_joined(person: Person) -> None:
    """Called when org.services.create_person has created someone (with their home team's
    membership): the new-hire rules, and the rules for joining that team."""
    from inservice.learning.models.progress import AutoAssignment
    from inservice.learning.tasks import assign_new_hire

    if AutoAssignment.objects.active().exists():
        enqueue_on_commit(assign_new_hire, person.pk)


def member_added(team: Team, person: Person) -> None:
    """Called when org.services.add_member has made someone a new member of a team."""
    from inservice.learning.choices import Trigger
    from inservice.learning.models.progress import AutoAssignment
    from inservice.learning.tasks import assign_new_member

    if AutoAssignment.objects.active().filter(trigger=Trigger.JOINED_TEAM).exists():
        enqueue_on_commit(assign_new_member, team.pk, person.pk)
