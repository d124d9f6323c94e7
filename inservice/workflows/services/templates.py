"""Workflow templates: created and saved whole, each save a new version that later runs use.

A version is checked before anything is written: parameters, steps owned by teams through their
own services, prefills naming real intake fields and parameters, dependencies that name earlier
steps and never go round in a circle. Errors are keyed by where they are (`steps.2.service`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from inservice.catalog.choices import FieldKind
from inservice.catalog.models import FormField, Service
from inservice.org.models import Person, Team
from inservice.workflows import schedule
from inservice.workflows.choices import ConditionOp, ParamKind
from inservice.workflows.models import StepDefinition, TemplateVersion, WorkflowTemplate

KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
MAX_STEPS = 60
MAX_OFFSET = 250  # working days, about a year
# Every subject and prefill may also name the run's anchor date (as YYYY-MM-DD).
ANCHOR = "anchor_date"


@dataclass
class Param:
    key: str
    label: str
    kind: str = ParamKind.TEXT
    required: bool = True
    choices: Sequence[str] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "kind": self.kind,
            "required": self.required,
            "choices": list(self.choices),
        }


@dataclass
class StepDraft:
    key: str
    name: str
    service: Service
    subject: str
    offset_days: int = 0
    work_days: int = 1
    depends_on: Sequence[str] = ()
    team: Team | None = None  # the owning team; the service's team when not given
    # The step applies only when every condition holds (one, several or none).
    condition: schedule.Condition | Sequence[schedule.Condition] | None = None
    prefill: Mapping[str, str] = field(default_factory=dict)


@dataclass
class VersionDraft:
    steps: Sequence[StepDraft]
    parameters: Sequence[Param] = ()
    anchor_label: str = "Start date"
    min_notice_days: int = 0
    note: str = ""


def params_of(version: TemplateVersion) -> list[Param]:
    return [
        Param(
            key=p["key"],
            label=p["label"],
            kind=p.get("kind", ParamKind.TEXT),
            required=bool(p.get("required", True)),
            choices=list(p.get("choices", [])),
        )
        for p in version.parameters
    ]


def conditions_of(step: StepDefinition) -> list[schedule.Condition]:
    return [
        schedule.Condition(c["param"], c.get("op", ConditionOp.EQUALS), c.get("value", ""))
        for c in step.conditions
    ]


def conditions_in(step: StepDraft) -> list[schedule.Condition]:
    if step.condition is None:
        return []
    if isinstance(step.condition, schedule.Condition):
        return [step.condition]
    return list(step.condition)


def can_edit_template(person: Person, team: Team | int) -> bool:
    team_id = team if isinstance(team, int) else team.pk
    return person.is_superuser or team_id in person.lead_team_ids()


def create_template(
    actor: Person, team: Team, name: str, summary: str, draft: VersionDraft
) -> WorkflowTemplate:
    """A new template with its first version. Only the owning team's leads create one."""
    errors = _name_problems(name, None) | _summary_problems(summary)
    if not can_edit_template(actor, team):
        errors["team"] = _("Only a lead of %(team)s can keep its workflows.") % {"team": team}
    errors |= check_version(draft)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        template = WorkflowTemplate.objects.create(
            team=team, name=name.strip(), summary=summary.strip()
        )
        _write_version(actor, template, draft, number=1)
    return template


def save_version(
    actor: Person,
    template: WorkflowTemplate,
    draft: VersionDraft,
    *,
    name: str | None = None,
    summary: str | None = None,
) -> TemplateVersion:
    """Saves the template's steps as its next version; runs under way keep theirs."""
    errors: dict[str, str] = {}
    if not can_edit_template(actor, template.team_id):
        errors["team"] = _("Only a lead of the owning team can change this workflow.")
    if name is not None:
        errors |= _name_problems(name, template.pk)
    if summary is not None:
        errors |= _summary_problems(summary)
    errors |= check_version(draft)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = WorkflowTemplate.objects.select_for_update().get(pk=template.pk)
        if name is not None:
            locked.name = name.strip()
        if summary is not None:
            locked.summary = summary.strip()
        locked.save(update_fields=["name", "summary"])
        latest = locked.versions.aggregate(n=Max("number"))["n"] or 0
        version = _write_version(actor, locked, draft, number=latest + 1)
    template.refresh_from_db()
    return version


