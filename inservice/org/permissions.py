"""Who may do what in the directory."""

from django.http import Http404

from inservice.lib.queries import unique
from inservice.org.models import ImportJob, Person, Team


def is_member(person: Person, team: Team | int) -> bool:
    team_id = team if isinstance(team, int) else team.pk
    return team_id in person.team_ids()


def is_lead(person: Person, team: Team | int) -> bool:
    team_id = team if isinstance(team, int) else team.pk
    return team_id in person.lead_team_ids()


def can_manage_team(person: Person, team: Team) -> bool:
    """Leads manage their team's members, roles and services; administrators manage every team."""
    return person.is_superuser or is_lead(person, team)


def can_set_availability(actor: Person, person: Person) -> bool:
    """People set their own availability; a lead sets it for a member of a team they lead
    (someone off sick cannot), and administrators for anyone."""
    if actor.pk == person.pk or actor.is_superuser:
        return True
    return bool(actor.lead_team_ids() & person.team_ids())


def get_team(slug: str) -> Team:
    """The directory is open to everyone signed in: any team by slug, or 404."""
    team = unique(Team.objects.select_related("parent").filter(slug=slug))
    if team is None:
        raise Http404
    return team


def get_team_to_manage(person: Person, slug: str) -> Team:
    team = get_team(slug)
    if not can_manage_team(person, team):
        raise Http404
    return team


def get_member_to_manage(person: Person, slug: str, member_id: int) -> tuple[Team, Person]:
    """A team the person manages and one of its active members (with their delegate), or 404."""
    team = get_team_to_manage(person, slug)
    member = (
        Person.objects.select_related("delegate")
        .filter(pk=member_id, is_active=True, memberships__team=team)
        .first()
    )
    if member is None:
        raise Http404
    return team, member


def get_person(person_id: int) -> Person:
    found = Person.objects.with_card().filter(pk=person_id, is_active=True).first()
    if found is None:
        raise Http404
    return found


def get_import_job(person: Person, job_id: int) -> ImportJob:
    """CSV imports are the administrators' alone: anyone else gets 404, as for a missing job."""
    if not person.is_superuser:
        raise Http404
    job = ImportJob.objects.select_related("created_by").defer("content").filter(pk=job_id).first()
    if job is None:
        raise Http404
    return job
