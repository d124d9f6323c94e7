"""Personal API tokens: created and revoked by their owner; the secret is shown once."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from inservice.lib.requests import person_of
from inservice.org import services
from inservice.org.choices import TokenScope
from inservice.org.models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=80,
        help_text=gettext_lazy("What uses it, e.g. “onboarding script”."),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Scope"), choices=TokenScope.choices, initial=TokenScope.READ
    )


def tokens(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    secret = None
    status = 200
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                issued = services.create_api_token(
                    person, form.cleaned_data["name"], form.cleaned_data["scope"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                secret = issued.secret
                form = TokenForm()
        if form.errors:
            status = 422
    else:
        form = TokenForm()
    context = {
        "form": form,
        "secret": secret,
        "tokens": ApiToken.objects.filter(person=person).order_by("-created_at"),
    }
    return render(request, "org/tokens.html", context, status=status)


@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    if services.revoke_api_token(person_of(request), token_id):
        messages.success(request, _("The token is revoked: it no longer opens the API."))
    return HttpResponseRedirect(reverse("org:tokens"), status=303)
