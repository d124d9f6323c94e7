"""Which targets a request starts with: the service's policy for its priority, or the service's
stated targets. The result is copied onto the request, so later edits never change it."""

from __future__ import annotations

from typing import Any, TypedDict

from inservice.catalog.models import Service
from inservice.lib.queries import unique
from inservice.sla.models import Policy
from inservice.tickets.choices import Status

DEFAULT_AT_RISK_PERCENT = 75
DEFAULT_PAUSE = [Status.WAITING.value]
DEFAULT_SECOND_LEVEL_MINUTES = 240


class Snapshot(TypedDict):
    source: str  # "policy" or "service"
    first_response_minutes: int | None
    resolution_minutes: int | None
    update_every_minutes: int | None
    at_risk_percent: int
    pause_statuses: list[str]
    second_level_after_minutes: int


def snapshot(service: Service, priority: int) -> Snapshot:
    policy = unique(Policy.objects.filter(service=service, priority=priority))
    if policy is not None:
        return Snapshot(
            source="policy",
            first_response_minutes=policy.first_response_minutes,
            resolution_minutes=policy.resolution_minutes,
            update_every_minutes=policy.update_every_minutes,
            at_risk_percent=policy.at_risk_percent,
            pause_statuses=list(policy.pause_statuses),
            second_level_after_minutes=policy.second_level_after_minutes,
        )
    return Snapshot(
        source="service",
        first_response_minutes=service.response_target_minutes,
        resolution_minutes=service.resolution_target_minutes,
        update_every_minutes=None,
        at_risk_percent=DEFAULT_AT_RISK_PERCENT,
        pause_statuses=list(DEFAULT_PAUSE),
        second_level_after_minutes=DEFAULT_SECOND_LEVEL_MINUTES,
    )


def pauses(policy: dict[str, Any], status: str) -> bool:
    return status in policy.get("pause_statuses", DEFAULT_PAUSE)
