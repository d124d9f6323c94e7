"""Runs: started whole or not at all, each step a request in its team's queue once the steps it
waits on are finished, the anchor date moved, a run cancelled.

A run is checked whole before anything is written: its parameters, the anchor date, every
applying step's intake form filled from the parameters. Steps that wait on nothing are requested
at once; the others by `advance`, a task enqueued when a step's request is finished (see
`hooks.request_moved`), which is safe to run any number of times.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from inservice.catalog.choices import FieldKind
from inservice.catalog.intake import IntakeForm
from inservice.catalog.permissions import can_ask
from inservice.notifications import services as notify
from inservice.notifications.choices import Kind
from inservice.org.fields import people_looked_up_once
from inservice.org.models import Person
from inservice.sla import business
from inservice.sla import services as sla
from inservice.tickets import services as tickets
from inservice.tickets.choices import OPEN_STATUSES, Status
from inservice.tickets.lifecycle import Action, IllegalTransition
from inservice.tickets.models import Ticket
from inservice.workflows import schedule
from inservice.workflows.choices import LIVE_STEP_STATES, RunStatus, StepState
from inservice.workflows.definitions import steps_of
from inservice.workflows.models import Run, RunStep, StepDefinition, WorkflowTemplate
from inservice.workflows.params import ParamsForm, as_form_data
from inservice.workflows.services.templates import ANCHOR, conditions_of, fill, params_of


@dataclass
class Planned:
    definition: StepDefinition
    applies: bool
    due: schedule.Due | None
    answers: dict[str, Any]


def can_manage_run(person: Person, run: Run) -> bool:
    """The initiator, the owning team's leads and administrators move or cancel a run."""
    return (
        person.is_superuser
        or person.pk == run.initiator_id
        or run.template.team_id in person.lead_team_ids()
    )


def start_run(
    actor: Person,
    template: WorkflowTemplate,
    anchor_date: date,
    params: Mapping[str, Any],
    *,
    title: str = "",
) -> Run:
    """Starts a run of the template's current version: all of it, or nothing and every reason."""
    with people_looked_up_once():  # the same colleagues fill many steps' forms
        return _start(actor, template, anchor_date, params, title)


def _start(
    actor: Person,
    template: WorkflowTemplate,
    anchor_date: date,
    params: Mapping[str, Any],
    title: str,
) -> Run:
    version = template.current
    if not template.is_active or version is None:
        raise ValidationError({"template": _("This workflow cannot be started now.")})
    now = timezone.now()
    errors: dict[str, str] = {}
    form = ParamsForm(params_of(version), as_form_data(params))
    cleaned = form.cleaned_params() if form.is_valid() else {}
    for key, messages in form.errors.items():
        errors[f"params.{key}"] = " ".join(str(m) for m in messages)
    today = timezone.localdate(now)
    if anchor_date < today:
        errors["anchor_date"] = _("%(label)s has passed: choose today or a later date.") % {
            "label": version.anchor_label
        }
    if len(title) > 200:
        errors["title"] = _("Keep the title under 200 characters.")
    if errors:
        raise ValidationError(errors)
    definitions = steps_of(version)
    planned = [_plan_step(actor, d, anchor_date, cleaned, errors) for d in definitions]
    if errors:
        raise ValidationError(errors)
    owner = business.for_team(template.team)
    notice = schedule.notice_days(owner, now, anchor_date)
    late = bool(version.min_notice_days) and notice < version.min_notice_days
    with transaction.atomic():
        run = Run.objects.create(
            template=template,
            version=version,
            title=title.strip() or _default_title(template, cleaned),
            initiator=actor,
            initiating_team=actor.team,
            anchor_date=anchor_date,
            params=cleaned,
            notice_days=notice,
            late_notice=late,
            started_at=now,
        )
        steps = [
            RunStep(
                run=run,
                position=index,
                key=p.definition.key,
                name=p.definition.name,
                team=p.definition.team,
                service=p.definition.service,
                subject=fill(p.definition.subject, {**cleaned, ANCHOR: anchor_date.isoformat()})[
                    :200
                ],
                answers=p.answers,
                depends_on=list(p.definition.depends_on),
                offset_days=p.definition.offset_days,
                work_days=p.definition.work_days,
                due_at=p.due.at if p.due else None,
                due_note=p.due.note if p.due else "",
                state=StepState.PENDING if p.applies else StepState.SKIPPED,
            )
            for index, p in enumerate(planned)
        ]
        # The steps that wait on nothing are requested first, so each step row is written once,
        # its request already named: a failing request undoes the whole run.
        for step in _ready(steps):
            step.ticket, step.state, step.opened_at = _open_request(run, step), StepState.OPEN, now
        RunStep.objects.bulk_create(steps)
    return run


