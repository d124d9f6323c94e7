"""The bell, the notification list and per-person preferences."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from inservice.lib.htmx import is_fragment, is_htmx, triggered
from inservice.lib.requests import person_of
from inservice.notifications import services
from inservice.notifications.choices import Channel, DigestFrequency, Kind
from inservice.notifications.digests import frequency_of
from inservice.notifications.models import Notification, Preference
from inservice.org.models import Person

PAGE_SIZE = 30


@require_GET
def bell(request: HttpRequest) -> HttpResponse:
    count = Notification.objects.for_person(person_of(request)).unread().count()
    return render(request, "notifications/partials/bell.html", {"count": count})


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    notifications = (
        Notification.objects.for_person(person)
        .with_ticket_visibility(person)
        .select_related("ticket", "actor")
        .order_by("-created_at", "-id")
    )
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "notifications": page.object_list}
    template = (
        "notifications/partials/list.html" if is_fragment(request) else "notifications/list.html"
    )
    return render(request, template, context)


@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    services.mark_read(person, ids or None)
    if is_htmx(request):
        return triggered("notifications-read")
    return HttpResponseRedirect(reverse("notifications:list"), status=303)


def preferences(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    digest = request.POST.get("digest")
    # Checked before anything is saved: a refused choice changes none of the switches either.
    problem = services.digest_problem(digest) if digest is not None else ""
    if request.method == "POST" and problem:
        return _preferences_page(request, person, digest or "", problem, status=422)
    if request.method == "POST":
        choices = {
            (kind.value, channel.value): f"{kind.value}:{channel.value}" in request.POST
            for kind in Kind
            for channel in Channel
        }
        services.set_preferences(person, choices)
        if digest is not None:
            services.set_digest_frequency(person, digest)
        messages.success(request, _("Your notification settings are saved."))
        return HttpResponseRedirect(reverse("notifications:preferences"), status=303)
    return _preferences_page(request, person, frequency_of(person))


def _preferences_page(
    request: HttpRequest, person: Person, digest: str, error: str = "", status: int = 200
) -> HttpResponse:
    off = set(
        Preference.objects.filter(person=person, enabled=False).values_list("kind", "channel")
    )
    rows = [
        (
            kind,
            [
                (channel, f"{kind.value}:{channel.value}", (kind.value, channel.value) not in off)
                for channel in Channel
            ],
        )
        for kind in Kind
    ]
    context = {
        "rows": rows,
        "channels": list(Channel),
        "digest": digest,
        "digest_choices": DigestFrequency.choices,
        "digest_error": error,
        "leads_a_team": bool(person.lead_team_ids()),
    }
    return render(request, "notifications/preferences.html", context, status=status)
