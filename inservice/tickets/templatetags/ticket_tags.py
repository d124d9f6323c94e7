from django import template

from inservice.tickets.choices import Priority, Status
from inservice.tickets.queue import shown_count

register = template.Library()


@register.filter
def status_label(value: str) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return value


@register.filter
def priority_label(value: int) -> str:
    try:
        return str(Priority(int(value)).label)
    except (TypeError, ValueError):
        return str(value)


@register.filter
def view_count(value: int) -> str:
    """A saved view's count as shown: exact up to the cap, then "1,000+"."""
    return shown_count(int(value))
