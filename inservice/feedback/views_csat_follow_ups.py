"""Closing the loop: a lead's follow-ups of low ratings, and one follow-up with its answer."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from inservice.feedback.forms_csat import FollowUpAnswerForm
from inservice.feedback.models.csat import FollowUp
from inservice.feedback.permissions_csat import can_list_follow_ups, get_follow_up_for_user
from inservice.feedback.services import csat as services
from inservice.lib.forms import add_refusal
from inservice.lib.htmx import is_fragment, triggered
from inservice.lib.paging import CappedPaginator
from inservice.lib.requests import person_of

PER_PAGE = 25


@require_GET
def follow_ups(request: HttpRequest) -> HttpResponse:
    """The follow-ups of the teams the person leads (administrators: all but confidential
    requests'), open first with the soonest due at the top, overdue marked."""
    person = person_of(request)
    if not can_list_follow_ups(person):
        raise Http404
    rows = FollowUp.objects.visible_to(person).for_list().open_first()
    page = CappedPaginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "follow_ups": list(page.object_list), "now": timezone.now()}
    return render(request, "feedback/csat/follow_ups.html", context)


@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    """One low rating and the lead's answer to the requester, written once."""
    person = person_of(request)
    found = get_follow_up_for_user(person, follow_up_id)
    if request.method == "GET":
        return _page(request, found, FollowUpAnswerForm())
    form = FollowUpAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_follow_up(person, found, form.cleaned_data["answer"])
        except ValidationError as exc:
            add_refusal(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("Your answer is sent to the requester."))
            url = reverse("feedback:follow_up", args=[found.pk])
            if is_fragment(request):
                return triggered("follow-up-answered", redirect=url)
            return HttpResponseRedirect(url, status=303)
    return _page(request, found, form, status=422)


def _page(
    request: HttpRequest, found: FollowUp, form: FollowUpAnswerForm, status: int = 200
) -> HttpResponse:
    context = {
        "follow_up": found,
        "rating": found.rating,
        "ticket": found.rating.ticket,
        "form": form,
        "overdue": found.is_overdue(timezone.now()),
    }
    if is_fragment(request):
        return render(request, "feedback/csat/partials/follow_up_form.html", context, status=status)
    return render(request, "feedback/csat/follow_up.html", context, status=status)