def set_template_active(actor: Person, template: WorkflowTemplate, active: bool) -> None:
    """Stops or allows new runs; runs under way go on."""
    if not can_edit_template(actor, template.team_id):
        raise ValidationError({"team": _("Only a lead of the owning team can change this.")})
    WorkflowTemplate.objects.filter(pk=template.pk).update(is_active=active)
    template.is_active = active


def _write_version(
    actor: Person, template: WorkflowTemplate, draft: VersionDraft, number: int
) -> TemplateVersion:
    version = TemplateVersion.objects.create(
        template=template,
        number=number,
        anchor_label=draft.anchor_label.strip(),
        min_notice_days=draft.min_notice_days,
        parameters=[p.as_json() for p in draft.parameters],
        note=draft.note.strip()[:200],
        created_by=actor,
        created_at=timezone.now(),
    )
    StepDefinition.objects.bulk_create(
        StepDefinition(
            version=version,
            position=index,
            key=step.key,
            name=step.name.strip(),
            team=step.team or step.service.team,
            service=step.service,
            subject=step.subject.strip(),
            offset_days=step.offset_days,
            work_days=step.work_days,
            depends_on=list(step.depends_on),
            conditions=[
                {"param": c.param, "op": c.op, "value": c.value} for c in conditions_in(step)
            ],
            prefill=dict(step.prefill),
        )
        for index, step in enumerate(draft.steps)
    )
    WorkflowTemplate.objects.filter(pk=template.pk).update(current=version)
    template.current = version
    return version


# -- checks -------------------------------------------------------------------------------------


