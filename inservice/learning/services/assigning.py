"""Assignments: by a lead or an administrator to people or a whole team, or by a rule to everyone
who joins the organisation or a team that owns services; telling people, and reminding them
before the due date and once it has passed.

A person has at most one assignment of a course (and of a program): assigning again finds the
one there is and changes nothing. An assignment of something already completed is completed at
once, and nobody is told of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from inservice.catalog.models import Service
from inservice.learning import tasks
from inservice.learning.choices import Reason, Trigger
from inservice.learning.models.content import Course, Program
from inservice.learning.models.progress import (
    MAX_DUE_IN_DAYS,
    REMIND_DAYS_BEFORE,
    Assignment,
    AutoAssignment,
)
from inservice.learning.permissions import (
    can_assign_person,
    can_assign_team,
    can_end_rule,
    can_make_rule,
)
from inservice.learning.services._common import Problems, due_after, target_path
from inservice.learning.services.taking import completed_at, completed_by
from inservice.learning.standings import today_for
from inservice.lib.queries import unique
from inservice.lib.tasks import enqueue_on_commit
from inservice.notifications import services as notify
from inservice.notifications.choices import Kind
from inservice.org.models import Membership, Person, Team

LATEST_DUE_DAYS = 730  # a due date within two years


@dataclass(frozen=True)
class Assigned:
    made: list[Assignment]
    already: int  # people who had it assigned before


def _target_fields(target: Course | Program) -> dict[str, Course | Program]:
    return {"course": target} if isinstance(target, Course) else {"program": target}


def assign(
    actor: Person,
    target: Course | Program,
    *,
    due_on: date | None,
    people: Sequence[Person] = (),
    team: Team | None = None,
    at: datetime | None = None,
) -> Assigned:
    """Assigns a published course or program to people and/or every member of a team, due on
    a date. Leads assign to the teams they lead and their members; administrators to anyone.
    Those who have it already keep their assignment; each new one is told (after the commit)."""
    now = at or timezone.now()
    if team is not None and not can_assign_team(actor, team):
        raise PermissionDenied(_("Only the team's leads and administrators assign to it."))
    errors = _assign_problems(actor, target, due_on, people, team, now)
    if errors:
        raise ValidationError(errors)
    assert due_on is not None
    chosen = {p.pk: p for p in people}
    members: dict[int, Person] = {}
    if team is not None:
        members = {
            p.pk: p for p in Person.objects.active().filter(memberships__team=team).order_by("pk")
        }
    everyone = {**members, **chosen}
    with transaction.atomic():
        done = completed_by(list(everyone), target)
        had = set(
            Assignment.objects.filter(person_id__in=list(everyone), **_target_fields(target))
            .values_list("person_id", flat=True)
            .order_by()
        )
        rows = [
            Assignment(
                person=person,
                **_target_fields(target),
                due_on=due_on,
                reason=Reason.CHOSEN if pk in chosen else Reason.TEAM,
                team=None if pk in chosen else team,
                assigned_by=actor,
                created_at=now,
                completed_at=done.get(pk),
                reminded_soon_at=_soon_already(now, due_on, person),
            )
            for pk, person in sorted(everyone.items())
            if pk not in had
        ]
        made = Assignment.objects.bulk_create(rows)
        _tell_later([a.pk for a in made if a.completed_at is None])
    return Assigned(made=made, already=len(had))


def _assign_problems(
    actor: Person,
    target: Course | Program,
    due_on: date | None,
    people: Sequence[Person],
    team: Team | None,
    now: datetime,
) -> Problems:
    errors: Problems = {}
    if not target.published:
        errors["target"] = [_("Publish it before assigning it.")]
    if not people and team is None:
        errors["people"] = [_("Choose the people, or a team, to assign it to.")]
    outsiders = [p.name for p in people if not can_assign_person(actor, p)]
    if outsiders:
        errors["people"] = [
            _("You assign only to members of the teams you lead: %(name)s is not one.")
            % {"name": outsiders[0]}
        ]
    today = today_for(actor, now)
    if due_on is None:
        errors["due_on"] = [_("Choose the date it is due.")]
    elif due_on < today:
        errors["due_on"] = [_("Choose a due date from today on.")]
    elif due_on > today + timedelta(days=LATEST_DUE_DAYS):
        errors["due_on"] = [_("Choose a due date within two years.")]
    return errors


def _soon_already(now: datetime, due_on: date, person: Person) -> datetime | None:
    """Due within the reminder's window already: the assignment's own message says when, so
    no "due soon" reminder follows it."""
    if due_on <= today_for(person, now) + timedelta(days=REMIND_DAYS_BEFORE):
        return now
    return None


def _tell_later(assignment_ids: list[int]) -> None:
    if assignment_ids:
        enqueue_on_commit(tasks.tell_assigned, assignment_ids)


# -- rules ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleDraft:
    trigger: str
    target: Course | Program | None
    due_in_days: int | None
    team: Team | None = None  # joining this team; None: any team that owns services


def add_rule(actor: Person, draft: RuleDraft, *, at: datetime | None = None) -> AutoAssignment:
    """From now on, everyone who joins (the organisation, or a team) is assigned the course or
    program, due so many working days later. People already there are not assigned by it."""
    errors: Problems = {}
    if draft.trigger not in Trigger.values:
        errors["trigger"] = [_("Choose when it assigns: someone joins the organisation or a team.")]
    elif draft.trigger == Trigger.NEW_HIRE and draft.team is not None:
        errors["team"] = [_("A rule for new hires names no team.")]
    if draft.target is None:
        errors["target"] = [_("Choose the course or program it assigns.")]
    elif not draft.target.published:
        errors["target"] = [_("Publish it before a rule assigns it.")]
    if draft.due_in_days is None or not 1 <= draft.due_in_days <= MAX_DUE_IN_DAYS:
        errors["due_in_days"] = [
            _("Give the working days people have to complete it, from 1 to %(max)s.")
            % {"max": MAX_DUE_IN_DAYS}
        ]
    if errors:
        raise ValidationError(errors)
    assert draft.target is not None
    assert draft.due_in_days is not None
    if not can_make_rule(actor, draft.trigger, draft.team):
        raise PermissionDenied(_("Only administrators, and leads for their own team, make rules."))
    with transaction.atomic():
        same = AutoAssignment.objects.active().filter(
            trigger=draft.trigger, team=draft.team, **_target_fields(draft.target)
        )
        if same.exists():
            raise ValidationError(
                {"target": [_("An active rule already assigns it to the same people.")]}
            )
        return AutoAssignment.objects.create(
            trigger=draft.trigger,
            team=draft.team,
            due_in_days=draft.due_in_days,
            created_by=actor,
            created_at=at or timezone.now(),
            **_target_fields(draft.target),
        )


def end_rule(actor: Person, rule: AutoAssignment) -> None:
    """The rule assigns nobody from now on; what it assigned stays."""
    if not can_end_rule(actor, rule):
        raise PermissionDenied(_("Only who may make this rule ends it."))
    AutoAssignment.objects.filter(pk=rule.pk, ended_at__isnull=True).update(ended_at=timezone.now())


def assign_new_hire(person_id: int, *, at: datetime | None = None) -> int:
    """What the rules give someone who just joined: the new-hire rules, and the rules for the
    teams they joined with. Safe to run again. Returns the assignments made."""
    person = unique(Person.objects.select_related("team__calendar").filter(pk=person_id))
    if person is None or not person.is_active:
        return 0
    made = sum(_by_rule(rule, person, None, at) for rule in AutoAssignment.objects.for_new_hires())
    team_ids = Membership.objects.filter(person=person).values_list("team_id", flat=True)
    for team_id in list(team_ids.order_by("team_id")):
        made += assign_new_member(team_id, person_id, at=at)
    return made


def assign_new_member(team_id: int, person_id: int, *, at: datetime | None = None) -> int:
    """What the rules give a new member of a team: the rules for that team, and (when it owns
    services) those for any service team. Safe to run again."""
    membership = unique(
        Membership.objects.select_related("person__team__calendar", "team__calendar").filter(
            team_id=team_id, person_id=person_id, person__is_active=True
        )
    )
    if membership is None:
        return 0
    rules = list(AutoAssignment.objects.for_joining(team_id).select_related("course", "program"))
    if any(rule.team_id is None for rule in rules) and not _owns_services(team_id):
        rules = [rule for rule in rules if rule.team_id is not None]
    return sum(_by_rule(rule, membership.person, membership.team, at) for rule in rules)


def _owns_services(team_id: int) -> bool:
    return Service.objects.filter(team_id=team_id).exists()


def _by_rule(rule: AutoAssignment, person: Person, team: Team | None, at: datetime | None) -> int:
    target = rule.target
    if not target.published:
        return 0
    now = at or timezone.now()
    due_on = due_after(person, team, now, rule.due_in_days)
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                person=person,
                **_target_fields(target),
                due_on=due_on,
                reason=Reason.NEW_HIRE if rule.trigger == Trigger.NEW_HIRE else Reason.JOINED_TEAM,
                team=team,
                rule=rule,
                created_at=now,
                completed_at=completed_at(person, target),
                reminded_soon_at=_soon_already(now, due_on, person),
            )
    except IntegrityError:  # assigned already (by hand, by another rule, or a task run twice)
        return 0
    if assignment.completed_at is None:
        _tell_later([assignment.pk])
    return 1


# -- telling and reminding ------------------------------------------------------------------


def _open_assignment(assignment_id: int) -> Assignment | None:
    return unique(
        Assignment.objects.select_related("person", "course", "program").filter(
            pk=assignment_id, completed_at__isnull=True, person__is_active=True
        )
    )


def tell_assigned(assignment_id: int) -> bool:
    """Tells the person of a new assignment (in the app and by email, once: the event key);
    nothing when it has been completed meanwhile."""
    assignment = _open_assignment(assignment_id)
    if assignment is None:
        return False
    notify.notify_people(
        Kind.COURSE_ASSIGNED,
        [assignment.person],
        f"{Kind.COURSE_ASSIGNED.value}:{assignment.pk}",
        title=_("%(title)s, due %(date)s")
        % {"title": assignment.target.title, "date": date_format(assignment.due_on, "j M Y")},
        link=target_path(assignment.target),
    )
    return True


SOON, OVERDUE = "soon", "overdue"


def reminders_due(today: date) -> list[tuple[int, str]]:
    """(Assignment, which reminder) for every reminder due today, soonest due first."""
    soon = Assignment.objects.to_remind_soon(today).order_by("due_on", "pk")
    late = Assignment.objects.to_remind_overdue(today).order_by("due_on", "pk")
    return [(pk, SOON) for pk in soon.values_list("pk", flat=True)] + [
        (pk, OVERDUE) for pk in late.values_list("pk", flat=True)
    ]


def remind(assignment_id: int, which: str, today: date) -> bool:
    """A "due soon" (REMIND_DAYS_BEFORE days before) or "overdue" (once, the day after the due
    date) reminder, if it is still due: each is sent once (the row and the event key)."""
    with transaction.atomic():
        queryset = Assignment.objects.select_for_update().filter(pk=assignment_id)
        queryset = (
            queryset.to_remind_soon(today) if which == SOON else queryset.to_remind_overdue(today)
        )
        locked = unique(queryset)
        if locked is None:
            return False
        field = "reminded_soon_at" if which == SOON else "reminded_overdue_at"
        Assignment.objects.filter(pk=locked.pk).update(**{field: timezone.now()})
        assignment = _open_assignment(locked.pk)
        if assignment is None:
            return False
        target = assignment.target
        if which == SOON:
            title = _("%(title)s is due %(date)s") % {
                "title": target.title,
                "date": date_format(assignment.due_on, "j M Y"),
            }
        else:
            title = _("%(title)s was due %(date)s") % {
                "title": target.title,
                "date": date_format(assignment.due_on, "j M Y"),
            }
        notify.notify_people(
            Kind.COURSE_DUE,
            [assignment.person],
            f"{Kind.COURSE_DUE.value}:{assignment.pk}:{which}",
            title=title,
            link=target_path(target),
        )
    return True
