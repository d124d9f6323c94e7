"""The editors, for the owner team's leads and administrators (a 404 for anyone else): a course
with its modules in order, a module with its content and quiz, a program with its courses.
Plain forms: each save redirects (303), each refusal answers 422 with the form and its messages."""

from __future__ import annotations

from typing import Any, Literal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from inservice.learning import quiz_text, services
from inservice.learning.forms import HeadingForm, ModuleForm, QuizForm
from inservice.learning.models.content import Course, Module, Program
from inservice.learning.permissions import (
    get_course_to_edit,
    get_module_to_edit,
    get_program_to_edit,
)
from inservice.lib.forms import add_refusal
from inservice.lib.htmx import is_htmx, triggered
from inservice.lib.requests import person_of
from inservice.org.models import Person, Team


def _author_teams(person: Person) -> QuerySet[Team]:
    """The teams whose courses the person writes; none is a 404 for the "new" pages."""
    teams = Team.objects.order_by("name")
    if not person.is_superuser:
        teams = teams.filter(pk__in=person.lead_team_ids())
    if not teams.exists():
        raise Http404
    return teams


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _redirect(name: str, pk: int, anchor: str = "") -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse(f"learning:{name}", args=[pk]) + anchor, status=303)


def _refuse(form: Any, exc: ValidationError | PermissionDenied) -> None:
    if isinstance(exc, PermissionDenied):
        raise Http404 from exc
    add_refusal(form, exc)


# -- courses --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def course_new(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    teams = _author_teams(person)
    form = HeadingForm(_posted(request), teams=teams)
    if request.method == "POST" and form.is_valid():
        heading = services.Heading(form.cleaned_data["title"], form.cleaned_data["summary"])
        try:
            course = services.create_course(person, form.cleaned_data["team"], heading)
        except (ValidationError, PermissionDenied) as exc:
            _refuse(form, exc)
        else:
            messages.success(request, _("Course created: now add its modules."))
            return _redirect("course_edit", course.pk)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "kind": "course", "nav": "learning"}
    return render(request, "learning/authoring/new.html", context, status=status)


@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, course_id: int) -> HttpResponse:
    """The course's title and summary, its modules in order, publishing."""
    person = person_of(request)
    course = get_course_to_edit(person, course_id)
    initial = {"title": course.title, "summary": course.summary}
    form = HeadingForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        heading = services.Heading(form.cleaned_data["title"], form.cleaned_data["summary"])
        try:
            services.update_course(person, course, heading)
        except (ValidationError, PermissionDenied) as exc:
            _refuse(form, exc)
        else:
            messages.success(request, _("Saved."))
            return _redirect("course_edit", course.pk)
    status = 422 if request.method == "POST" else 200
    return _course_editor(request, course, form, status=status)


def _course_editor(
    request: HttpRequest,
    course: Course,
    form: HeadingForm | None = None,
    *,
    publish_error: str = "",
    status: int = 200,
) -> HttpResponse:
    modules = list(
        Module.objects.filter(course=course)
        .annotate(question_count=Count("questions"))
        .order_by("position")
    )
    context = {
        "course": course,
        "form": form or HeadingForm(initial={"title": course.title, "summary": course.summary}),
        "modules": modules,
        "publish_error": publish_error,
        "nav": "learning",
    }
    return render(request, "learning/authoring/course.html", context, status=status)


@require_POST
def course_publish(request: HttpRequest, course_id: int) -> HttpResponse:
    person = person_of(request)
    course = get_course_to_edit(person, course_id)
    published = request.POST.get("published") == "1"
    try:
        services.set_course_published(person, course, published)
    except ValidationError as exc:
        return _course_editor(request, course, publish_error=" ".join(exc.messages), status=422)
    messages.success(request, _("Published.") if published else _("Back to a draft."))
    return _redirect("course_edit", course.pk)


# -- modules --------------------------------------------------------------------------------


