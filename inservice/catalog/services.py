"""The only write path for the catalog: services, RACI, operating steps and intake forms."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from inservice.catalog.choices import CHOICE_KINDS, TEXT_KINDS, FieldKind, RaciRole
from inservice.catalog.models import FormField, OperatingStep, RaciAssignment, Service
from inservice.org.models import Person, Team

SERVICE_FIELDS = (
    "name",
    "summary",
    "description",
    "keywords",
    "audience",
    "accountable",
    "default_priority",
    "is_confidential",
    "is_active",
    "response_target_minutes",
    "resolution_target_minutes",
)


def create_service(
    team: Team, *, name: str, summary: str, audience_teams: Iterable[Team] = (), **values: Any
) -> Service:
    service = Service(team=team, name=name.strip(), summary=summary.strip(), **values)
    service.slug = _unique_slug(f"{team.slug}-{name}")
    with transaction.atomic():
        _check_and_save(service)
        service.audience_teams.set(list(audience_teams))
    return service


def update_service(
    service: Service, *, audience_teams: Iterable[Team] | None = None, **values: Any
) -> Service:
    unknown = set(values) - set(SERVICE_FIELDS)
    if unknown:
        raise ValueError(f"not a service field: {sorted(unknown)}")
    for name, value in values.items():
        setattr(service, name, value)
    with transaction.atomic():
        _check_and_save(service)
        if audience_teams is not None:
            service.audience_teams.set(list(audience_teams))
    return service


def target_problems(
    response_target_minutes: int | None, resolution_target_minutes: int | None
) -> dict[str, list[str]]:
    """Every problem with a service's stated targets, by field name (empty when they can be saved).

    Empty (None) is the one way to say "no target": a zero would read as none when a request is
    asked (sla.policies.snapshot), so it is refused rather than stored with another meaning."""
    errors: dict[str, list[str]] = {}
    targets = {
        "response_target_minutes": (response_target_minutes, _("The first response target")),
        "resolution_target_minutes": (resolution_target_minutes, _("The resolution target")),
    }
    for field_name, (minutes, name) in targets.items():
        if minutes is not None and minutes <= 0:
            errors[field_name] = [
                _("%(target)s must be longer than zero, or left empty for no target.")
                % {"target": name}
            ]
    return errors


def _check_and_save(service: Service) -> None:
    if service.accountable_id is None:
        raise ValidationError({"accountable": _("Every service has an accountable person.")})
    errors = target_problems(service.response_target_minutes, service.resolution_target_minutes)
    if errors:
        raise ValidationError(errors)
    service.full_clean(exclude=["audience_teams"])
    service.save()


def touch_service(service: Service) -> None:
    """Marks the service changed (its policies did): caches keyed by `updated_at` reload."""
    now = timezone.now()
    Service.objects.filter(pk=service.pk).update(updated_at=now)
    service.updated_at = now


def _unique_slug(text: str) -> str:
    base = slugify(text)[:70] or "service"
    slug, n = base, 2
    while Service.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def set_operating_steps(service: Service, steps: Sequence[tuple[str, str]]) -> list[OperatingStep]:
    """Replaces the service's standard operating steps with (title, detail) pairs, in order."""
    cleaned = [(t.strip(), d.strip()) for t, d in steps if t.strip()]
    with transaction.atomic():
        service.steps.all().delete()
        return OperatingStep.objects.bulk_create(
            OperatingStep(service=service, position=i, title=t[:160], detail=d)
            for i, (t, d) in enumerate(cleaned)
        )


def add_raci(
    service: Service,
    role: str,
    *,
    person: Person | None = None,
    team: Team | None = None,
    note: str = "",
) -> RaciAssignment:
    if role not in RaciRole.values:
        raise ValidationError({"role": _("Choose Responsible, Consulted or Informed.")})
    if (person is None) == (team is None):
        raise ValidationError({"person": _("Name a person or a team, not both.")})
    return RaciAssignment.objects.create(
        service=service, role=role, person=person, team=team, note=note.strip()[:200]
    )


def remove_raci(service: Service, raci_id: int) -> None:
    RaciAssignment.objects.filter(service=service, pk=raci_id).delete()


@dataclass
class FieldSpec:
    """One intake field as a lead describes it in the form builder (or the demo data does)."""

    key: str
    label: str
    kind: str
    required: bool = False
    help_text: str = ""
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str = ""
    pattern_message: str = ""
    options: list[str] = field(default_factory=list)
    required_when_key: str = ""
    required_when_value: str = ""

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> FieldSpec:
        """A spec from cleaned form data (the builder's rows, the admin's inline); missing is empty."""
        return cls(
            key=data.get("key") or "",
            label=data.get("label") or "",
            kind=data.get("kind") or "",
            required=bool(data.get("required")),
            help_text=data.get("help_text") or "",
            min_value=data.get("min_value"),
            max_value=data.get("max_value"),
            min_length=data.get("min_length"),
            max_length=data.get("max_length"),
            pattern=data.get("pattern") or "",
            pattern_message=data.get("pattern_message") or "",
            options=list(data.get("options") or []),
            required_when_key=data.get("required_when_key") or "",
            required_when_value=data.get("required_when_value") or "",
        )


