"""The private self-assessment: one's reflections, for oneself alone. Nobody else reaches them
(the fetcher answers 404 to anyone but their author, administrators included)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from inservice.learning import services
from inservice.learning.forms import ReflectionForm
from inservice.learning.models.reflection import Reflection
from inservice.learning.permissions import get_reflection_for_user
from inservice.learning.reflection_prompts import PROMPTS, RATING_LABELS, SKILLS
from inservice.lib.forms import add_refusal
from inservice.lib.paging import CappedPaginator
from inservice.lib.requests import person_of

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PAGE_SIZE = 20


@require_http_methods(["GET", "POST"])
def reflection(request: HttpRequest) -> HttpResponse:
    """The self-assessment's form, and one's earlier reflections, newest first."""
    person = person_of(request)
    status = 200
    if request.method == "POST":
        form = ReflectionForm(request.POST)
        if form.is_valid():
            try:
                saved = services.save_reflection(person, form.answers(), form.ratings())
            except ValidationError as exc:
                add_refusal(form, exc)
            else:
                messages.success(request, _("Kept. Only you can read it."))
                url = reverse("learning:reflection_detail", args=[saved.pk])
                return HttpResponseRedirect(url, status=303)
        status = 422
    else:
        form = ReflectionForm()
    page = CappedPaginator(Reflection.objects.of(person), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "skills": [form[s.key] for s in SKILLS],
        "prompts": [form[p.key] for p in PROMPTS],
        "page": page,
        "reflections": list(page.object_list),
        "nav": "learning",
    }
    return render(request, "learning/reflection.html", context, status=status)


@dataclass(frozen=True)
class Line:
    question: StrOrPromise
    answer: str


@require_GET
def reflection_detail(request: HttpRequest, reflection_id: int) -> HttpResponse:
    person = person_of(request)
    found = get_reflection_for_user(person, reflection_id)
    ratings = [
        Line(s.text, f"{found.ratings[s.key]} · {RATING_LABELS[found.ratings[s.key]]}")
        for s in SKILLS
        if isinstance(found.ratings.get(s.key), int) and found.ratings[s.key] in RATING_LABELS
    ]
    answers = [Line(p.text, found.answers[p.key]) for p in PROMPTS if found.answers.get(p.key)]
    context = {
        "reflection": found,
        "ratings": ratings,
        "answers": answers,
        "nav": "learning",
    }
    return render(request, "learning/reflection_detail.html", context)