def _module_draft(form: ModuleForm) -> services.ModuleDraft:
    data = form.cleaned_data
    minutes = data["minutes"]
    return services.ModuleDraft(
        title=data["title"],
        body=data["body"],
        video_url=data["video_url"],
        minutes=10 if minutes is None else minutes,
    )


@require_http_methods(["GET", "POST"])
def module_new(request: HttpRequest, course_id: int) -> HttpResponse:
    person = person_of(request)
    course = get_course_to_edit(person, course_id)
    form = ModuleForm(_posted(request), initial={"minutes": 10})
    if request.method == "POST" and form.is_valid():
        try:
            module = services.add_module(person, course, _module_draft(form))
        except (ValidationError, PermissionDenied) as exc:
            _refuse(form, exc)
        else:
            messages.success(request, _("Module added. Add a quiz below, or leave it without."))
            return _redirect("module_edit", module.pk)
    status = 422 if request.method == "POST" else 200
    context = {"course": course, "form": form, "nav": "learning"}
    return render(request, "learning/authoring/module_new.html", context, status=status)


@require_http_methods(["GET", "POST"])
def module_edit(request: HttpRequest, module_id: int) -> HttpResponse:
    """A module's content; its quiz is saved by quiz_edit on the same page."""
    person = person_of(request)
    module = get_module_to_edit(person, module_id)
    initial = {
        "title": module.title,
        "body": module.body,
        "video_url": module.video_url,
        "minutes": module.minutes,
    }
    form = ModuleForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_module(person, module, _module_draft(form))
        except (ValidationError, PermissionDenied) as exc:
            _refuse(form, exc)
        else:
            messages.success(request, _("Saved."))
            return _redirect("module_edit", module.pk)
    status = 422 if request.method == "POST" else 200
    return _module_editor(request, module, form=form, status=status)


def _module_editor(
    request: HttpRequest,
    module: Module,
    *,
    form: ModuleForm | None = None,
    quiz_form: QuizForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if quiz_form is None:
        drafts = [
            quiz_text.QuestionDraft(q.text, list(q.options), list(q.correct))
            for q in module.questions.order_by("position")
        ]
        quiz_form = QuizForm(
            initial={"questions": quiz_text.write(drafts), "pass_mark": module.pass_mark or 75}
        )
    context = {
        "module": module,
        "course": module.course,
        "form": form,
        "quiz_form": quiz_form,
        "nav": "learning",
    }
    return render(request, "learning/authoring/module.html", context, status=status)


@require_POST
def quiz_edit(request: HttpRequest, module_id: int) -> HttpResponse:
    person = person_of(request)
    module = get_module_to_edit(person, module_id)
    quiz_form = QuizForm(request.POST)
    if quiz_form.is_valid():
        questions = quiz_text.parse(quiz_form.cleaned_data["questions"])
        pass_mark = quiz_form.cleaned_data["pass_mark"] if questions else None
        try:
            services.set_quiz(person, module, questions, pass_mark)
        except (ValidationError, PermissionDenied) as exc:
            _refuse(quiz_form, exc)
        else:
            if questions:
                messages.success(request, _("Quiz saved: %(n)s questions.") % {"n": len(questions)})
            else:
                messages.success(request, _("This module has no quiz now."))
            return _redirect("module_edit", module.pk, "#quiz")
    return _module_editor(request, module, quiz_form=quiz_form, status=422)


@require_POST
def module_move(request: HttpRequest, module_id: int) -> HttpResponse:
    person = person_of(request)
    module = get_module_to_edit(person, module_id)
    direction: Literal["up", "down"] = "up" if request.POST.get("direction") == "up" else "down"
    services.move_module(person, module, direction)
    return _redirect("course_edit", module.course_id, "#modules")


@require_POST
def module_delete(request: HttpRequest, module_id: int) -> HttpResponse:
    person = person_of(request)
    module = get_module_to_edit(person, module_id)
    try:
        services.delete_module(person, module)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Module “%(title)s” removed.") % {"title": module.title})
    url = reverse("learning:course_edit", args=[module.course_id]) + "#modules"
    if is_htmx(request):  # asked to confirm first (hx-confirm): the page reloads
        return triggered("module-removed", redirect=url)
    return HttpResponseRedirect(url, status=303)


# -- programs -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def program_new(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    teams = _author_teams(person)
    form = HeadingForm(_posted(request), teams=teams)
    if request.method == "POST" and form.is_valid():
        heading = services.Heading(form.cleaned_data["title"], form.cleaned_data["summary"])
        try:
            program = services.create_program(person, form.cleaned_data["team"], heading)
        except (ValidationError, PermissionDenied) as exc:
            _refuse(form, exc)
        else:
            messages.success(request, _("Program created: now add its courses."))
            return _redirect("program_edit", program.pk)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "kind": "program", "nav": "learning"}
    return render(request, "learning/authoring/new.html", context, status=status)


