"""A team's business calendar page: which calendar the team works by, its weekly hours, time
zone and public holidays, its closures, and a preview of the coming week's working time.

A calendar may be shared by several teams: editing it changes it for all of them, and the page
says which. Times on this page are the calendar's own wall-clock times (labelled with its zone):
working hours are defined in it, and a closure "from 12:00" means noon at the office.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inservice.lib.htmx import is_fragment, triggered
from inservice.lib.requests import person_of
from inservice.org import services as org
from inservice.org.models import Team
from inservice.org.permissions import get_team_to_manage
from inservice.sla import services
from inservice.sla.forms import CalendarSettingsForm, ChooseCalendarForm, ClosureForm
from inservice.sla.models import Calendar, Closure
from inservice.sla.views import hours
from inservice.sla.views.preview import week_ahead

HOURS_CHANGED = "calendar-hours-changed"
CLOSURES_CHANGED = "calendar-closures-changed"
PARTIALS = {
    "choose": "sla/partials/calendar_choose.html",
    "hours": "sla/partials/calendar_hours.html",
    "closures": "sla/partials/calendar_closures.html",
    "preview": "sla/partials/calendar_preview.html",
}


def _calendar_of(team: Team) -> Calendar | None:
    """The team's calendar with its rows (the preview's business-time table reuses them)."""
    if team.calendar_id is None:
        return None
    return (
        Calendar.objects.prefetch_related("intervals", "closures")
        .filter(pk=team.calendar_id)
        .first()
    )


def _settings_initial(calendar: Calendar) -> dict[str, Any]:
    return {
        "name": calendar.name,
        "time_zone": calendar.time_zone,
        "country": calendar.country,
        "subdivision": calendar.subdivision,
    }


def choose_section(team: Team, form: ChooseCalendarForm | None = None) -> dict[str, Any]:
    return {"choose_form": form or ChooseCalendarForm(initial={"calendar": team.calendar_id})}


def hours_section(
    team: Team, calendar: Calendar | None, edited: dict[str, Any] | None = None
) -> dict[str, Any]:
    context: dict[str, Any] = {"calendar": calendar, "hours_mode": "edit"}
    if calendar is None:
        return context
    context["shared_with"] = list(
        Team.objects.filter(calendar=calendar).exclude(pk=team.pk).order_by("name")
    )
    if edited is None:
        settings = CalendarSettingsForm(initial=_settings_initial(calendar))
        edited = hours.section(hours.saved_rows(calendar), settings)
    return {**context, **edited}


def closures_section(calendar: Calendar | None, form: ClosureForm | None = None) -> dict[str, Any]:
    if calendar is None:
        return {"closures": [], "past_closures": 0}
    now, zone = timezone.now(), ZoneInfo(calendar.time_zone)
    today = now.astimezone(zone).date()
    upcoming, past = [], 0
    for closure in calendar.closures.all():
        if (closure.on_date and closure.on_date >= today) or (
            closure.ends_at and closure.ends_at > now
        ):
            upcoming.append(closure)
        else:
            past += 1
    upcoming.sort(key=lambda c: c.on_date or (c.starts_at or now).astimezone(zone).date())
    return {
        "closures": upcoming,
        "past_closures": past,
        "closure_form": form or ClosureForm(),
    }


def _page_context(
    team: Team, calendar: Calendar | None, **sections: dict[str, Any] | None
) -> dict[str, Any]:
    builders: dict[str, Callable[[], dict[str, Any]]] = {
        "choose": lambda: choose_section(team),
        "hours": lambda: hours_section(team, calendar),
        "closures": lambda: closures_section(calendar),
        "preview": lambda: {"preview": week_ahead(calendar, timezone.now())},
    }
    context: dict[str, Any] = {"team": team, "calendar": calendar, "nav": "directory"}
    for name, build in builders.items():
        given = sections.get(name)
        context.update(given if given is not None else build())
    return context


def _answer(
    request: HttpRequest,
    team: Team,
    calendar: Calendar | None,
    status: int = 200,
    **sections: dict[str, Any],
) -> HttpResponse:
    """The one section asked about for htmx, the whole page otherwise."""
    if is_fragment(request) and len(sections) == 1:
        (name, section), *_rest = sections.items()
        context = {"team": team, "calendar": calendar, "fragment": True, **section}
        return render(request, PARTIALS[name], context, status=status)
    context = _page_context(team, calendar, **sections)
    return render(request, "sla/calendar.html", context, status=status)


def _page_url(team: Team, anchor: str = "") -> str:
    return reverse("sla:calendar", args=[team.slug]) + anchor


def _changed(request: HttpRequest, team: Team, event: str, anchor: str) -> HttpResponse:
    if is_fragment(request):
        return triggered(event)
    return HttpResponseRedirect(_page_url(team, anchor), status=303)


def _reload(request: HttpRequest, team: Team) -> HttpResponse:
    """Every section changed (another calendar): the whole page again."""
    if is_fragment(request):
        return triggered("calendar-chosen", redirect=_page_url(team))
    return HttpResponseRedirect(_page_url(team), status=303)


@require_GET
def calendar(request: HttpRequest, slug: str) -> HttpResponse:
    team = get_team_to_manage(person_of(request), slug)
    return render(request, "sla/calendar.html", _page_context(team, _calendar_of(team)))


@require_POST
def choose(request: HttpRequest, slug: str) -> HttpResponse:
    team = get_team_to_manage(person_of(request), slug)
    form = ChooseCalendarForm(request.POST)
    if not form.is_valid():
        return _answer(request, team, _calendar_of(team), 422, choose=choose_section(team, form))
    chosen: Calendar | None = form.cleaned_data["calendar"]
    org.set_calendar(team, chosen)
    if chosen is None:
        message = _("%(team)s works Monday to Friday, 09:00-17:00 UTC from now on.")
    else:
        message = _("%(team)s works by “%(calendar)s” from now on.")
    messages.success(request, message % {"team": team.name, "calendar": chosen})
    return _reload(request, team)


@require_http_methods(["GET", "POST"])
def new_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """A new calendar for the team, starting from a copy of the hours it works now."""
    actor = person_of(request)
    team = get_team_to_manage(actor, slug)
    current = _calendar_of(team)
    status = 200
    if request.method == "GET":
        initial = _settings_initial(current) if current else {"time_zone": actor.time_zone}
        initial["name"] = ""
        edited = hours.section(hours.saved_rows(current), CalendarSettingsForm(initial=initial))
    else:
        settings = CalendarSettingsForm(request.POST)
        checked = hours.check(request.POST, settings)
        edited, status = checked.context, checked.status
        if checked.values is not None:
            try:
                created = services.create_team_calendar(team, **checked.values)
            except ValidationError as exc:
                edited = {**edited, "hours_error": hours.place_errors(settings, exc)}
                edited["hours_invalid"], status = True, 422
            else:
                messages.success(
                    request,
                    _("“%(calendar)s” is created, and %(team)s works by it from now on.")
                    % {"calendar": created.name, "team": team.name},
                )
                return _reload(request, team)
    context = {"team": team, "calendar": None, "hours_mode": "new", **edited}
    if is_fragment(request):
        return render(request, PARTIALS["hours"], {**context, "fragment": True}, status=status)
    return render(request, "sla/calendar_new.html", {**context, "nav": "directory"}, status=status)


@require_http_methods(["GET", "POST"])
def calendar_hours(request: HttpRequest, slug: str) -> HttpResponse:
    """The calendar editor (GET); add or remove an interval, or save the calendar (POST, `op`)."""
    team = get_team_to_manage(person_of(request), slug)
    current = _calendar_of(team)
    if request.method == "GET":
        return _answer(request, team, current, hours=hours_section(team, current))
    if current is None:
        raise Http404  # nothing to edit: the team works by the default hours
    settings = CalendarSettingsForm(request.POST)
    checked = hours.check(request.POST, settings)
    if checked.values is None:
        section = hours_section(team, current, checked.context)
        return _answer(request, team, current, checked.status, hours=section)
    try:
        services.save_calendar(current, **checked.values)
    except ValidationError as exc:
        edited = {**checked.context, "hours_error": hours.place_errors(settings, exc)}
        edited["hours_invalid"] = True
        current = _calendar_of(team)  # save_calendar may have set refused values on our copy
        return _answer(request, team, current, 422, hours=hours_section(team, current, edited))
    messages.success(request, _("The calendar is saved."))
    return _changed(request, team, HOURS_CHANGED, "#calendar-hours")


def _closure(calendar: Calendar | None, closure_id: int) -> Closure:
    found = calendar.closures.filter(pk=closure_id).first() if calendar is not None else None
    if found is None:
        raise Http404
    return found


@require_http_methods(["GET", "POST"])
def closures(request: HttpRequest, slug: str) -> HttpResponse:
    """The closures section (GET), or adding a closure (POST)."""
    team = get_team_to_manage(person_of(request), slug)
    current = _calendar_of(team)
    if request.method == "GET":
        return _answer(request, team, current, closures=closures_section(current))
    if current is None:
        raise Http404
    form = ClosureForm(request.POST)
    # The times typed are the calendar's wall-clock times.
    with timezone.override(ZoneInfo(current.time_zone)):
        valid = form.is_valid()
    if valid:
        data = form.cleaned_data
        try:
            services.add_closure(
                current,
                on_date=data["on_date"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, _("The closure is added."))
            return _changed(request, team, CLOSURES_CHANGED, "#calendar-closures")
    return _answer(request, team, current, 422, closures=closures_section(current, form))


@require_POST
def closure_remove(request: HttpRequest, slug: str, closure_id: int) -> HttpResponse:
    team = get_team_to_manage(person_of(request), slug)
    current = _calendar_of(team)
    found = _closure(current, closure_id)
    assert current is not None  # _closure found it in this calendar
    services.remove_closure(current, found.pk)
    messages.success(request, _("The closure is removed."))
    return _changed(request, team, CLOSURES_CHANGED, "#calendar-closures")


@require_GET
def preview(request: HttpRequest, slug: str) -> HttpResponse:
    team = get_team_to_manage(person_of(request), slug)
    current = _calendar_of(team)
    return _answer(request, team, current, preview={"preview": week_ahead(current, timezone.now())})
