"""NPS pages that change something, for a team's leads: a new campaign, closing one early.
Every change goes through services.nps; refusals come back beside the fields they name."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from inservice.feedback.forms_nps import ANONYMOUS, CampaignForm
from inservice.feedback.models.surveys import Survey
from inservice.feedback.permissions_nps import get_campaign_to_manage, get_team_to_run
from inservice.feedback.services import nps
from inservice.lib.htmx import is_fragment, triggered
from inservice.lib.requests import person_of
from inservice.org.models import Team


@require_http_methods(["GET", "POST"])
def new_campaign(request: HttpRequest) -> HttpResponse:
    """A new campaign about the team named by `?team=<slug>`, by one of its leads."""
    person = person_of(request)
    team = get_team_to_run(person, request.GET.get("team", "").strip())
    today = timezone.localdate()
    if request.method == "GET":
        return _form_page(request, team, CampaignForm(initial=CampaignForm.initial_for(today)))
    form = CampaignForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            survey = nps.create_campaign(
                person,
                team,
                title=data["title"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                sample_size=data["sample_size"],
                anonymous=data["anonymity"] == ANONYMOUS,
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                today=today,
                min_group=data["min_group"],
            )
        except ValidationError as exc:
            form.place(exc)
        except PermissionDenied as exc:
            raise Http404 from exc  # the fetcher let them in: only a race ends here
        else:
            return _to_campaign(request, survey, "nps-campaign-created")
    return _form_page(request, team, form, status=422)


@require_POST
def close_campaign(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Closes an open campaign before its day; its results are released."""
    person = person_of(request)
    survey = get_campaign_to_manage(person, survey_id)
    try:
        nps.close_campaign(person, survey)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError:
        pass  # closed already (by its day, or a second click): the page says so
    return _to_campaign(request, survey, "nps-campaign-closed")


def _to_campaign(request: HttpRequest, survey: Survey, event: str) -> HttpResponse:
    url = reverse("feedback:nps_campaign", args=[survey.pk])
    if is_fragment(request):
        return triggered(event, redirect=url)
    return HttpResponseRedirect(url, status=303)


def _form_page(
    request: HttpRequest, team: Team, form: CampaignForm, status: int = 200
) -> HttpResponse:
    context = {
        "team": team,
        "form": form,
        "action": reverse("feedback:nps_new") + f"?team={team.slug}",
    }
    template = (
        "feedback/nps/partials/form.html" if is_fragment(request) else "feedback/nps/new.html"
    )
    return render(request, template, context, status=status)
