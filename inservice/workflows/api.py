"""Workflows over the API: the templates one may start, starting a run, following it, moving its
date and cancelling it. The same rules as the pages (workflows.services): what the caller may not
see is a 404; a refusal is a 422 naming the field (`anchor_date`, `params.name`, `steps.laptop`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from inservice.lib.api import PageQuery, page_or_422, service_call
from inservice.lib.api_dates import Day
from inservice.org.api_auth import caller
from inservice.org.schemas import PersonRef
from inservice.tickets.models import Ticket
from inservice.tickets.schemas import StrictIn
from inservice.workflows import services
from inservice.workflows.models import Run, WorkflowTemplate
from inservice.workflows.permissions import get_run_for_user, get_template_for_user
from inservice.workflows.progress import progress

router = Router(tags=["workflows"])


class ParamOut(Schema):
    key: str
    label: str
    kind: str
    required: bool
    choices: list[str]


class StepDefOut(Schema):
    key: str
    name: str
    team: str
    service: str
    offset_days: int
    work_days: int
    depends_on: list[str]


class TemplateOut(Schema):
    id: int
    name: str
    summary: str
    team: str
    version: int | None
    anchor_label: str
    min_notice_days: int
    can_start: bool


class TemplateDetail(TemplateOut):
    parameters: list[ParamOut]
    steps: list[StepDefOut]


class TemplatePage(Schema):
    items: list[TemplateOut]
    next_cursor: str | None


class StartIn(StrictIn):
    anchor_date: Day = Field(description="The anchor date (e.g. the start date), YYYY-MM-DD.")
    params: dict[str, Any] = Field(
        default_factory=dict, description="The template's parameters by key; a person by email."
    )
    title: str = Field("", max_length=200)


class MoveIn(StrictIn):
    anchor_date: Day
    note: str = Field("", max_length=500)


class CancelIn(StrictIn):
    reason: str = Field(min_length=1, max_length=500)


class RunStepOut(Schema):
    key: str
    name: str
    team: str
    state: str
    due_at: datetime | None
    due_note: str
    expected: datetime | None
    critical: bool
    request: str | None  # the request's key, when the caller may see it


class RunOut(Schema):
    id: int
    title: str
    template_id: int
    version: int
    status: str
    anchor_date: date
    initiator: PersonRef
    late_notice: bool
    notice_days: int
    started_at: datetime


class RunDetail(RunOut):
    forecast: str
    reasons: list[str]
    critical_path: list[str]
    steps: list[RunStepOut]


class RunPage(Schema):
    items: list[RunOut]
    next_cursor: str | None


def _template_out(t: WorkflowTemplate) -> dict[str, Any]:
    version = t.current
    return {
        "id": t.pk,
        "name": t.name,
        "summary": t.summary,
        "team": t.team.name,
        "version": version.number if version else None,
        "anchor_label": version.anchor_label if version else "",
        "min_notice_days": version.min_notice_days if version else 0,
        "can_start": t.is_active and version is not None,
    }


def _run_out(run: Run) -> dict[str, Any]:
    return {
        "id": run.pk,
        "title": run.title,
        "template_id": run.template_id,
        "version": run.version.number,
        "status": run.status,
        "anchor_date": run.anchor_date,
        "initiator": run.initiator,
        "late_notice": run.late_notice,
        "notice_days": run.notice_days,
        "started_at": run.started_at,
    }


@router.get("/workflows", response=TemplatePage, summary="Workflows you may start")
def list_templates(request: HttpRequest, paging: Query[PageQuery]) -> dict[str, Any]:
    caller(request)
    rows = WorkflowTemplate.objects.active().select_related("team", "current")
    page = page_or_422(rows, ["name", "id"], paging.cursor, paging.limit)
    return {"items": [_template_out(t) for t in page.items], "next_cursor": page.next_cursor}


@router.get("/workflows/{template_id}", response=TemplateDetail, summary="One workflow")
def get_template(request: HttpRequest, template_id: int) -> dict[str, Any]:
    template = get_template_for_user(caller(request), template_id)
    version = template.current
    steps = list(version.steps.select_related("team", "service")) if version else []
    return {
        **_template_out(template),
        "parameters": version.parameters if version else [],
        "steps": [
            {
                "key": s.key,
                "name": s.name,
                "team": s.team.name,
                "service": s.service.slug,
                "offset_days": s.offset_days,
                "work_days": s.work_days,
                "depends_on": s.depends_on,
            }
            for s in steps
        ],
    }


@router.post("/workflows/{template_id}/runs", response={201: RunDetail}, summary="Start a run")
def start_run(request: HttpRequest, template_id: int, payload: StartIn) -> Status[dict[str, Any]]:
    """Starts the run whole or not at all: every refusal is listed, nothing is created."""
    person = caller(request)
    template = get_template_for_user(person, template_id)
    with service_call():
        run = services.start_run(
            person,
            template,
            payload.anchor_date,
            payload.params,
            title=payload.title,
        )
    return Status(201, _detail(person, get_run_for_user(person, run.pk)))


@router.get("/workflow-runs", response=RunPage, summary="Runs you follow")
def list_runs(request: HttpRequest, paging: Query[PageQuery]) -> dict[str, Any]:
    rows = Run.objects.visible_to(caller(request)).select_related("version", "initiator")
    page = page_or_422(rows, ["-started_at", "-id"], paging.cursor, paging.limit)
    return {"items": [_run_out(r) for r in page.items], "next_cursor": page.next_cursor}


@router.get("/workflow-runs/{run_id}", response=RunDetail, summary="A run's progress")
def get_run(request: HttpRequest, run_id: int) -> dict[str, Any]:
    person = caller(request)
    return _detail(person, get_run_for_user(person, run_id))


@router.post("/workflow-runs/{run_id}/anchor", response=RunDetail, summary="Move the anchor date")
def move_anchor(request: HttpRequest, run_id: int, payload: MoveIn) -> dict[str, Any]:
    person = caller(request)
    run = get_run_for_user(person, run_id)
    with service_call():
        services.move_anchor(person, run, payload.anchor_date, payload.note)
    return _detail(person, get_run_for_user(person, run_id))


@router.post("/workflow-runs/{run_id}/cancel", response=RunDetail, summary="Cancel a run")
def cancel_run(request: HttpRequest, run_id: int, payload: CancelIn) -> dict[str, Any]:
    person = caller(request)
    run = get_run_for_user(person, run_id)
    with service_call():
        services.cancel_run(person, run, payload.reason)
    return _detail(person, get_run_for_user(person, run_id))


def _detail(person: Any, run: Run) -> dict[str, Any]:
    shown = progress(run)
    ids = [r.step.ticket_id for r in shown.rows if r.step.ticket_id]
    visible = set(Ticket.objects.visible_to(person).filter(pk__in=ids).values_list("pk", flat=True))
    return {
        **_run_out(run),
        "forecast": shown.forecast.value,
        "reasons": shown.reasons,
        "critical_path": [s.key for s in shown.critical],
        "steps": [
            {
                "key": r.step.key,
                "name": r.step.name,
                "team": r.step.team.name,
                "state": r.step.state,
                "due_at": r.step.due_at,
                "due_note": r.step.due_note,
                "expected": r.expected,
                "critical": r.critical,
                "request": r.step.ticket.key
                if r.step.ticket is not None and r.step.ticket_id in visible
                else None,
            }
            for r in shown.rows
        ],
    }
