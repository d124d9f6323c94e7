"""Which targets a request starts with: the service's policy for its priority, or the service's
stated targets. The result is copied onto the request, so later edits never change it."""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime
from typing import Any, TypedDict

from inservice.catalog.models import Service
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
    policy = _policies_of(service).get(priority)
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


_cache: OrderedDict[tuple[int, datetime], dict[int, Policy]] = OrderedDict()
_lock = threading.Lock()
_KEPT = 512


def _policies_of(service: Service) -> dict[int, Policy]:
    """A service's policies by priority, kept per service version: editing a policy touches the
    service (catalog.services.touch_service), so asking never reads a stale policy."""
    key = (service.pk, service.updated_at)
    with _lock:
        found = _cache.get(key)
    if found is None:
        found = {p.priority: p for p in Policy.objects.filter(service_id=service.pk)}
        with _lock:
            _cache[key] = found
            while len(_cache) > _KEPT:
                _cache.popitem(last=False)
    return found


def forget() -> None:
    with _lock:
        _cache.clear()


def pauses(policy: dict[str, Any], status: str) -> bool:
    return status in policy.get("pause_statuses", DEFAULT_PAUSE)