def _name_problems(name: str, exclude: int | None) -> dict[str, str]:
    name = name.strip()
    if not name:
        return {"name": _("Name the workflow.")}
    if len(name) > 120:
        return {"name": _("Keep the name under 120 characters.")}
    taken = WorkflowTemplate.objects.filter(name__iexact=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        return {"name": _("Another workflow is called “%(name)s”.") % {"name": name}}
    return {}


def _summary_problems(summary: str) -> dict[str, str]:
    if len(summary.strip()) > 300:
        return {"summary": _("Keep the summary under 300 characters.")}
    return {}


def check_version(draft: VersionDraft) -> dict[str, str]:
    """Every problem of a version, keyed by where it is; empty when it can be saved."""
    errors: dict[str, str] = {}
    if not draft.anchor_label.strip():
        errors["anchor_label"] = _("Name the anchor date (e.g. “Start date”).")
    if not 0 <= draft.min_notice_days <= MAX_OFFSET:
        errors["min_notice_days"] = _("Minimum notice is between 0 and %(n)s working days.") % {
            "n": MAX_OFFSET
        }
    errors |= _param_problems(draft.parameters)
    params = {p.key for p in draft.parameters} | {ANCHOR}
    if not draft.steps:
        errors["steps"] = _("Add at least one step.")
        return errors
    if len(draft.steps) > MAX_STEPS:
        errors["steps"] = _("A workflow has at most %(n)s steps.") % {"n": MAX_STEPS}
        return errors
    keys = [s.key for s in draft.steps]
    fields = _form_fields({s.service.pk for s in draft.steps})
    for index, step in enumerate(draft.steps):
        at = f"steps.{index}"
        label = step.name.strip() or step.key
        for where, message in _step_problems(step, keys, params, fields.get(step.service.pk, {})):
            errors.setdefault(
                f"{at}.{where}",
                _("Step “%(step)s”: %(problem)s") % {"step": label, "problem": message},
            )
    if not any(k.startswith("steps.") and k.endswith(".depends_on") for k in errors):
        cycle = schedule.find_cycle({s.key: list(s.depends_on) for s in draft.steps})
        if cycle:
            names = {s.key: s.name.strip() or s.key for s in draft.steps}
            errors["steps"] = _("These steps wait on each other in a circle: %(cycle)s.") % {
                "cycle": " → ".join(names[k] for k in cycle)
            }
    return errors


def _param_problems(parameters: Sequence[Param]) -> dict[str, str]:
    errors: dict[str, str] = {}
    seen: set[str] = set()
    for index, param in enumerate(parameters):
        at = f"parameters.{index}"
        if not KEY.match(param.key):
            errors[f"{at}.key"] = _(
                "“%(key)s”: a parameter's key is lower-case letters, digits and _, from a letter."
            ) % {"key": param.key}
        elif param.key == ANCHOR:
            errors[f"{at}.key"] = _("“%(key)s” is the anchor date itself: choose another key.") % {
                "key": param.key
            }
        elif param.key in seen:
            errors[f"{at}.key"] = _("Two parameters are called “%(key)s”.") % {"key": param.key}
        seen.add(param.key)
        if not param.label.strip():
            errors[f"{at}.label"] = _("Give the parameter “%(key)s” a label.") % {"key": param.key}
        if param.kind not in ParamKind.values:
            errors[f"{at}.kind"] = _("Unknown kind of parameter “%(kind)s”.") % {"kind": param.kind}
        elif param.kind == ParamKind.CHOICE and not [c for c in param.choices if c.strip()]:
            errors[f"{at}.choices"] = _("List the choices of “%(label)s”.") % {"label": param.label}
    return errors


def _form_fields(service_ids: set[int]) -> dict[int, dict[str, FormField]]:
    found: dict[int, dict[str, FormField]] = {}
    for item in FormField.objects.filter(service_id__in=service_ids):
        found.setdefault(item.service_id, {})[item.key] = item
    return found


def _step_problems(
    step: StepDraft, keys: list[str], params: set[str], fields: Mapping[str, FormField]
) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if not KEY.match(step.key):
        problems.append(("key", _("its key is lower-case letters, digits and _, from a letter.")))
    elif keys.count(step.key) > 1:
        problems.append(("key", _("another step has the key “%(key)s”.") % {"key": step.key}))
    if not step.name.strip():
        problems.append(("name", _("name the step.")))
    team = step.team or step.service.team
    if step.service.team_id != team.pk:
        problems.append(
            (
                "service",
                _("%(team)s has no service “%(service)s”.")
                % {"team": team, "service": step.service},
            )
        )
    elif not step.service.is_active:
        problems.append(("service", _("“%(service)s” is retired.") % {"service": step.service}))
    if not step.subject.strip():
        problems.append(("subject", _("give its requests a subject.")))
    elif len(step.subject) > 200:
        problems.append(("subject", _("keep the subject under 200 characters.")))
    if not -MAX_OFFSET <= step.offset_days <= MAX_OFFSET:
        problems.append(
            ("offset_days", _("the offset is within %(n)s working days.") % {"n": MAX_OFFSET})
        )
    if not 0 <= step.work_days <= 60:
        problems.append(("work_days", _("it takes between 0 and 60 working days.")))
    for dep in step.depends_on:
        if dep == step.key:
            problems.append(("depends_on", _("a step cannot wait on itself.")))
        elif dep not in keys:
            problems.append(("depends_on", _("it waits on “%(key)s”, not a step.") % {"key": dep}))
    unknown = sorted(
        {name for text in [step.subject, *step.prefill.values()] for name in placeholders(text)}
        - params
    )
    if unknown:
        problems.append(
            (
                "subject",
                _("{%(name)s} is not a parameter of the workflow.") % {"name": unknown[0]},
            )
        )
    for key in step.prefill:
        if key not in fields:
            problems.append(
                (
                    "prefill",
                    _("“%(service)s” has no form field “%(key)s”.")
                    % {"service": step.service, "key": key},
                )
            )
        elif fields[key].kind == FieldKind.ATTACHMENT:
            problems.append(("prefill", _("an attachment field cannot be prefilled.")))
    for condition in conditions_in(step):
        if condition.param not in params:
            problems.append(
                (
                    "condition",
                    _("its condition names “%(key)s”, not a parameter.") % {"key": condition.param},
                )
            )
        if condition.op not in ConditionOp.values:
            problems.append(("condition", _("unknown kind of condition.")))
    return problems


def placeholders(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


def fill(text: str, params: Mapping[str, Any]) -> str:
    """Text with each {parameter} replaced by the run's value (a person by their name)."""
    return PLACEHOLDER.sub(lambda m: schedule.as_text(params.get(m.group(1))), text)