def _plan_step(
    actor: Person,
    definition: StepDefinition,
    anchor: date,
    params: Mapping[str, Any],
    errors: dict[str, str],
) -> Planned:
    if not schedule.all_hold(conditions_of(definition), params):
        return Planned(definition, False, None, {})
    service = definition.service
    name = definition.name
    due = schedule.due_for(business.for_team(definition.team), anchor, definition.offset_days)
    if not can_ask(actor, service):
        errors[f"steps.{definition.key}"] = _(
            "Step “%(step)s”: you cannot ask for “%(service)s”."
        ) % {"step": name, "service": service}
        return Planned(definition, True, due, {})
    specs = list(service.fields.all())
    several = {f.key for f in specs if f.kind == FieldKind.MULTIPLE_CHOICE}
    data: dict[str, Any] = {}
    for key, text in definition.prefill.items():
        filled = _prefilled(text, {**params, ANCHOR: anchor.isoformat()})
        # A multiple-choice field takes its options separated by commas.
        data[key] = (
            [o.strip() for o in filled.split(",") if o.strip()] if key in several else filled
        )
    form = IntakeForm(specs, data=data)
    if not form.is_valid():
        labels = {f.key: f.label for f in specs}
        problems = [
            f"{labels.get(key, key)}: {' '.join(str(m) for m in messages)}"
            for key, messages in form.errors.items()
        ]
        errors[f"steps.{definition.key}"] = _("Step “%(step)s” (%(service)s): %(problems)s") % {
            "step": name,
            "service": service,
            "problems": "; ".join(problems),
        }
        return Planned(definition, True, due, {})
    return Planned(definition, True, due, form.cleaned_answers())


def _prefilled(text: str, params: Mapping[str, Any]) -> str:
    """A prefill that is exactly one {parameter} naming a person gives their email, so a person
    field of the form finds them; anything else is text."""
    names = [m for m in text.split() if m]
    if len(names) == 1 and names[0].startswith("{") and names[0].endswith("}"):
        value = params.get(names[0][1:-1])
        if isinstance(value, dict) and value.get("email"):
            return str(value["email"])
    return fill(text, params)


def _default_title(template: WorkflowTemplate, params: Mapping[str, Any]) -> str:
    first = next((schedule.as_text(v) for v in params.values() if schedule.as_text(v)), "")
    return f"{template.name}: {first}"[:200] if first else template.name


# -- moving forward -----------------------------------------------------------------------------


def advance(run_id: int) -> list[RunStep]:
    """Brings the run's steps up to date with their requests and requests every step whose
    predecessors are finished. Idempotent: a step is requested once (its row is locked)."""
    now = timezone.now()
    with transaction.atomic():
        run = Run.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status != RunStatus.ACTIVE:
            return []
        _sync(run, now)
        opened = _open_ready(run, now)
        _finish_if_done(run, now)
    return opened


def _sync(run: Run, now: datetime) -> None:
    """A step is done when its request is resolved or closed, cancelled when its request was
    cancelled, and requested again when its request was reopened."""
    for step in run.steps.filter(ticket__isnull=False).select_related("ticket"):
        ticket = step.ticket
        assert ticket is not None
        if ticket.status in (Status.RESOLVED, Status.CLOSED):
            state = StepState.DONE
        elif ticket.status == Status.CANCELLED:
            state = StepState.CANCELLED
        else:
            state = StepState.OPEN
        if state != step.state:
            step.state = state
            step.finished_at = None if state == StepState.OPEN else (ticket.resolved_at or now)
            step.save(update_fields=["state", "finished_at"])


FINISHED = (StepState.DONE, StepState.SKIPPED, StepState.CANCELLED)


def _ready(steps: list[RunStep]) -> list[RunStep]:
    """The pending steps whose predecessors (through skipped steps) are all finished."""
    by_key = {s.key: s for s in steps}
    skipped = {s.key for s in steps if s.state == StepState.SKIPPED}
    waits = schedule.effective_dependencies({s.key: list(s.depends_on) for s in steps}, skipped)
    return [
        step
        for step in steps
        if step.state == StepState.PENDING
        and all(by_key[d].state in FINISHED for d in waits.get(step.key, []))
    ]


def _open_ready(run: Run, now: datetime) -> list[RunStep]:
    """Requests every pending step whose predecessors are finished. A request that cannot be
    opened marks its step blocked with the reason, and the run goes on."""
    steps = list(run.steps.select_related("service__team__calendar", "team").order_by("position"))
    opened: list[RunStep] = []
    for step in _ready(steps):
        try:
            ticket = _open_request(run, step)
        except (ValidationError, IllegalTransition) as problem:
            step.state = StepState.BLOCKED
            step.problem = "; ".join(_messages(problem))[:300]
            step.save(update_fields=["state", "problem"])
            continue
        step.ticket, step.state, step.opened_at = ticket, StepState.OPEN, now
        opened.append(step)
    RunStep.objects.bulk_update(opened, ["ticket", "state", "opened_at"])  # one statement
    return opened


def _open_request(run: Run, step: RunStep) -> Ticket:
    new = tickets.NewRequest(
        service=step.service,
        subject=step.subject,
        description=_("Step “%(step)s” of the workflow “%(run)s”.")
        % {"step": step.name, "run": run.title},
        answers=step.answers,
        requester=run.initiator,
        resolve_by=step.due_at,
        entry_data=_step_data(run, step),
        also_announce=(Kind.WORKFLOW,) if run.late_notice else (),
    )
    return tickets.open_ticket(run.initiator, new)


