"""The editors, for the owner team's leads and administrators (a 404 for anyone else): a course
with its modules in order, a module with its content and quiz, a program with its courses.
Plain forms: each save redirects (303), each refusal answers 422 with the form and its messages.

Courses and programs are authored alike (a heading, publishing): the flow they share is in the
small helpers below, each page keeping its own editor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, TypeVar

from django import forms
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
from inservice.learning.models.content import Authored, Course, Module, Program
from inservice.learning.permissions import (
    get_course_to_edit,
    get_module_to_edit,
    get_program_to_edit,
)
from inservice.learning.views._common import refusal
from inservice.lib.forms import add_refusal
from inservice.lib.htmx import is_htmx, triggered
from inservice.lib.requests import person_of
from inservice.org.models import Person, Team

T = TypeVar("T")


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


def _status(request: HttpRequest) -> int:
    """A form shown again after a POST was refused (422); on a GET, the page (200)."""
    return 422 if request.method == "POST" else 200


def _redirect(name: str, pk: int, anchor: str = "") -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse(f"learning:{name}", args=[pk]) + anchor, status=303)


def _saved(request: HttpRequest, form: forms.Form, save: Callable[[], T]) -> T | None:
    """What `save` returns once a posted `form` is valid and the service accepts it; None on a
    GET, an invalid form, or a refusal (placed beside its fields; one the person may not make
    is a 404, like the pages they may not open)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save()
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        add_refusal(form, exc)
        return None


# -- what courses and programs share -------------------------------------------------------


def _heading(form: HeadingForm) -> services.Heading:
    return services.Heading(form.cleaned_data["title"], form.cleaned_data["summary"])


def _heading_form(authored: Authored, data: QueryDict | None = None) -> HeadingForm:
    return HeadingForm(data, initial={"title": authored.title, "summary": authored.summary})


def _new(
    request: HttpRequest,
    kind: Literal["course", "program"],
    create: Callable[[Person, Team, services.Heading], Authored],
    done: str,
) -> HttpResponse:
    """The "new" page: a heading and an owner team; once created, its editor."""
    person = person_of(request)
    form = HeadingForm(_posted(request), teams=_author_teams(person))
    created = _saved(
        request, form, lambda: create(person, form.cleaned_data["team"], _heading(form))
    )
    if created is not None:
        messages.success(request, done)
        return _redirect(f"{kind}_edit", created.pk)
    context = {"form": form, "kind": kind, "nav": "learning"}
    return render(request, "learning/authoring/new.html", context, status=_status(request))


def _published(request: HttpRequest, publish: Callable[[bool], object]) -> str:
    """Publishes or unpublishes as posted: the refusal in words, or "" once done (and said)."""
    published = request.POST.get("published") == "1"
    error = refusal(lambda: publish(published))
    if not error:
        messages.success(request, _("Published.") if published else _("Back to a draft."))
    return error


# -- courses --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def course_new(request: HttpRequest) -> HttpResponse:
    return _new(
        request, "course", services.create_course, _("Course created: now add its modules.")
    )


@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, course_id: int) -> HttpResponse:
    """The course's title and summary, its modules in order, publishing."""
    person = person_of(request)
    course = get_course_to_edit(person, course_id)
    form = _heading_form(course, _posted(request))
    if _saved(request, form, lambda: services.update_course(person, course, _heading(form))):
        messages.success(request, _("Saved."))
        return _redirect("course_edit", course.pk)
    return _course_editor(request, course, form, status=_status(request))


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
        "form": form or _heading_form(course),
        "modules": modules,
        "publish_error": publish_error,
        "nav": "learning",
    }
    return render(request, "learning/authoring/course.html", context, status=status)


@require_POST
def course_publish(request: HttpRequest, course_id: int) -> HttpResponse:
    person = person_of(request)
    course = get_course_to_edit(person, course_id)
    error = _published(request, lambda on: services.set_course_published(person, course, on))
    if error:
        return _course_editor(request, course, publish_error=error, status=422)
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
    module = _saved(request, form, lambda: services.add_module(person, course, _module_draft(form)))
    if module is not None:
        messages.success(request, _("Module added. Add a quiz below, or leave it without."))
        return _redirect("module_edit", module.pk)
    context = {"course": course, "form": form, "nav": "learning"}
    return render(request, "learning/authoring/module_new.html", context, status=_status(request))


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
    if _saved(request, form, lambda: services.update_module(person, module, _module_draft(form))):
        messages.success(request, _("Saved."))
        return _redirect("module_edit", module.pk)
    return _module_editor(request, module, form=form, status=_status(request))


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
    questions = quiz_text.parse(quiz_form.cleaned_data["questions"]) if quiz_form.is_valid() else []
    pass_mark = quiz_form.cleaned_data["pass_mark"] if questions else None
    if _saved(request, quiz_form, lambda: services.set_quiz(person, module, questions, pass_mark)):
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
    error = refusal(lambda: services.delete_module(person, module))
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Module “%(title)s” removed.") % {"title": module.title})
    url = reverse("learning:course_edit", args=[module.course_id]) + "#modules"
    if is_htmx(request):  # asked to confirm first (hx-confirm): the page reloads
        return triggered("module-removed", redirect=url)
    return HttpResponseRedirect(url, status=303)


# -- programs -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def program_new(request: HttpRequest) -> HttpResponse:
    return _new(
        request, "program", services.create_program, _("Program created: now add its courses.")
    )


@require_http_methods(["GET", "POST"])
def program_edit(request: HttpRequest, program_id: int) -> HttpResponse:
    person = person_of(request)
    program = get_program_to_edit(person, program_id)
    form = _heading_form(program, _posted(request))
    if _saved(request, form, lambda: services.update_program(person, program, _heading(form))):
        messages.success(request, _("Saved."))
        return _redirect("program_edit", program.pk)
    return _program_editor(request, person, program, form, status=_status(request))


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
        "form": form or _heading_form(program),
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
    error = refusal(lambda: services.set_program_courses(person, program, [int(v) for v in values]))
    if error:
        return _program_editor(request, person, program, courses_error=error, status=422)
    return _redirect("program_edit", program.pk, "#courses")


@require_POST
def program_publish(request: HttpRequest, program_id: int) -> HttpResponse:
    person = person_of(request)
    program = get_program_to_edit(person, program_id)
    error = _published(request, lambda on: services.set_program_published(person, program, on))
    if error:
        return _program_editor(request, person, program, publish_error=error, status=422)
    return _redirect("program_edit", program.pk)
