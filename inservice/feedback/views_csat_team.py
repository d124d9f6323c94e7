"""A team's satisfaction: its results page, the block for its team page, and a service's rule
of when its requesters are asked."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from inservice.catalog.models import Service
from inservice.feedback.forms_csat import DEFAULT_PERIOD, PERIODS, PeriodForm, SurveyRuleForm
from inservice.feedback.models.csat import FollowUp, Rating, RatingQuerySet, SurveyRule
from inservice.feedback.permissions_csat import (
    get_service_for_rule,
    get_team_for_results,
    readable_by,
)
from inservice.feedback.services import csat as services
from inservice.lib.forms import add_refusal
from inservice.lib.htmx import is_fragment, triggered
from inservice.lib.paging import CappedPaginator
from inservice.lib.requests import person_of
from inservice.org.models import Person, Team
from inservice.org.permissions import is_lead

COMMENTS_PER_PAGE = 25


def comments_of(person: Person, team: Team, since: datetime) -> RatingQuerySet:
    """The team's ratings with a comment, newest first, as this reader may read them."""
    ratings = Rating.objects.for_team(team).asked_since(since).with_comment()
    return readable_by(person, team, ratings).select_related("ticket").newest_rated_first()


@require_GET
def team_ratings(request: HttpRequest, slug: str) -> HttpResponse:
    """Asked, answered, response rate, average and distribution over the last 30, 90 or 365
    days, and the comments newest first, 25 a page."""
    person = person_of(request)
    team = get_team_for_results(person, slug)
    form = PeriodForm(request.GET)
    context: dict[str, object] = {"team": team, "form": form, "periods": PERIODS}
    if not form.is_valid():
        return render(request, "feedback/csat/team_ratings.html", context, status=422)
    days = form.chosen_days()
    since = timezone.now() - timedelta(days=days)
    summary = Rating.objects.for_team(team).asked_since(since).summary()
    page = CappedPaginator(comments_of(person, team, since), COMMENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context.update(
        days=days,
        since=since,
        summary=summary,
        page=page,
        comments=list(page.object_list),
        is_lead=person.is_superuser or is_lead(person, team),
    )
    return render(request, "feedback/csat/team_ratings.html", context)


@require_GET
def team_ratings_block(request: HttpRequest, slug: str) -> HttpResponse:
    """For the team's page (loaded after it): the average and answers over 90 days, and for its
    leads the follow-ups still open."""
    person = person_of(request)
    team = get_team_for_results(person, slug)
    since = timezone.now() - timedelta(days=DEFAULT_PERIOD)
    summary = Rating.objects.for_team(team).asked_since(since).summary()
    lead = person.is_superuser or is_lead(person, team)
    open_follow_ups = overdue = 0
    if lead:
        mine = FollowUp.objects.visible_to(person).filter(team=team).open()
        open_follow_ups = mine.count()
        overdue = mine.filter(due_at__lt=timezone.now()).count() if open_follow_ups else 0
    context = {
        "team": team,
        "summary": summary,
        "days": DEFAULT_PERIOD,
        "is_lead": lead,
        "open_follow_ups": open_follow_ups,
        "overdue": overdue,
    }
    return render(request, "feedback/csat/partials/team_block.html", context)


@require_http_methods(["GET", "POST"])
def survey_rule(request: HttpRequest, service_id: int) -> HttpResponse:
    """When a service's requesters are asked: one in N resolved requests, at most once per
    person per so many days. Its owning team's leads set it."""
    person = person_of(request)
    service = get_service_for_rule(person, service_id)
    rule = _rule_of(service)
    if request.method == "GET":
        initial = {"every": rule.every, "cap_days": rule.cap_days} if rule else {}
        form = SurveyRuleForm(initial={"every": 1, "cap_days": 0, **initial})
        return _rule_page(request, service, rule, form)
    form = SurveyRuleForm(request.POST)
    if form.is_valid():
        try:
            services.set_survey_rule(
                person, service, form.cleaned_data["every"], form.cleaned_data["cap_days"]
            )
        except ValidationError as exc:
            add_refusal(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("Saved: the new rule applies to the next resolution."))
            url = reverse("feedback:survey_rule", args=[service.pk])
            if is_fragment(request):
                return triggered("survey-rule-saved", redirect=url)
            return HttpResponseRedirect(url, status=303)
    return _rule_page(request, service, rule, form, status=422)


def _rule_of(service: Service) -> SurveyRule | None:
    try:
        return service.survey_rule
    except ObjectDoesNotExist:
        return None


def _rule_page(
    request: HttpRequest,
    service: Service,
    rule: SurveyRule | None,
    form: SurveyRuleForm,
    status: int = 200,
) -> HttpResponse:
    context = {"service": service, "rule": rule, "form": form}
    return render(request, "feedback/csat/survey_rule.html", context, status=status)
