"""Who sees and does what in learning. What a person may not see is a 404, as for something that
does not exist: pages, API, counts and emails alike.

- Published courses and programs are everyone's to read and take; drafts are seen only by those
  who may edit them: the leads of the owner team, and administrators.
- Leads assign to the teams they lead and to their members; administrators to anyone.
- Leads (and administrators) see completion for the teams they lead, per person.
- Automatic rules: administrators make rules for new hires and for joining any service team;
  a team's leads make rules for joining their own team.
- Quiz attempts are their taker's. Reflections are their author's alone: no lead, manager or
  administrator reads them anywhere.
"""

from __future__ import annotations

from django.http import Http404

from inservice.learning.choices import Trigger
from inservice.learning.models.content import Course, Module, Program
from inservice.learning.models.progress import AutoAssignment, QuizAttempt
from inservice.learning.models.reflection import Reflection
from inservice.lib.queries import unique
from inservice.org.models import Membership, Person, Team
from inservice.org.permissions import get_team


def can_author(person: Person, team: Team | int) -> bool:
    """Writes the team's courses and programs."""
    team_id = team if isinstance(team, int) else team.pk
    return person.is_superuser or team_id in person.lead_team_ids()


def can_edit(person: Person, content: Course | Program) -> bool:
    return can_author(person, content.owner_team_id)


def can_view(person: Person, content: Course | Program) -> bool:
    return content.published or can_edit(person, content)


def may_author_anything(person: Person) -> bool:
    return person.is_superuser or bool(person.lead_team_ids())


def can_assign_team(person: Person, team: Team | int) -> bool:
    team_id = team if isinstance(team, int) else team.pk
    return person.is_superuser or team_id in person.lead_team_ids()


def can_assign_person(actor: Person, person: Person) -> bool:
    """Administrators assign to anyone; a lead to the members of the teams they lead."""
    if actor.is_superuser:
        return True
    leads = actor.lead_team_ids()
    return bool(leads) and Membership.objects.filter(person=person, team_id__in=leads).exists()


def may_assign(person: Person) -> bool:
    return person.is_superuser or bool(person.lead_team_ids())


def can_see_team(person: Person, team: Team | int) -> bool:
    """A team's completion, person by person: its leads and administrators."""
    return can_assign_team(person, team)


def can_make_rule(person: Person, trigger: str, team: Team | int | None) -> bool:
    if person.is_superuser:
        return True
    if trigger != Trigger.JOINED_TEAM or team is None:
        return False
    team_id = team if isinstance(team, int) else team.pk
    return team_id in person.lead_team_ids()


def can_end_rule(person: Person, rule: AutoAssignment) -> bool:
    return can_make_rule(person, rule.trigger, rule.team_id)


# -- fetchers -------------------------------------------------------------------------------


def get_course_for_user(person: Person, course_id: int) -> Course:
    course = unique(Course.objects.select_related("owner_team").filter(pk=course_id))
    if course is None or not can_view(person, course):
        raise Http404
    return course


def get_course_to_edit(person: Person, course_id: int) -> Course:
    course = get_course_for_user(person, course_id)
    if not can_edit(person, course):
        raise Http404
    return course


def get_module_for_user(person: Person, module_id: int) -> Module:
    module = unique(Module.objects.select_related("course__owner_team").filter(pk=module_id))
    if module is None or not can_view(person, module.course):
        raise Http404
    return module


def get_module_to_edit(person: Person, module_id: int) -> Module:
    module = get_module_for_user(person, module_id)
    if not can_edit(person, module.course):
        raise Http404
    return module


def get_program_for_user(person: Person, program_id: int) -> Program:
    program = unique(Program.objects.select_related("owner_team").filter(pk=program_id))
    if program is None or not can_view(person, program):
        raise Http404
    return program


def get_program_to_edit(person: Person, program_id: int) -> Program:
    program = get_program_for_user(person, program_id)
    if not can_edit(person, program):
        raise Http404
    return program


def get_attempt_for_user(person: Person, attempt_id: int) -> QuizAttempt:
    """One's own attempt (and its module); anyone else's is a 404."""
    attempt = unique(
        QuizAttempt.objects.select_related("module__course__owner_team").filter(
            pk=attempt_id, person=person
        )
    )
    if attempt is None:
        raise Http404
    return attempt


def get_reflection_for_user(person: Person, reflection_id: int) -> Reflection:
    """One's own reflection; nobody else's, whoever asks."""
    reflection = unique(Reflection.objects.filter(pk=reflection_id, person=person))
    if reflection is None:
        raise Http404
    return reflection


def get_team_to_see(person: Person, slug: str) -> Team:
    team = get_team(slug)
    if not can_see_team(person, team):
        raise Http404
    return team


def get_rule_to_end(person: Person, rule_id: int) -> AutoAssignment:
    rule = unique(
        AutoAssignment.objects.select_related("course", "program", "team").filter(
            pk=rule_id, ended_at__isnull=True
        )
    )
    if rule is None or not can_end_rule(person, rule):
        raise Http404
    return rule


def can_follow_person(viewer: Person, person: Person) -> bool:
    """Someone's assignments are seen by themselves, the leads of their teams, and
    administrators (the person page asks before loading the block)."""
    return person.pk == viewer.pk or can_assign_person(viewer, person)


def get_person_to_follow(viewer: Person, person_id: int) -> Person:
    person = unique(Person.objects.filter(pk=person_id, is_active=True))
    if person is None or not can_follow_person(viewer, person):
        raise Http404
    return person