@require_http_methods(["GET", "POST"])
def program_edit(request: HttpRequest, program_id: int) -> HttpResponse:
    person = person_of(request)
    program = get_program_to_edit(person, program_id)
    initial = {"title": program.title, "summary": program.summary}
    form = HeadingForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        heading = services.Heading(form.cleaned_data["title"], form.cleaned_data["summary"])
        try:
            services.update_program(person, program, heading)
        except (ValidationError, PermissionDenied) as exc:
            _refuse(form, exc)
        else:
            messages.success(request, _("Saved."))
            return _redirect("program_edit", program.pk)
    status = 422 if request.method == "POST" else 200
    return _program_editor(request, person, program, form, status=status)


def _program_editor(
    request: HttpRequest,
    person: Person,
    program: Program,
    form: HeadingForm | None = None,
    *,
    courses_error: str = "",
    publish_error: str = "",
    status: int = 200,
) -> HttpResponse:
    entries = list(program.entries.select_related("course").order_by("position"))
    ids = [e.course_id for e in entries]
    addable = Course.objects.visible_to(person).exclude(pk__in=ids).order_by("title").only("title")
    orders = []
    for i, entry in enumerate(entries):
        up = ids[:]
        down = ids[:]
        if i:
            up[i - 1], up[i] = up[i], up[i - 1]
        if i + 1 < len(ids):
            down[i + 1], down[i] = down[i], down[i + 1]
        without = [pk for pk in ids if pk != entry.course_id]
        orders.append((entry, up if i else None, down if i + 1 < len(ids) else None, without))
    context = {
        "program": program,
        "form": form or HeadingForm(initial={"title": program.title, "summary": program.summary}),
        "orders": orders,
        "ids": ids,
        "addable": list(addable),
        "courses_error": courses_error,
        "publish_error": publish_error,
        "nav": "learning",
    }
    return render(request, "learning/authoring/program.html", context, status=status)


@require_POST
def program_courses(request: HttpRequest, program_id: int) -> HttpResponse:
    """The program's courses in the order posted (`courses`, repeated)."""
    person = person_of(request)
    program = get_program_to_edit(person, program_id)
    values = request.POST.getlist("courses")
    if not all(v.isdigit() for v in values):
        raise Http404
    try:
        services.set_program_courses(person, program, [int(v) for v in values])
    except ValidationError as exc:
        error = " ".join(exc.messages)
        return _program_editor(request, person, program, courses_error=error, status=422)
    return _redirect("program_edit", program.pk, "#courses")


@require_POST
def program_publish(request: HttpRequest, program_id: int) -> HttpResponse:
    person = person_of(request)
    program = get_program_to_edit(person, program_id)
    published = request.POST.get("published") == "1"
    try:
        services.set_program_published(person, program, published)
    except ValidationError as exc:
        error = " ".join(exc.messages)
        return _program_editor(request, person, program, publish_error=error, status=422)
    messages.success(request, _("Published.") if published else _("Back to a draft."))
    return _redirect("program_edit", program.pk)
