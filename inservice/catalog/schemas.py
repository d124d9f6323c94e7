"""What the API says about services and their intake forms."""

from __future__ import annotations

from decimal import Decimal

from ninja import Schema

from inservice.catalog.models import FormField
from inservice.org.schemas import PersonRef, TeamRef


class ServiceRef(Schema):
    slug: str
    name: str


class ServiceOut(Schema):
    slug: str
    name: str
    summary: str
    team: TeamRef
    audience: str
    is_confidential: bool
    response_target_minutes: int | None
    resolution_target_minutes: int | None


class ServicePage(Schema):
    items: list[ServiceOut]
    next_cursor: str | None


class RequiredWhen(Schema):
    field: str
    value: str


class FieldOut(Schema):
    """One intake field: the answer goes under `answers[key]` when asking."""

    key: str
    label: str
    kind: str
    required: bool
    help_text: str
    min_value: int | float | None
    max_value: int | float | None
    min_length: int | None
    max_length: int | None
    pattern: str | None
    options: list[str]
    required_when: RequiredWhen | None

    @staticmethod
    def resolve_min_value(obj: FormField) -> int | float | None:
        return _number(obj.min_value)

    @staticmethod
    def resolve_max_value(obj: FormField) -> int | float | None:
        return _number(obj.max_value)

    @staticmethod
    def resolve_pattern(obj: FormField) -> str | None:
        return obj.pattern or None

    @staticmethod
    def resolve_required_when(obj: FormField) -> dict[str, str] | None:
        if not obj.required_when_key:
            return None
        return {"field": obj.required_when_key, "value": obj.required_when_value}


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


class StepOut(Schema):
    title: str
    detail: str


class ServiceDetail(ServiceOut):
    description: str
    accountable: PersonRef | None
    targets: list[str]
    steps: list[StepOut]
    can_ask: bool
    fields: list[FieldOut]