def check_form(specs: Sequence[FieldSpec]) -> dict[str, list[str]]:
    """Every problem with a form definition, by "<position>.<attribute>"; empty when it is sound."""
    errors: dict[str, list[str]] = {}

    def fail(i: int, attr: str, message: str) -> None:
        errors.setdefault(f"{i}.{attr}", []).append(message)

    keys = [s.key for s in specs]
    kinds = {s.key: s.kind for s in specs}
    for i, spec in enumerate(specs):
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,59}", spec.key):
            fail(
                i,
                "key",
                _("Use lower-case letters, digits and underscores, starting with a letter."),
            )
        elif keys.count(spec.key) > 1:
            fail(i, "key", _("Another field already uses the key “%(key)s”.") % {"key": spec.key})
        if not spec.label.strip():
            fail(i, "label", _("Every field needs a label."))
        if spec.kind not in FieldKind.values:
            fail(i, "kind", _("Choose a field type."))
            continue
        if spec.kind in CHOICE_KINDS:
            options = [o.strip() for o in spec.options if o.strip()]
            if len(options) < 2:
                fail(i, "options", _("A choice field needs at least two options."))
            elif len(set(options)) != len(options):
                fail(i, "options", _("Each option must be different."))
        elif spec.options:
            fail(i, "options", _("Only choice fields have options."))
        if (
            spec.min_value is not None
            and spec.max_value is not None
            and spec.min_value > spec.max_value
        ):
            fail(i, "min_value", _("The minimum is above the maximum."))
        if (
            spec.min_value is not None or spec.max_value is not None
        ) and spec.kind != FieldKind.NUMBER:
            fail(i, "min_value", _("Only number fields have a minimum and maximum."))
        if (
            spec.min_length is not None
            and spec.max_length is not None
            and spec.min_length > spec.max_length
        ):
            fail(i, "min_length", _("The minimum length is above the maximum length."))
        if (
            spec.min_length is not None or spec.max_length is not None
        ) and spec.kind not in TEXT_KINDS | {FieldKind.MULTIPLE_CHOICE}:
            fail(i, "min_length", _("Only text and multiple-choice fields have length limits."))
        if spec.pattern:
            if spec.kind not in TEXT_KINDS:
                fail(i, "pattern", _("Only text fields have a pattern."))
            else:
                try:
                    re.compile(spec.pattern)
                    # And as intake.py wraps it: "(?i)x" alone is valid, wrapped it is not.
                    re.compile(rf"\A(?:{spec.pattern})\Z")
                except re.error as exc:
                    fail(
                        i,
                        "pattern",
                        _("This pattern is not a valid regular expression: %(error)s.")
                        % {"error": exc.msg},
                    )
        if spec.required_when_key:
            if spec.required_when_key == spec.key or spec.required_when_key not in kinds:
                fail(i, "required_when_key", _("Choose another field of this form."))
            elif not spec.required_when_value.strip():
                fail(i, "required_when_value", _("Say which value makes this field required."))
            if spec.required:
                fail(
                    i,
                    "required",
                    _(
                        "A field is either always required or required only when another field has a value."
                    ),
                )
    for position, messages in _impossible_conditions(specs).items():
        errors.setdefault(position, []).extend(messages)
    return errors


def _impossible_conditions(specs: Sequence[FieldSpec]) -> dict[str, list[str]]:
    """Conditions that could never hold: the value is not one of the other choice field's options.

    Caught when the form is defined, so a lead learns it before employees do.
    """
    by_key = {s.key: s for s in specs}
    problems: dict[str, list[str]] = {}
    for i, spec in enumerate(specs):
        other = by_key.get(spec.required_when_key)
        value = spec.required_when_value.strip()
        if other is None or other is spec or not value or other.kind not in CHOICE_KINDS:
            continue
        options = [o.strip() for o in other.options if o.strip()]
        if options and value not in options:
            problems[f"{i}.required_when_value"] = [
                _("“%(value)s” is not one of the options of “%(label)s”: %(options)s.")
                % {"value": value, "label": other.label or other.key, "options": ", ".join(options)}
            ]
    return problems


def set_form(service: Service, specs: Sequence[FieldSpec]) -> list[FormField]:
    """Replaces the service's intake form. Requests already asked keep their answers as given."""
    errors = check_form(specs)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        service.fields.all().delete()
        touch_service(service)  # what is read with the form (workflow steps) reloads
        return FormField.objects.bulk_create(
            FormField(
                service=service,
                position=i,
                key=s.key,
                label=s.label.strip(),
                kind=s.kind,
                required=s.required,
                help_text=s.help_text.strip(),
                min_value=s.min_value,
                max_value=s.max_value,
                min_length=s.min_length,
                max_length=s.max_length,
                pattern=s.pattern,
                pattern_message=s.pattern_message.strip(),
                options=[o.strip() for o in s.options if o.strip()],
                required_when_key=s.required_when_key,
                required_when_value=s.required_when_value.strip(),
            )
            for i, s in enumerate(specs)
        )
