"""Builds the demo's workflow templates through the workflows services (each created by its owning
team's lead), and starts the runs a visitor finds under way."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta

from django.utils import timezone

from inservice.catalog.models import Service
from inservice.demo.build import Directory
from inservice.demo.data.workflows import RUNS, WORKFLOWS
from inservice.demo.spec import RunSpec, StepSpec, WorkflowSpec
from inservice.org.models import Person
from inservice.sla import business
from inservice.workflows import schedule
from inservice.workflows import services as workflows
from inservice.workflows.choices import ParamKind
from inservice.workflows.models import Run, WorkflowTemplate

Progress = Callable[[str], None]


def build_workflows(
    d: Directory, services: Iterable[Service], progress: Progress
) -> dict[str, WorkflowTemplate]:
    """The templates of `data/workflows.py`, by name."""
    by_name = {f"{s.team.key_prefix}:{s.name}": s for s in services}
    built: dict[str, WorkflowTemplate] = {}
    for spec in WORKFLOWS:
        draft = workflows.VersionDraft(
            steps=[_step(step, by_name) for step in spec.steps],
            parameters=spec.parameters,
            anchor_label=spec.anchor_label,
            min_notice_days=spec.min_notice_days,
        )
        built[spec.name] = workflows.create_template(
            d.leads[spec.team], d.teams[spec.team], spec.name, spec.summary, draft
        )
    progress(f"templates {len(built)}")
    return built


def _step(spec: StepSpec, services: dict[str, Service]) -> workflows.StepDraft:
    return workflows.StepDraft(
        key=spec.key,
        name=spec.name,
        service=services[spec.service],
        subject=spec.subject,
        offset_days=spec.offset_days,
        work_days=spec.work_days,
        depends_on=spec.depends_on,
        condition=spec.condition,
        prefill=spec.prefill,
    )


def start_runs(
    leads: Mapping[str, Person],
    sign_ins: Mapping[str, Person],
    templates: Mapping[str, WorkflowTemplate],
    progress: Progress,
) -> list[Run]:
    """The runs of `data/workflows.py`, anchored in the coming weeks; `leads` by team prefix and
    `sign_ins` by username name the people who start them."""
    people = {f"lead:{prefix}": lead for prefix, lead in leads.items()} | dict(sign_ins)
    today = timezone.localdate()
    specs = {spec.name: spec for spec in WORKFLOWS}
    runs = [
        _start(people, templates[run.workflow], specs[run.workflow], run, today) for run in RUNS
    ]
    progress(f"runs {len(runs)}")
    return runs


def _start(
    people: Mapping[str, Person],
    template: WorkflowTemplate,
    workflow: WorkflowSpec,
    run: RunSpec,
    today: date,
) -> Run:
    anchor = _next_weekday(today + timedelta(days=run.days_ahead), run.weekday)
    hours = business.for_team(template.team)
    while not schedule.is_working_day(hours, anchor):  # a holiday: the next day the owners work
        anchor += timedelta(days=1)
    closing = anchor.replace(day=1) - timedelta(days=1)
    fill = {"anchor": anchor.isoformat(), "closing_month": f"{closing:%B %Y}"}
    colleagues = {p.key for p in workflow.parameters if p.kind == ParamKind.PERSON}
    params = {
        key: people[text].email if key in colleagues else text.format_map(fill)
        for key, text in run.params.items()
    }
    return workflows.start_run(people[run.initiator], template, anchor, params)


def _next_weekday(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)
