"""A team's reply templates (canned responses): kept by its leads, filled in for one request.

A template names what changes per request in braces: {requester_name}, {key}, {promised_time}.
Anything else in braces is refused when the template is saved, with the names it did not know,
so an agent never sends a reply with a "{requestor}" left in it. Filling replaces only those
three names, by plain substitution: a template is text, never format syntax or a Django template.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats
from django.utils.translation import gettext as _

from inservice.lib.timezones import zone_or_utc
from inservice.org.models import Person, Team
from inservice.org.permissions import can_manage_team
from inservice.sla.models import Promise
from inservice.tickets.models import ReplyTemplate, Ticket
from inservice.tickets.services._common import MAX_BODY

PLACEHOLDERS = ("requester_name", "key", "promised_time")
MAX_NAME = 80  # ReplyTemplate.name
# Anything short in braces on one line reads as a placeholder to whoever wrote it.
_BRACED = re.compile(r"\{([^{}\n]{1,60})\}")


def unknown_placeholders(body: str) -> list[str]:
    """The names in braces that are not placeholders, in the order written, each once."""
    found: list[str] = []
    for match in _BRACED.finditer(body):
        name = match.group(1).strip()
        if name not in PLACEHOLDERS and name not in found:
            found.append(name)
    return found


def template_problems(
    team: Team, name: str, body: str, editing: ReplyTemplate | None = None
) -> dict[str, list[str]]:
    """Every problem with a template, by field (empty when it can be saved)."""
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the template a name the team will recognise.")]
    elif len(name) > MAX_NAME:
        errors["name"] = [_("Keep the name under %(n)s characters.") % {"n": MAX_NAME}]
    else:
        same = ReplyTemplate.objects.filter(team=team, name__iexact=name)
        if editing is not None:
            same = same.exclude(pk=editing.pk)
        if same.exists():
            errors["name"] = [
                _("The team already has a template called “%(name)s”.") % {"name": name}
            ]
    if not body:
        errors["body"] = [_("Write the text of the reply.")]
    elif len(body) > MAX_BODY:
        errors["body"] = [_("Keep it under %(n)s characters.") % {"n": MAX_BODY}]
    else:
        unknown = unknown_placeholders(body)
        if unknown:
            errors["body"] = [
                _(
                    "Unknown placeholders: %(unknown)s. Use {requester_name}, {key} or "
                    "{promised_time}."
                )
                % {"unknown": ", ".join(f"{{{u}}}" for u in unknown)}
            ]
    return errors


def _check(actor: Person, team: Team) -> None:
    if not can_manage_team(actor, team):
        raise PermissionDenied(_("Only the team's leads manage its reply templates."))


def _save(template: ReplyTemplate, name: str, body: str) -> ReplyTemplate:
    problems = template_problems(
        template.team, name, body, editing=template if template.pk else None
    )
    if problems:
        raise ValidationError(problems)
    template.name, template.body = name, body
    try:
        with transaction.atomic():
            template.save()
    except IntegrityError as exc:  # the same name saved by someone else a moment ago
        raise ValidationError(
            {"name": _("The team already has a template called “%(name)s”.") % {"name": name}}
        ) from exc
    return template


def add_template(actor: Person, team: Team, name: str, body: str) -> ReplyTemplate:
    """A new reply template for `team`; its leads (and administrators) only."""
    _check(actor, team)
    return _save(ReplyTemplate(team=team, created_by=actor), name.strip(), body.strip())


def edit_template(actor: Person, template: ReplyTemplate, name: str, body: str) -> ReplyTemplate:
    _check(actor, template.team)
    return _save(template, name.strip(), body.strip())


def remove_template(actor: Person, template: ReplyTemplate) -> None:
    _check(actor, template.team)
    template.delete()


def fill_template(template: ReplyTemplate, ticket: Ticket) -> str:
    """The template's text for `ticket`: the requester's name, the key, and the open promise's
    time in the requester's own time zone (or "soon" when nothing is promised)."""
    values = {
        "requester_name": ticket.requester.name or ticket.requester.get_username(),
        "key": ticket.key,
        "promised_time": promised_time(ticket),
    }

    def put(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        return values.get(name, match.group(0))

    return _BRACED.sub(put, template.body)


def promised_time(ticket: Ticket) -> str:
    promised = (
        Promise.objects.open()
        .filter(ticket=ticket)
        .order_by("promised_for")
        .values_list("promised_for", flat=True)
        .first()
    )
    if promised is None:
        return _("soon")
    local = promised.astimezone(zone_or_utc(ticket.requester.time_zone))
    return formats.date_format(local, "j M Y, H:i T")
