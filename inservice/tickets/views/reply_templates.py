"""Reply templates: leads keep their team's (a section of the team management page), agents insert
one into the reply box of a request, filled in for it.

The section loads itself into the management page with htmx and reloads itself after each change
(204 + HX-Trigger, like the page's other sections); without JavaScript it is a page of its own.
Only the team's leads and administrators reach it (404 for everyone else). The team's templates
come rendered with the reply box itself (tickets.views.detail and actions); choosing one asks `fill`
here for the filled-in text. Only the team holding the request gets either.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from inservice.lib.htmx import is_fragment, triggered
from inservice.lib.requests import person_of
from inservice.org.models import Team
from inservice.org.permissions import get_team_to_manage
from inservice.tickets import services
from inservice.tickets.forms import ReplyForm
from inservice.tickets.models import ReplyTemplate, Ticket
from inservice.tickets.permissions import get_ticket_for_user, is_agent
from inservice.tickets.services import MAX_BODY
from inservice.tickets.services.templates import MAX_NAME, PLACEHOLDERS

CHANGED = "reply-templates-changed"


class ReplyTemplateForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=MAX_NAME)
    body = forms.CharField(
        label=gettext_lazy("Text"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MAX_BODY,
        help_text=gettext_lazy(
            "Placeholders filled in for each request: {requester_name}, {key}, {promised_time}."
        ),
    )


# -- the team's templates, for its leads --------------------------------------------------------


def _section(
    team: Team, add_form: ReplyTemplateForm | None = None, edited: ReplyTemplateForm | None = None
) -> dict[str, Any]:
    rows = []
    for template in ReplyTemplate.objects.filter(team=team).order_by("name", "pk"):
        prefix = f"template-{template.pk}"
        form = (
            edited
            if edited is not None and edited.prefix == prefix
            else ReplyTemplateForm(
                prefix=prefix, initial={"name": template.name, "body": template.body}
            )
        )
        rows.append((template, form))
    return {
        "team": team,
        "rows": rows,
        "add_form": add_form or ReplyTemplateForm(prefix="new"),
        "placeholders": [f"{{{p}}}" for p in PLACEHOLDERS],
    }


def _answer(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    """The section for htmx, the page of its own otherwise."""
    if is_fragment(request):
        template, context = "tickets/reply_templates/section.html", {**context, "fragment": True}
    else:
        template, context = "tickets/reply_templates/page.html", {**context, "nav": "directory"}
    return render(request, template, context, status=status)


def _changed(request: HttpRequest, team: Team, message: str) -> HttpResponse:
    messages.success(request, message)
    if is_fragment(request):
        return triggered(CHANGED)
    return HttpResponseRedirect(reverse("tickets:reply_templates", args=[team.slug]), status=303)


def _refused(form: ReplyTemplateForm, exc: ValidationError | PermissionDenied) -> None:
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc))
    elif hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _template(team: Team, template_id: int) -> ReplyTemplate:
    template = ReplyTemplate.objects.select_related("team").filter(team=team, pk=template_id)
    found = template.first()
    if found is None:
        raise Http404
    return found


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    """The team's templates (GET), or a new one (POST)."""
    actor = person_of(request)
    team = get_team_to_manage(actor, slug)
    if request.method == "GET":
        return _answer(request, _section(team))
    form = ReplyTemplateForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            template = services.add_template(
                actor, team, form.cleaned_data["name"], form.cleaned_data["body"]
            )
        except (ValidationError, PermissionDenied) as exc:
            _refused(form, exc)
        else:
            message = _("The template “%(name)s” is ready for the team.") % {"name": template.name}
            return _changed(request, team, message)
    return _answer(request, _section(team, add_form=form), 422)


@require_POST
def edit(request: HttpRequest, slug: str, template_id: int) -> HttpResponse:
    actor = person_of(request)
    team = get_team_to_manage(actor, slug)
    template = _template(team, template_id)
    form = ReplyTemplateForm(request.POST, prefix=f"template-{template.pk}")
    if form.is_valid():
        try:
            services.edit_template(
                actor, template, form.cleaned_data["name"], form.cleaned_data["body"]
            )
        except (ValidationError, PermissionDenied) as exc:
            _refused(form, exc)
        else:
            message = _("The template “%(name)s” is saved.") % {"name": template.name}
            return _changed(request, team, message)
    return _answer(request, _section(team, edited=form), 422)


@require_POST
def remove(request: HttpRequest, slug: str, template_id: int) -> HttpResponse:
    actor = person_of(request)
    team = get_team_to_manage(actor, slug)
    template = _template(team, template_id)
    services.remove_template(actor, template)
    message = _("The template “%(name)s” is removed.") % {"name": template.name}
    return _changed(request, team, message)


# -- the reply box of a request -----------------------------------------------------------------


def _served_ticket(request: HttpRequest, key: str) -> Ticket:
    """The request, for a member of the team holding it; 404 for anyone else."""
    person = person_of(request)
    ticket = get_ticket_for_user(person, key)
    if not is_agent(person, ticket):
        raise Http404
    return ticket


@require_POST
def fill(request: HttpRequest, key: str) -> HttpResponse:
    """The message box with the chosen template filled in for the request, after the draft.

    A POST because the draft travels with it (too long for a URL); nothing is written.
    """
    ticket = _served_ticket(request, key)
    template_id = request.POST.get("template", "")
    template = (
        ReplyTemplate.objects.filter(team_id=ticket.team_id, pk=int(template_id)).first()
        if template_id.isdigit() and len(template_id) < 19  # within a bigint
        else None
    )
    draft = request.POST.get("body", "").rstrip()
    if template is None:
        text = draft
    else:
        filled = services.fill_template(template, ticket)
        text = f"{draft}\n\n{filled}" if draft else filled
    form = ReplyForm(initial={"body": text[:MAX_BODY]})
    return render(request, "tickets/partials/reply_body.html", {"field": form["body"]})
