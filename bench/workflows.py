"""Workflows at scale: starting a 20-step run, and rendering its progress page.

A benchmark template of 20 steps is built (once) over the seeded organisation's services, in
four chains that join: four steps wait on nothing and are requested at start, each other step
waits on one or two earlier ones. Each step prefills every field of its service's intake form,
so starting checks 20 forms, plans 20 due dates in the owning teams' calendars, writes the run
and its 20 steps, and opens the four first requests with their clocks, in one transaction.

Services of IT Service Desk are left out, so repeated runs do not grow the queue the pages
benchmark measures. Times are in-process: `services.start_run` called directly, the progress
page through the whole Django stack with `django.test.Client` (as bench.pages).
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.fixtures import QUEUE_TEAM
from bench.pages import PageResult
from bench.stats import summarise
from inservice.catalog.choices import FieldKind
from inservice.catalog.intake import IntakeForm
from inservice.catalog.models import FormField, Service
from inservice.catalog.permissions import can_ask
from inservice.org.choices import Role
from inservice.org.models import Membership, Person
from inservice.workflows import services
from inservice.workflows.models import Run, WorkflowTemplate

NAME = "Benchmark: twenty steps"
STEPS = 20
CHAINS = 4
UNFILLABLE = (FieldKind.ATTACHMENT, FieldKind.MULTIPLE_CHOICE)


def _prefill(fields: list[FormField], person: Person) -> dict[str, str] | None:
    """A text for every field of the form, or None when the form cannot be filled from text."""
    found: dict[str, str] = {}
    for field in fields:
        if field.kind in UNFILLABLE:
            if field.required or field.required_when_key:
                return None
            continue
        if field.kind == FieldKind.SINGLE_CHOICE:
            found[field.key] = field.options[0] if field.options else ""
        elif field.kind == FieldKind.NUMBER:
            found[field.key] = str(field.min_value or 1)
        elif field.kind == FieldKind.DATE:
            found[field.key] = (timezone.localdate() + timedelta(days=30)).isoformat()
        elif field.kind == FieldKind.PERSON:
            found[field.key] = person.email
        else:
            found[field.key] = "Benchmark"
    return found


def _steps(initiator: Person) -> list[services.StepDraft]:
    candidates = (
        Service.objects.filter(is_active=True, is_confidential=False)
        .exclude(team__key_prefix=QUEUE_TEAM)
        .select_related("team")
        .prefetch_related("fields")
        .order_by("team__name", "name")
    )
    chosen: list[tuple[Service, dict[str, str]]] = []
    for service in candidates:
        fields = list(service.fields.all())
        prefill = _prefill(fields, initiator)
        if prefill is None or not can_ask(initiator, service):
            continue
        if not IntakeForm(fields, data=prefill).is_valid():
            continue
        chosen.append((service, prefill))
        if len(chosen) == STEPS:
            break
    if len(chosen) < STEPS:
        raise SystemExit(f"Only {len(chosen)} services can be prefilled: {STEPS} are needed.")
    drafts = []
    for index, (service, prefill) in enumerate(chosen):
        depends = [f"s{index - CHAINS}"] if index >= CHAINS else []
        if index >= CHAINS + 1 and index % 3 == 0:
            depends.append(f"s{index - CHAINS - 1}")
        drafts.append(
            services.StepDraft(
                key=f"s{index}",
                name=f"Step {index + 1}: {service.name}"[:120],
                service=service,
                subject=f"{{name}}: {service.name}"[:200],
                offset_days=-(STEPS - index),
                work_days=1,
                depends_on=depends,
                prefill=prefill,
            )
        )
    return drafts


def ensure_template(initiator: Person) -> WorkflowTemplate:
    found = WorkflowTemplate.objects.filter(name=NAME).first()
    if found is not None:
        return found
    lead = Membership.objects.filter(role=Role.LEAD).select_related("person", "team").first()
    if lead is None:
        raise SystemExit("The bench database has no team lead to keep the template.")
    draft = services.VersionDraft(
        steps=_steps(initiator),
        parameters=[services.Param("name", "Name")],
        anchor_label="Start date",
        min_notice_days=10,
    )
    return services.create_template(lead.person, lead.team, NAME, "Twenty steps.", draft)


def measure(initiator: Person, warmup: int, samples: int) -> list[PageResult]:
    template = ensure_template(initiator)
    template.refresh_from_db()
    anchor = timezone.localdate() + timedelta(days=45)
    params: dict[str, Any] = {"name": "Benchmark hire"}

    def start() -> Run:
        try:
            return services.start_run(initiator, template, anchor, params)
        except ValidationError as refused:
            raise SystemExit(f"The benchmark run was refused: {refused.message_dict}") from None

    with CaptureQueriesContext(connection) as captured:
        first = start()
    start_queries = len(captured)
    for _ in range(warmup):
        start()
    seconds, runs = [], [first]
    for _ in range(samples):
        began = time.perf_counter()
        runs.append(start())
        seconds.append(time.perf_counter() - began)
    started = PageResult(
        f"start a {STEPS}-step run", "services.start_run", summarise(seconds), start_queries
    )

    client = Client()
    client.force_login(initiator)
    paths = [f"/workflows/runs/{run.pk}/" for run in runs]
    for path in paths[: max(warmup, 1)]:
        if client.get(path).status_code != 200:
            raise RuntimeError(f"{path} did not answer 200")
    with CaptureQueriesContext(connection) as captured:
        client.get(paths[0])
    page_queries = len(captured)
    seconds = []
    for n in range(samples):
        path = paths[n % len(paths)]
        began = time.perf_counter()
        response = client.get(path)
        seconds.append(time.perf_counter() - began)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
    progress = PageResult(
        f"progress page, {STEPS}-step run",
        "/workflows/runs/<id>/",
        summarise(seconds),
        page_queries,
    )
    return [started, progress]
