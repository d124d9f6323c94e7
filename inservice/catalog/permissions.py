"""Who may see, ask for and manage a service."""

from django.http import Http404

from inservice.catalog.choices import Audience
from inservice.catalog.models import Service
from inservice.lib.queries import unique
from inservice.org.choices import EmploymentType
from inservice.org.models import Person
from inservice.org.permissions import can_manage_team, is_member


def can_ask(person: Person, service: Service) -> bool:
    """The service's audience rule, as ServiceQuerySet.offered_to writes it in SQL."""
    if not (service.is_active and person.is_active):
        return False
    if service.audience == Audience.EVERYONE:
        return True
    if service.audience == Audience.EMPLOYEES:
        return person.employment_type == EmploymentType.EMPLOYEE
    named = set(service.audience_teams.values_list("id", flat=True))
    return bool(named & person.audience_team_ids())


def can_view_service(person: Person, service: Service) -> bool:
    """The catalog shows a service to its audience; its own team and admins always see it."""
    return person.is_superuser or is_member(person, service.team_id) or can_ask(person, service)


def can_manage_service(person: Person, service: Service) -> bool:
    return can_manage_team(person, service.team)


def get_service_for_user(person: Person, slug: str) -> Service:
    service = unique(
        Service.objects.select_related("team__parent", "team__calendar", "accountable").filter(
            slug=slug
        )
    )
    if service is None or not can_view_service(person, service):
        raise Http404
    return service


def get_service_to_manage(person: Person, slug: str) -> Service:
    service = get_service_for_user(person, slug)
    if not can_manage_service(person, service):
        raise Http404
    return service
