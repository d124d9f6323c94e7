"""What a run's progress page shows: every step with its owner, state and due time, the critical
path, and the forecast for the anchor date (reads only, a fixed number of queries)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from inservice.sla import business
from inservice.workflows import schedule
from inservice.workflows.choices import Forecast, RunStatus, StepState
from inservice.workflows.models import Run, RunStep


@dataclass
class StepRow:
    step: RunStep
    critical: bool
    expected: datetime | None  # projected finish, while the step is not finished
    overdue: bool

    @property
    def colour(self) -> str:
        """The flowchart's status: the step's state, or late / at risk while it is live."""
        if self.overdue:
            return "late"
        if self.step.state in (StepState.OPEN, StepState.PENDING) and (
            self.expected and self.step.due_at and self.expected > self.step.due_at
        ):
            return "at_risk"
        return str(self.step.state)


@dataclass
class Progress:
    run: Run
    rows: list[StepRow]
    forecast: Forecast
    reasons: list[str]
    critical: list[RunStep]
    done: int
    applying: int


def steps_of(run: Run) -> list[RunStep]:
    return list(
        run.steps.select_related("team__calendar", "service", "ticket").order_by("position", "pk")
    )


def progress(run: Run, now: datetime | None = None) -> Progress:
    now = now or timezone.now()
    steps = steps_of(run)
    views = []
    for step in steps:
        table = business.for_team(step.team)
        ready_by = schedule.due_for(table, run.anchor_date, 0).at if step.offset_days <= 0 else None
        ticket = step.ticket
        views.append(
            schedule.StepView(
                key=step.key,
                name=step.name,
                depends_on=list(step.depends_on),
                state=step.state,
                work_days=step.work_days,
                table=table,
                due_at=step.due_at,
                opened_at=step.opened_at,
                finished_at=step.finished_at,
                health=ticket.health if ticket is not None else "",
                day_one=ready_by,
            )
        )
    closed = {RunStatus.COMPLETED: Forecast.DONE, RunStatus.CANCELLED: Forecast.CANCELLED}
    outlook = schedule.forecast(
        views, now, late_notice=run.late_notice, closed=closed.get(RunStatus(run.status), "")
    )
    applying = [s for s in steps if s.state != StepState.SKIPPED]
    skipped = {s.key for s in steps if s.state == StepState.SKIPPED}
    graph = schedule.effective_dependencies({s.key: list(s.depends_on) for s in steps}, skipped)
    path = set(schedule.critical_path(graph, {s.key: s.work_days for s in applying}))
    live = (StepState.OPEN, StepState.PENDING, StepState.BLOCKED)
    rows = [
        StepRow(
            step=s,
            critical=s.key in path,
            expected=outlook.finish.get(s.key) if s.state in live else None,
            overdue=s.state in live and s.due_at is not None and now > s.due_at,
        )
        for s in steps
    ]
    return Progress(
        run=run,
        rows=rows,
        forecast=outlook.forecast,
        reasons=outlook.reasons,
        critical=[s for s in applying if s.key in path],
        done=sum(1 for s in applying if s.state == StepState.DONE),
        applying=len(applying),
    )
