"""Service agreement pages: the list, one agreement with both sides measured side by side, the
leads' create and edit pages, and the list on a team's page. Every change goes through
workflows.services; who may do what is workflows.permissions_agreements (decision 0027)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inservice.catalog.targets import business_duration
from inservice.lib.htmx import is_fragment, triggered
from inservice.lib.markdown import render_markdown
from inservice.lib.paging import CappedPaginator
from inservice.lib.requests import person_of
from inservice.org.models import Person, Team
from inservice.org.permissions import get_team
from inservice.sla import business
from inservice.sla.display import business_span, day_minutes
from inservice.workflows import services
from inservice.workflows.agreement_measures import (
    Measures,
    Period,
    Terms,
    choose_period,
    measure,
    terms_of,
)
from inservice.workflows.forms_agreements import AgreementForms, PeriodForm
from inservice.workflows.models import Agreement
from inservice.workflows.permissions_agreements import (
    can_create_agreement,
    can_edit_agreement,
    get_agreement,
    get_agreement_to_edit,
    get_provider_to_offer,
)

PAGE_SIZE = 50
ON_TEAM_PAGE = 20


# -- reading ----------------------------------------------------------------------------------------


@require_GET
def agreement_list(request: HttpRequest) -> HttpResponse:
    """Every agreement (they are published to everyone), by title; for one team, or those whose
    review comes up."""
    person = person_of(request)
    agreements = Agreement.objects.for_list()
    team: Team | None = None
    slug = request.GET.get("team", "").strip()
    if slug:
        team = get_team(slug)
        agreements = agreements.of_team(team)
    review_due = request.GET.get("review") == "due"
    if review_due:
        horizon = timezone.now().date() + timedelta(days=services.REVIEW_REMINDER_DAYS)
        agreements = agreements.filter(review_on__lte=horizon).order_by("review_on", "pk")
    page = CappedPaginator(agreements, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "agreements": list(page.object_list),
        "team": team,
        "review_due": review_due,
        "today": timezone.localdate(),
        "can_offer": _teams_to_offer(person),
        "nav": "workflows",
    }
    return render(request, "workflows/agreement_list.html", context)


def _teams_to_offer(person: Person) -> list[Team]:
    """The teams the person may make agreements for as the provider (none for administrators
    here: they make one from the team's page)."""
    lead_of = sorted(person.lead_team_ids())
    return list(Team.objects.filter(pk__in=lead_of).order_by("name")) if lead_of else []


@require_GET
def agreement_detail(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """Both sides side by side, measured over the chosen period (the last 90 days unless one is
    chosen); a period that makes no sense answers 422 with the form saying why."""
    person = person_of(request)
    agreement = get_agreement(agreement_id)
    terms = terms_of(agreement)
    form = PeriodForm(request.GET)
    period: Period | None = None
    if form.is_valid():
        try:
            period = choose_period(
                form.cleaned_data["start"],
                form.cleaned_data["end"],
                timezone.now(),
                timezone.get_current_timezone(),
            )
        except ValidationError as exc:
            for field, errors in exc.error_dict.items():
                form.add_error(field, errors)
    measures = measure(agreement, terms, period) if period is not None else None
    context = _detail_context(person, agreement, terms, form, measures)
    status = 200 if measures is not None else 422
    if is_fragment(request):
        return render(request, "workflows/partials/agreement_measures.html", context, status=status)
    return render(request, "workflows/agreement_detail.html", context, status=status)


def _detail_context(
    person: Person,
    agreement: Agreement,
    terms: Terms,
    form: PeriodForm,
    measures: Measures | None,
) -> dict[str, Any]:
    today = timezone.localdate()
    median = measures.receiver.median_answer_minutes if measures else None
    day = day_minutes(business.for_team(agreement.provider))
    return {
        "agreement": agreement,
        "terms": terms,
        "commitments": [
            (row, _words(row.first_response_minutes), _words(row.resolution_minutes))
            for row in terms.services
        ],
        "answer_within": _words(agreement.answer_within_minutes),
        "median_answer": business_span(median, day) if median is not None else "",
        "period_form": form,
        "measures": measures,
        "notes": render_markdown(agreement.notes) if agreement.notes else "",
        "can_edit": can_edit_agreement(person, agreement),
        "review_soon": agreement.review_on <= today + timedelta(days=services.REVIEW_REMINDER_DAYS),
        "review_passed": agreement.review_on < today,
        "nav": "workflows",
    }


def _words(minutes: int | None) -> str:
    return business_duration(minutes) if minutes else ""


@require_GET
def agreement_team(request: HttpRequest, slug: str) -> HttpResponse:
    """The agreements a team is part of, for its page: as the provider, as the receiver, or
    through its department as the receiver."""
    person = person_of(request)
    team = get_team(slug)
    sides = Q(provider=team) | Q(receiver=team)
    if team.parent_id is not None:
        sides |= Q(receiver_id=team.parent_id)
    agreements = list(Agreement.objects.for_list().filter(sides)[: ON_TEAM_PAGE + 1])
    context = {
        "team": team,
        "agreements": agreements[:ON_TEAM_PAGE],
        "more": len(agreements) > ON_TEAM_PAGE,
        "can_offer": can_create_agreement(person, team),
    }
    return render(request, "workflows/partials/agreement_team.html", context)


# -- changing ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def agreement_new(request: HttpRequest, slug: str) -> HttpResponse:
    """A new agreement with the team as the provider, by one of its leads."""
    person = person_of(request)
    provider = get_provider_to_offer(person, slug)
    if request.method == "GET":
        return _form_page(request, AgreementForms.build(provider))
    forms = AgreementForms.build(provider, request.POST)
    draft = forms.draft()
    if draft is not None:
        try:
            agreement = services.create_agreement(person, draft)
        except ValidationError as exc:
            forms.place(exc)
        except PermissionDenied as exc:
            raise Http404 from exc  # the fetcher let them in: only a race ends here
        else:
            messages.success(request, _("The agreement is made."))
            return _saved(request, agreement)
    return _form_page(request, forms, status=422)


@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """Both sides' terms, changed whole by a lead of either team."""
    person = person_of(request)
    agreement = get_agreement_to_edit(person, agreement_id)
    if request.method == "GET":
        terms = terms_of(agreement)
        built = AgreementForms.build(agreement.provider, agreement=agreement, terms=terms)
        return _form_page(request, built, agreement)
    forms = AgreementForms.build(agreement.provider, request.POST, agreement=agreement)
    draft = forms.draft()
    if draft is not None:
        try:
            services.update_agreement(person, agreement, draft)
        except ValidationError as exc:
            forms.place(exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("The agreement is saved."))
            return _saved(request, agreement)
    return _form_page(request, forms, agreement, status=422)


@require_POST
def agreement_end(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """Ends the agreement: its terms go, new requests start with the services' own targets."""
    person = person_of(request)
    agreement = get_agreement_to_edit(person, agreement_id)
    try:
        services.end_agreement(person, agreement)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("The agreement “%(title)s” has ended.") % {"title": agreement})
    url = reverse("workflows:agreement_list")
    if is_fragment(request):
        return triggered("agreement-ended", redirect=url)
    return HttpResponseRedirect(url, status=303)


def _saved(request: HttpRequest, agreement: Agreement) -> HttpResponse:
    url = reverse("workflows:agreement_detail", args=[agreement.pk])
    if is_fragment(request):
        return triggered("agreement-saved", redirect=url)
    return HttpResponseRedirect(url, status=303)


def _form_page(
    request: HttpRequest,
    forms: AgreementForms,
    agreement: Agreement | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "forms": forms,
        "provider": forms.provider,
        "agreement": agreement,
        "action": (
            reverse("workflows:agreement_edit", args=[agreement.pk])
            if agreement is not None
            else reverse("workflows:agreement_new", args=[forms.provider.slug])
        ),
        "nav": "workflows",
    }
    if is_fragment(request):
        return render(request, "workflows/partials/agreement_form.html", context, status=status)
    return render(request, "workflows/agreement_form.html", context, status=status)
