"""Assigning a course or program (leads to their teams and members, administrators to anyone),
the automatic assignment rules, and a team's completion person by person (its leads and
administrators: the block on the team's page and the full report)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inservice.learning import services
from inservice.learning.choices import Trigger
from inservice.learning.forms import AssignForm, RuleForm
from inservice.learning.models.content import Course, Program
from inservice.learning.models.progress import AutoAssignment
from inservice.learning.permissions import (
    can_end_rule,
    get_course_for_user,
    get_program_for_user,
    get_rule_to_end,
    get_team_to_see,
    may_assign,
)
from inservice.learning.standings import team_summary, today_for
from inservice.lib.forms import add_refusal
from inservice.lib.queries import unique
from inservice.lib.requests import person_of
from inservice.org.models import Person, Team

DEFAULT_DUE_DAYS = 30
BLOCK_ROWS = 5


def _lead_teams(person: Person) -> QuerySet[Team]:
    teams = Team.objects.order_by("name")
    return teams if person.is_superuser else teams.filter(pk__in=person.lead_team_ids())


# -- assigning ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def course_assign(request: HttpRequest, course_id: int) -> HttpResponse:
    person = person_of(request)
    return _assign(request, person, get_course_for_user(person, course_id))


@require_http_methods(["GET", "POST"])
def program_assign(request: HttpRequest, program_id: int) -> HttpResponse:
    person = person_of(request)
    return _assign(request, person, get_program_for_user(person, program_id))


def _assign(request: HttpRequest, person: Person, target: Course | Program) -> HttpResponse:
    """To a whole team and/or people by name, due on a date. Those who have it keep theirs."""
    if not target.published or not may_assign(person):
        raise Http404
    teams = _lead_teams(person)
    initial = {
        "due_on": today_for(person) + timedelta(days=DEFAULT_DUE_DAYS),
        "team": request.GET.get("team", ""),
    }
    if request.method == "POST":
        form = AssignForm(request.POST, teams=teams)
        if form.is_valid():
            data = form.cleaned_data
            try:
                assigned = services.assign(
                    person,
                    target,
                    due_on=data["due_on"],
                    people=data["people"],
                    team=data["team"],
                )
            except ValidationError as exc:
                add_refusal(form, exc)
            except PermissionDenied as exc:
                raise Http404 from exc
            else:
                messages.success(request, _said(len(assigned.made), assigned.already))
                return HttpResponseRedirect(services.target_path(target), status=303)
        status = 422
    else:
        form, status = AssignForm(initial=initial, teams=teams), 200
    context = {
        "target": target,
        "is_course": isinstance(target, Course),
        "form": form,
        "nav": "learning",
    }
    return render(request, "learning/assign.html", context, status=status)


def _said(made: int, already: int) -> str:
    text = ngettext("Assigned to %(n)s person.", "Assigned to %(n)s people.", made) % {"n": made}
    if already:
        text += " " + ngettext("%(n)s already had it.", "%(n)s already had it.", already) % {
            "n": already
        }
    return text


# -- rules ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def rule_list(request: HttpRequest) -> HttpResponse:
    """The active rules, and a form for a new one: administrators for new hires and any
    service team, leads for joining their own team."""
    person = person_of(request)
    if not may_assign(person):
        raise Http404
    options: dict[str, Any] = {
        "courses": list(Course.objects.published().order_by("title").only("title")),
        "programs": list(Program.objects.filter(published=True).order_by("title").only("title")),
        "teams": _lead_teams(person),
    }
    status = 200
    if request.method == "POST":
        form = RuleForm(request.POST, **options)
        if form.is_valid():
            data = form.cleaned_data
            draft = services.RuleDraft(
                trigger=data["trigger"],
                target=_target(data["target"]),
                due_in_days=data["due_in_days"],
                team=data["team"] if data["trigger"] == Trigger.JOINED_TEAM else None,
            )
            try:
                services.add_rule(person, draft)
            except ValidationError as exc:
                add_refusal(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request, _("Rule added: it assigns everyone who joins from now on.")
                )
                return HttpResponseRedirect(reverse("learning:rule_list"), status=303)
        status = 422
    else:
        initial = {"trigger": Trigger.JOINED_TEAM if not person.is_superuser else Trigger.NEW_HIRE}
        form = RuleForm(initial=initial, **options)
    rules = list(
        AutoAssignment.objects.active()
        .select_related("course", "program", "team", "created_by")
        .order_by("trigger", "created_at", "pk")
    )
    context = {
        "rules": [(rule, can_end_rule(person, rule)) for rule in rules],
        "form": form,
        "nav": "learning",
    }
    return render(request, "learning/rules.html", context, status=status)


def _target(value: str) -> Course | Program | None:
    kind, _sep, pk = value.partition(":")
    if not pk.isdigit():
        return None
    if kind == "course":
        return unique(Course.objects.filter(pk=int(pk)))
    if kind == "program":
        return unique(Program.objects.filter(pk=int(pk)))
    return None


@require_POST
def rule_end(request: HttpRequest, rule_id: int) -> HttpResponse:
    person = person_of(request)
    rule = get_rule_to_end(person, rule_id)
    services.end_rule(person, rule)
    messages.success(request, _("Rule ended: what it assigned stays."))
    return HttpResponseRedirect(reverse("learning:rule_list"), status=303)


# -- a team's completion --------------------------------------------------------------------


@require_GET
def team_block(request: HttpRequest, slug: str) -> HttpResponse:
    """The learning block on a team's page (loaded after it), for its leads and administrators:
    assignments done and overdue, and who is most behind."""
    person = person_of(request)
    team = get_team_to_see(person, slug)
    summary = team_summary(team, today_for(person))
    context = {
        "team": team,
        "summary": summary,
        "behind": [r for r in summary.rows if r.overdue][:BLOCK_ROWS],
    }
    return render(request, "learning/partials/team_block.html", context)


@require_GET
def team_report(request: HttpRequest, slug: str) -> HttpResponse:
    """Every member of the team: assigned, done, overdue."""
    person = person_of(request)
    team = get_team_to_see(person, slug)
    context = {
        "team": team,
        "summary": team_summary(team, today_for(person)),
        "nav": "learning",
    }
    return render(request, "learning/team.html", context)
