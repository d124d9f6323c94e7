"""The course catalog and programs: everyone's published ones, and the drafts one may edit."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from inservice.learning.models.content import Course, Program
from inservice.learning.models.progress import Assignment
from inservice.learning.permissions import (
    can_edit,
    get_course_for_user,
    get_program_for_user,
    may_assign,
    may_author_anything,
)
from inservice.learning.standings import assignment_rows, course_outline, today_for
from inservice.lib.paging import CappedPaginator
from inservice.lib.queries import unique
from inservice.lib.requests import person_of
from inservice.org.models import Team
from inservice.org.permissions import get_team

PAGE_SIZE = 25


@require_GET
def course_list(request: HttpRequest) -> HttpResponse:
    """Published courses by title (and one's drafts), with how far one is; by team or words."""
    person = person_of(request)
    words = request.GET.get("q", "").strip()[:100]
    slug = request.GET.get("team", "").strip()
    courses = Course.objects.visible_to(person).for_list(person)
    team: Team | None = None
    if slug:
        team = get_team(slug)
        courses = courses.filter(owner_team=team)
    if words:
        courses = courses.search(words)
    page = CappedPaginator(courses.order_by("title", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "courses": list(page.object_list),
        "words": words,
        "team": team,
        "teams": list(
            Team.objects.filter(pk__in=Course.objects.published().values("owner_team"))
            .order_by("name")
            .only("name", "slug")
        ),
        "query": urlencode([(k, v) for k, v in (("q", words), ("team", slug)) if v]),
        "authors": may_author_anything(person),
        "nav": "learning",
    }
    return render(request, "learning/course_list.html", context)


@require_GET
def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    person = person_of(request)
    course = get_course_for_user(person, course_id)
    outline = course_outline(person, course)
    assignment = unique(Assignment.objects.for_person(person).filter(course=course).with_progress())
    programs = list(
        Program.objects.visible_to(person)
        .filter(entries__course=course)
        .order_by("title")
        .only("pk", "title")
    )
    context = {
        "course": course,
        "outline": outline,
        "next_module": outline.next_after(),
        "assignment": assignment_rows([assignment], today_for(person))[0] if assignment else None,
        "programs": programs,
        "can_edit": can_edit(person, course),
        "can_assign": course.published and may_assign(person),
        "nav": "learning",
    }
    return render(request, "learning/course_detail.html", context)


@require_GET
def program_list(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    programs = Program.objects.visible_to(person).for_list(person).order_by("title", "id")
    page = CappedPaginator(programs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "programs": list(page.object_list),
        "authors": may_author_anything(person),
        "nav": "learning",
    }
    return render(request, "learning/program_list.html", context)


@require_GET
def program_detail(request: HttpRequest, program_id: int) -> HttpResponse:
    """A program's courses in order, each with how far one is in it."""
    person = person_of(request)
    program = get_program_for_user(person, program_id)
    courses = list(
        Course.objects.filter(program_entries__program=program)
        .for_list(person)
        .order_by("program_entries__position")
    )
    assignment = unique(
        Assignment.objects.for_person(person).filter(program=program).with_progress()
    )
    done = sum(1 for c in courses if getattr(c, "completed", False))
    context = {
        "program": program,
        "courses": courses,
        "done": done,
        "percent": (100 * done) // len(courses) if courses else 0,
        "next_course": next((c for c in courses if not getattr(c, "completed", False)), None),
        "assignment": assignment_rows([assignment], today_for(person))[0] if assignment else None,
        "can_edit": can_edit(person, program),
        "can_assign": program.published and may_assign(person),
        "nav": "learning",
    }
    return render(request, "learning/program_detail.html", context)
