"""A service's stated targets in plain words."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from inservice.catalog.models import Service


def business_duration(minutes: int) -> str:
    if minutes % (60 * 8) == 0 and minutes >= 60 * 8:
        days = minutes // (60 * 8)
        return ngettext("%(n)s business day", "%(n)s business days", days) % {"n": days}
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(n)s business hour", "%(n)s business hours", hours) % {"n": hours}
    return ngettext("%(n)s business minute", "%(n)s business minutes", minutes) % {"n": minutes}


def describe_targets(service: Service) -> list[str]:
    lines = []
    if service.response_target_minutes:
        lines.append(
            _("First response within %(t)s")
            % {"t": business_duration(service.response_target_minutes)}
        )
    if service.resolution_target_minutes:
        lines.append(
            _("Resolved within %(t)s") % {"t": business_duration(service.resolution_target_minutes)}
        )
    return lines