def _step_data(run: Run, step: RunStep) -> dict[str, Any]:
    """What the request's first entry says of its workflow: the run, the step, its due time, and
    late notice (announced to the team and to the person who started the run)."""
    data: dict[str, Any] = {"event": "step", "run": run.pk, "step": step.key}
    if step.due_at is not None:
        data["due"] = step.due_at.isoformat()
    if step.due_note:
        data["due_note"] = step.due_note
    if run.late_notice:
        data |= {"late_notice": True, "notice_days": run.notice_days}
        data["min_notice_days"] = run.version.min_notice_days
    return data


def _messages(problem: Exception) -> list[str]:
    if isinstance(problem, ValidationError):
        return [str(m) for m in problem.messages]
    return [str(problem)]


def _finish_if_done(run: Run, now: datetime) -> None:
    if not run.steps.filter(state__in=LIVE_STEP_STATES).exists():
        Run.objects.filter(pk=run.pk).update(status=RunStatus.COMPLETED, finished_at=now)
        run.status, run.finished_at = RunStatus.COMPLETED, now


# -- changing a run -------------------------------------------------------------------------------


def _management_problems(actor: Person, run: Run) -> dict[str, str]:
    if not can_manage_run(actor, run):
        return {"run": _("Only the person who started it or a lead of its workflow can change it.")}
    if run.status != RunStatus.ACTIVE:
        return {"run": _("This run is over.")}
    return {}


def move_anchor(actor: Person, run: Run, anchor_date: date, note: str = "") -> Run:
    """Moves the anchor date: every open and waiting step is due again from the new date, and the
    teams holding open steps are told."""
    errors = _management_problems(actor, run)
    if anchor_date < timezone.localdate():
        errors["anchor_date"] = _("%(label)s has passed: choose today or a later date.") % {
            "label": run.version.anchor_label
        }
    elif anchor_date == run.anchor_date:
        errors["anchor_date"] = _("That is the date already.")
    if len(note) > 500:
        errors["note"] = _("Keep the note under 500 characters.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        current = Run.objects.select_for_update().get(pk=run.pk)
        before = current.anchor_date
        owner = business.for_team(current.template.team)
        notice = schedule.notice_days(owner, now, anchor_date)
        current.anchor_date = anchor_date
        if current.version.min_notice_days and notice < current.version.min_notice_days:
            current.late_notice = True
            current.notice_days = min(current.notice_days, notice)
        current.save(update_fields=["anchor_date", "late_notice", "notice_days"])
        live = current.steps.filter(state__in=LIVE_STEP_STATES).select_related(
            "team__calendar", "ticket"
        )
        for step in live:
            due = schedule.due_for(business.for_team(step.team), anchor_date, step.offset_days)
            step.due_at, step.due_note = due.at, due.note
            step.save(update_fields=["due_at", "due_note"])
            ticket = step.ticket
            if step.state == StepState.OPEN and ticket is not None and ticket.is_open:
                sla.retarget_resolution(ticket, due.at, now)
                data = {
                    "event": "rescheduled",
                    "run": current.pk,
                    "step": step.key,
                    "from": before.isoformat(),
                    "to": anchor_date.isoformat(),
                    "due": due.at.isoformat(),
                }
                entry = tickets.add_workflow_entry(ticket, actor, data, body=note.strip())
                notify.announce(Kind.WORKFLOW, entry)
    return current


def cancel_run(actor: Person, run: Run, reason: str) -> Run:
    """Cancels the run: its open requests are cancelled with the reason on their timelines, and
    the steps not yet requested never will be."""
    errors = _management_problems(actor, run)
    if not reason.strip():
        errors["reason"] = _("Say why the run is cancelled: the teams read it.")
    elif len(reason) > 500:
        errors["reason"] = _("Keep the reason under 500 characters.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        current = Run.objects.select_for_update().get(pk=run.pk)
        message = _("The workflow “%(run)s” was cancelled: %(reason)s") % {
            "run": current.title,
            "reason": reason.strip(),
        }
        for step in current.steps.filter(state__in=LIVE_STEP_STATES).select_related("ticket"):
            ticket = step.ticket
            if ticket is not None and ticket.status in OPEN_STATUSES:
                tickets.add_workflow_entry(
                    ticket, actor, {"event": "cancelled", "run": current.pk, "step": step.key}
                )
                tickets.transition(current.initiator, ticket, Action.CANCEL, message=message)
            step.state, step.finished_at = StepState.CANCELLED, now
            step.save(update_fields=["state", "finished_at"])
        current.status, current.finished_at = RunStatus.CANCELLED, now
        current.save(update_fields=["status", "finished_at"])
    return current


def anchor_label(run: Run) -> str:
    return f"{run.version.anchor_label} {formats.date_format(run.anchor_date, 'D j M Y')}"
