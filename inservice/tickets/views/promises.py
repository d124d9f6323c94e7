"""Promises on the request page (acknowledge, renegotiate) and the promise-kept rates shown on
the team page and on a member's profile. Every change goes through sla.services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from inservice.lib.htmx import is_fragment
from inservice.lib.requests import person_of
from inservice.org.models import Membership, Person
from inservice.org.permissions import can_manage_team, get_person, get_team
from inservice.sla import services as sla
from inservice.sla.choices import PromiseStep
from inservice.sla.services.promises import MAX_MESSAGE, MAX_REASON
from inservice.tickets.choices import Status
from inservice.tickets.lifecycle import IllegalTransition
from inservice.tickets.models import Ticket
from inservice.tickets.permissions import get_ticket_for_user
from inservice.tickets.views.responses import back_to_ticket, form_problems, refused

PERIODS = (30, 90)  # days shown on the team page and the profile
TIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class AcknowledgeForm(forms.Form):
    promised_for = forms.DateTimeField(
        label=gettext_lazy("We will get back by"),
        widget=TIME_INPUT,
        help_text=gettext_lazy("In your time zone; the requester reads it in theirs."),
    )
    step = forms.ChoiceField(label=gettext_lazy("With"), choices=PromiseStep.choices)
    message = forms.CharField(
        label=gettext_lazy("Message to the requester"),
        required=False,
        max_length=MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class RenegotiateForm(forms.Form):
    promised_for = forms.DateTimeField(label=gettext_lazy("New time"), widget=TIME_INPUT)
    reason = forms.CharField(
        label=gettext_lazy("Why the time changes"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("The requester reads this."),
    )


def promise_context(person: Person, ticket: Ticket, agent: bool) -> dict[str, Any]:
    """What the request page shows of promises: the standing one, and the team's forms."""
    standing = sla.standing_promise(ticket) if ticket.is_open else None
    context: dict[str, Any] = {"promise": standing}
    if not agent or not ticket.is_open:
        return context
    if ticket.status == Status.NEW or standing is None:
        suggestion = sla.suggest(ticket, timezone.now())
        context["ack_form"] = AcknowledgeForm(
            prefix="ack",
            initial={
                "promised_for": suggestion.promised_for,
                "step": suggestion.step,
                "version": ticket.version,
            },
        )
    else:
        context["renegotiate_form"] = RenegotiateForm(prefix="promise")
    return context


@require_POST
def acknowledge(request: HttpRequest, key: str) -> HttpResponse:
    person = person_of(request)
    ticket = get_ticket_for_user(person, key)
    form = AcknowledgeForm(request.POST, prefix="ack")
    if form.is_valid():
        data = form.cleaned_data
        try:
            sla.acknowledge(
                person,
                ticket,
                data["promised_for"],
                data["step"],
                data["message"],
                version=data["version"],
            )
        except (ValidationError, IllegalTransition, PermissionDenied) as exc:
            _add_problems(form, exc)
        else:
            return back_to_ticket(request, ticket)
    return _again(request, ticket, form, "tickets/partials/promise_form.html", {"ack_form": form})


@require_POST
def renegotiate(request: HttpRequest, key: str) -> HttpResponse:
    person = person_of(request)
    ticket = get_ticket_for_user(person, key)
    form = RenegotiateForm(request.POST, prefix="promise")
    if form.is_valid():
        data = form.cleaned_data
        try:
            sla.renegotiate(person, ticket, data["promised_for"], data["reason"])
        except (ValidationError, PermissionDenied) as exc:
            _add_problems(form, exc)
        else:
            return back_to_ticket(request, ticket)
    context = {"renegotiate_form": form, "promise": sla.standing_promise(ticket)}
    return _again(request, ticket, form, "tickets/partials/promise_renegotiate.html", context)


def _add_problems(
    form: forms.Form, exc: ValidationError | IllegalTransition | PermissionDenied
) -> None:
    """A service's refusal shown on the form: at its field when it names one of the form's."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            field = name if name in form.fields else None
            for error in errors:
                form.add_error(field, error.messages)
    elif isinstance(exc, ValidationError):
        form.add_error(None, exc.messages)
    elif isinstance(exc, IllegalTransition):
        form.add_error(None, exc.message)
    else:
        form.add_error(None, str(exc) or _("You may not do this."))


def _again(
    request: HttpRequest,
    ticket: Ticket,
    form: forms.Form,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """The form with its problems (422) for htmx; the page with the messages otherwise."""
    if is_fragment(request):
        return render(request, template, {"ticket": ticket, **context}, status=422)
    return refused(request, ticket, form_problems(form.errors))


# -- the promise-kept rate -----------------------------------------------------------------------


@require_GET
def team_rates(request: HttpRequest, slug: str) -> HttpResponse:
    """The team's promise-kept rate over the last 30 and 90 days (everyone may see the team's);
    its leads also see each member's."""
    person = person_of(request)
    team = get_team(slug)
    now = timezone.now()
    periods = [(days, now - timedelta(days=days)) for days in PERIODS]
    context: dict[str, Any] = {
        "team": team,
        "periods": [(days, sla.promise_record(since, now, team=team)) for days, since in periods],
    }
    if can_manage_team(person, team):
        by_period = [sla.promise_records_by_person(team, since, now) for _, since in periods]
        members = Membership.objects.filter(team=team).select_related("person")
        context["members"] = [
            (
                m.person,
                [
                    (days, records.get(m.person_id))
                    for days, records in zip(PERIODS, by_period, strict=True)
                ],
            )
            for m in members.order_by("person__name")
        ]
    return render(request, "tickets/partials/promise_rates.html", context)


@require_GET
def person_rates(request: HttpRequest, person_id: int) -> HttpResponse:
    """A member's promise-kept rate, for the leads of their teams (and for themselves)."""
    viewer = person_of(request)
    member = get_person(person_id)
    if not _may_see_rate(viewer, member):
        # The profile is open to everyone and loads this block for every viewer: to anyone but
        # the member and their leads there is simply nothing to show.
        return HttpResponse(status=204)
    now = timezone.now()
    periods = [
        (days, sla.promise_record(now - timedelta(days=days), now, person=member))
        for days in PERIODS
    ]
    context = {"member": member, "periods": periods}
    return render(request, "tickets/partials/promise_rates_person.html", context)


def _may_see_rate(viewer: Person, member: Person) -> bool:
    if viewer.pk == member.pk or viewer.is_superuser:
        return True
    return bool(viewer.lead_team_ids() & member.team_ids())
