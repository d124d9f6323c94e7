"""Service levels in list templates: how a request stands, for the requester."""

from django import template
from django.utils import timezone

from inservice.sla.display import Standing, describe_ticket
from inservice.tickets.models import Ticket

register = template.Library()


@register.filter
def requester_standing(ticket: Ticket) -> Standing:
    """Time left on the request's nearest target, told to the requester ("answer due in …").

    Reads only the row's own columns and its team's calendar: list views select_related
    "team__calendar" so no row costs a query."""
    return describe_ticket(ticket, timezone.now(), requester=True)
