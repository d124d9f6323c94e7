"""Asking through the API: the JSON body checked by the very same code as the portal's form.

The answers go through catalog.intake.json_to_form_data (JSON types) and then IntakeForm (every
rule of the service's form); on-behalf-of and watchers through the portal's own person fields.
Every failing field is reported at once, each at its path in the body, and nothing is created.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from inservice.catalog.intake import IntakeForm, json_to_form_data
from inservice.catalog.models import FormField, Service
from inservice.catalog.permissions import can_ask, can_view_service
from inservice.lib.api import django_problems, form_problems, problem, service_call, unprocessable
from inservice.lib.queries import unique
from inservice.org.fields import PeopleField, PersonField
from inservice.org.models import Person
from inservice.tickets import services
from inservice.tickets.choices import Channel
from inservice.tickets.models import Ticket
from inservice.tickets.schemas import RequestIn

Problems = list[dict[str, Any]]


def ask(person: Person, payload: RequestIn) -> Ticket:
    """Opens the request described by `payload`, or raises a 422 naming every failing field."""
    service = _service(person, payload.service)
    problems: Problems = []
    requester = _person(payload.on_behalf_of, problems)
    watchers = _people(payload.watchers, problems)
    intake = _intake(list(service.fields.all()), payload.answers, problems)
    if problems:
        raise unprocessable(problems)
    new = services.NewRequest(
        service=service,
        subject=payload.subject,
        description=payload.description,
        answers=intake.cleaned_answers(),
        uploads=intake.uploads(),
        requester=requester,
        watchers=watchers,
        channel=Channel.API,
    )
    with service_call({"requester": ("body", "on_behalf_of")}):
        return services.open_ticket(person, new)


def _service(person: Person, slug: str) -> Service:
    loc = ("body", "service")
    service = unique(Service.objects.select_related("team__calendar").filter(slug=slug))
    if service is not None and can_ask(person, service):
        return service
    if service is None or not can_view_service(person, service):
        # Unknown and invisible read the same: the caller is not told what they may not see.
        message = _("No service “%(slug)s” is offered to you.") % {"slug": slug}
        raise unprocessable([problem(loc, message, "not_found")])
    raise unprocessable([problem(loc, _("You cannot ask for this service."), "not_offered")])


def _person(name: str | None, problems: Problems) -> Person | None:
    try:
        return PersonField(required=False).clean(name or "")
    except ValidationError as exc:
        problems.extend(django_problems(exc, prefix=("body", "on_behalf_of")))
        return None


def _people(names: Sequence[str], problems: Problems) -> list[Person]:
    try:
        # The portal's field reads names separated by commas; ids, emails and usernames hold none.
        return PeopleField(required=False).clean(", ".join(names))
    except ValidationError as exc:
        problems.extend(django_problems(exc, prefix=("body", "watchers")))
        return []


def _intake(specs: list[FormField], answers: dict[str, Any], problems: Problems) -> IntakeForm:
    given = json_to_form_data(specs, answers)
    keys = {s.key for s in specs}
    for key, message in given.errors.items():
        kind = "wrong_type" if key in keys else "extra_forbidden"
        problems.append(problem(("body", "answers", key), message, kind))
    form = IntakeForm(specs, given.data, given.files)
    if not form.is_valid():
        # A field whose JSON type was wrong never reached the form: its type error is the news.
        problems.extend(form_problems(form, ("body", "answers"), skip=given.errors))
    return form
