"""Taking a course: a module's page (its content, video link, and quiz or "mark as done"),
starting and submitting quiz attempts, an attempt's result. Only published courses are taken;
authors preview their drafts here without taking them.

With htmx, "mark as done" answers the module's status panel and the quiz answers its own
section (a result carries the status panel out of band); without, each answers a redirect.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from inservice.learning import services
from inservice.learning.forms import QuizAnswerForm
from inservice.learning.models.content import Module, QuizQuestion
from inservice.learning.models.progress import QuizAttempt
from inservice.learning.permissions import (
    can_edit,
    get_attempt_for_user,
    get_module_for_user,
)
from inservice.learning.standings import Outline, course_outline
from inservice.learning.views._common import refusal
from inservice.lib.htmx import is_fragment
from inservice.lib.markdown import render_markdown
from inservice.lib.requests import person_of
from inservice.org.models import Person


@dataclass(frozen=True)
class QuestionResult:
    question: QuizQuestion
    chosen: list[str]
    right: bool


def _results(attempt: QuizAttempt, questions: list[QuizQuestion]) -> list[QuestionResult]:
    rows = []
    for question in questions:
        picked = attempt.answers.get(str(question.pk), [])
        chosen = [question.options[i] for i in picked if 0 <= i < len(question.options)]
        rows.append(QuestionResult(question, chosen, bool(attempt.results.get(str(question.pk)))))
    return rows


def _quiz_context(
    person: Person,
    module: Module,
    done: bool,
    *,
    form: QuizAnswerForm | None = None,
    error: str = "",
) -> dict[str, Any]:
    """The quiz section: an open attempt's form, else the last result and a way to try again,
    else the invitation to start. Two queries: the questions and the person's last attempts."""
    questions = list(module.questions.order_by("position"))
    attempts = list(
        QuizAttempt.objects.filter(person=person, module=module).order_by("-number")[:2]
    )
    current = attempts[0] if attempts and attempts[0].is_open else None
    if current is not None and current.quiz_version != module.quiz_version:
        current = None  # started on an older quiz: starting again replaces it
    # A result on an older version of the quiz names questions that are gone: not shown.
    last = next(
        (a for a in attempts if not a.is_open and a.quiz_version == module.quiz_version), None
    )
    if current is not None and form is None:
        form = QuizAnswerForm(questions=questions)
    return {
        "module": module,
        "questions": questions,
        "attempt": current,
        "form": form if current is not None else None,
        "last": last,
        "last_results": _results(last, questions) if last else [],
        "done": done,
        "takeable": module.course.published,
        "error": error,
    }


def _status_context(module: Module, outline: Outline, error: str = "") -> dict[str, Any]:
    line = next(line for line in outline.lines if line.module.pk == module.pk)
    return {
        "module": module,
        "done": line.done,
        "outline": outline,
        "next_module": outline.next_after(module),
        "takeable": module.course.published,
        "error": error,
    }


@require_GET
def module_detail(request: HttpRequest, module_id: int) -> HttpResponse:
    person = person_of(request)
    module = get_module_for_user(person, module_id)
    return _module_page(request, person, module)


