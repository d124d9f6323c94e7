"""One's kudos setting: whether one's manager hears when someone thanks one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from inservice.kudos import services
from inservice.kudos.forms import SettingsForm
from inservice.lib.htmx import is_fragment, triggered
from inservice.lib.requests import person_of


@require_http_methods(["GET", "POST"])
def kudos_settings(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    if request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            services.set_tell_manager(person, form.cleaned_data["tell_manager"])
            messages.success(request, _("Your kudos setting is saved."))
            url = reverse("kudos:settings")
            if is_fragment(request):
                return triggered("kudos-settings-saved", redirect=url)
            return HttpResponseRedirect(url, status=303)
    else:
        form = SettingsForm(initial={"tell_manager": services.tells_manager(person)})
    context = {"form": form, "manager": person.manager, "nav": "kudos"}
    return render(request, "kudos/settings.html", context)