def _module_page(
    request: HttpRequest,
    person: Person,
    module: Module,
    *,
    form: QuizAnswerForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    outline = course_outline(person, module.course)
    index = next(i for i, line in enumerate(outline.lines) if line.module.pk == module.pk)
    context: dict[str, Any] = {
        "course": module.course,
        "body": render_markdown(module.body),
        "previous": outline.lines[index - 1].module if index else None,
        "following": outline.lines[index + 1].module if index + 1 < outline.total else None,
        "position": index + 1,
        "can_edit": can_edit(person, module.course),
        "nav": "learning",
        **_status_context(module, outline),
    }
    if module.has_quiz:
        context["quiz"] = _quiz_context(person, module, context["done"], form=form, error=error)
    return render(request, "learning/module.html", context, status=status)


@require_POST
def module_complete(request: HttpRequest, module_id: int) -> HttpResponse:
    """ "I have done this module" (modules without a quiz)."""
    person = person_of(request)
    module = get_module_for_user(person, module_id)
    error = refusal(lambda: services.complete_module(person, module))
    if is_fragment(request):
        context = _status_context(module, course_outline(person, module.course), error)
        return render(
            request,
            "learning/partials/module_status.html",
            context,
            status=422 if error else 200,
        )
    if error:
        messages.error(request, error)
    return HttpResponseRedirect(reverse("learning:module_detail", args=[module.pk]), status=303)


@require_POST
def attempt_start(request: HttpRequest, module_id: int) -> HttpResponse:
    """A new attempt at the module's quiz (or the open one), shown as a form to answer."""
    person = person_of(request)
    module = get_module_for_user(person, module_id)
    error = refusal(lambda: services.start_attempt(person, module))
    if is_fragment(request):
        done = _is_done(person, module)
        context = _quiz_context(person, module, done, error=error)
        return render(request, "learning/partials/quiz.html", context, status=422 if error else 200)
    if error:
        messages.error(request, error)
    url = reverse("learning:module_detail", args=[module.pk]) + "#quiz"
    return HttpResponseRedirect(url, status=303)


def _is_done(person: Person, module: Module) -> bool:
    return module.progress.filter(person=person).exists()


@require_POST
def attempt_submit(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """The answers of one's open attempt, marked; a pass makes the module done. Answers to a
    closed attempt are refused: "this attempt is closed; start a new one"."""
    person = person_of(request)
    attempt = get_attempt_for_user(person, attempt_id)
    module = attempt.module
    questions = list(module.questions.order_by("position"))
    form = QuizAnswerForm(request.POST, questions=questions)
    form.is_valid()  # nothing is required: the service names each unanswered question
    try:
        services.submit_attempt(person, attempt, form.answers())
    except ValidationError as exc:
        return _refused(request, person, module, form, exc)
    if is_fragment(request):
        outline = course_outline(person, module.course)
        context = {
            **_quiz_context(person, module, _is_done(person, module)),
            "status": _status_context(module, outline),
        }
        return render(request, "learning/partials/quiz_result.html", context)
    return HttpResponseRedirect(reverse("learning:attempt_detail", args=[attempt.pk]), status=303)


def _refused(
    request: HttpRequest,
    person: Person,
    module: Module,
    form: QuizAnswerForm,
    exc: ValidationError,
) -> HttpResponse:
    """422: a closed (or outdated) attempt says so above a fresh start; unanswered questions
    are marked on the form, which keeps the answers given."""
    errors = exc.message_dict
    if "attempt" in errors or "module" in errors:
        error = " ".join(errors.get("attempt", []) + errors.get("module", []))
        if is_fragment(request):
            context = _quiz_context(person, module, _is_done(person, module), error=error)
            return render(request, "learning/partials/quiz.html", context, status=422)
        return _module_page(request, person, module, error=error, status=422)
    for key, texts in errors.items():
        name = "q" + key.split(".", 1)[1] if key.startswith("answers.") else None
        for text in texts:
            form.add_error(name if name in form.fields else None, text)
    if is_fragment(request):
        context = _quiz_context(person, module, _is_done(person, module), form=form)
        return render(request, "learning/partials/quiz.html", context, status=422)
    return _module_page(request, person, module, form=form, status=422)


@require_GET
def attempt_detail(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """One's own attempt: its score, and which questions were right."""
    person = person_of(request)
    attempt = get_attempt_for_user(person, attempt_id)
    module = attempt.module
    questions = list(module.questions.order_by("position"))
    outdated = attempt.quiz_version != module.quiz_version
    context = {
        "attempt": attempt,
        "module": module,
        "course": module.course,
        "outdated": outdated,
        "results": [] if attempt.is_open or outdated else _results(attempt, questions),
        "done": _is_done(person, module),
        "nav": "learning",
    }
    return render(request, "learning/attempt.html", context)
