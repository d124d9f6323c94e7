"""Which targets a request starts with: the service's policy for its priority, or the service's
stated targets, made stricter where a service agreement with the requester's team (or its
department) commits the service to shorter ones (decision 0027). The result is copied onto the
request, so later edits never change it."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NotRequired, TypedDict

from django.utils import timezone

from inservice.catalog.models import Service
from inservice.org.choices import TeamKind
from inservice.org.models import Person, Team
from inservice.sla.models import Policy
from inservice.tickets.choices import Status
from inservice.workflows.models import AgreementService

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
    # The agreements whose stricter targets replaced the policy's (absent when none did).
    agreements: NotRequired[list[int]]
    # A workflow step's due time (ISO 8601), which replaced the resolution target.
    resolve_by: NotRequired[str]


def snapshot(service: Service, priority: int, requester: Person | None = None) -> Snapshot:
    """The targets a request of this service and priority starts with; `requester` lets an
    agreement with their team (or department) make them stricter."""
    rules = _rules_of(service)
    result = _base(service, rules.policies.get(priority))
    agreed = _agreed(rules.commitments, requester) if rules.commitments else []
    if agreed:
        result["first_response_minutes"] = _stricter(
            result["first_response_minutes"], [c.first_response_minutes for c in agreed]
        )
        result["resolution_minutes"] = _stricter(
            result["resolution_minutes"], [c.resolution_minutes for c in agreed]
        )
        result["agreements"] = sorted({c.agreement_id for c in agreed})
    return result


def _stricter(current: int | None, agreed: list[int | None]) -> int | None:
    """The shortest of a target and the agreed ones (None is no target: any target is stricter)."""
    return min((m for m in [current, *agreed] if m is not None), default=None)


def _base(service: Service, policy: Policy | None) -> Snapshot:
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


@dataclass(frozen=True)
class Commitment:
    """A service agreement's targets for one service, for requests from its receiving side."""

    agreement_id: int
    receiver_id: int
    department: bool  # the receiver is a department: people of its teams count as the receiver
    starts_on: date
    first_response_minutes: int | None
    resolution_minutes: int | None


@dataclass(frozen=True)
class Rules:
    policies: dict[int, Policy]
    commitments: tuple[Commitment, ...]


_cache: OrderedDict[tuple[int, datetime], Rules] = OrderedDict()
_lock = threading.Lock()
_KEPT = 512


def _rules_of(service: Service) -> Rules:
    """A service's policies by priority and its agreements' targets, kept per service version:
    editing a policy or an agreement touches the service (catalog.services.touch_service), so
    asking never reads stale targets, and reads none at all while the service stays the same."""
    key = (service.pk, service.updated_at)
    with _lock:
        found = _cache.get(key)
    if found is None:
        committed = AgreementService.objects.filter(service_id=service.pk).values_list(
            "agreement_id",
            "agreement__receiver_id",
            "agreement__receiver__kind",
            "agreement__starts_on",
            "first_response_minutes",
            "resolution_minutes",
        )
        found = Rules(
            policies={p.priority: p for p in Policy.objects.filter(service_id=service.pk)},
            commitments=tuple(
                Commitment(agreement, receiver, kind == TeamKind.DEPARTMENT, starts, first, res)
                for agreement, receiver, kind, starts, first, res in committed.order_by()
                if first is not None or res is not None
            ),
        )
        with _lock:
            _cache[key] = found
            while len(_cache) > _KEPT:
                _cache.popitem(last=False)
    return found


def _agreed(commitments: tuple[Commitment, ...], requester: Person | None) -> list[Commitment]:
    """The commitments in force today for requests from `requester`: their team is the receiver,
    or (for a department) its parent is. The team's parent is read only when the service has an
    agreement with a department other than the requester's own team: one lookup by primary key."""
    if requester is None or requester.team_id is None:
        return []
    today = timezone.now().date()
    live = [c for c in commitments if c.starts_on <= today]
    found = [c for c in live if c.receiver_id == requester.team_id]
    departments = {c.receiver_id for c in live if c.department} - {requester.team_id}
    if departments:
        parent = _parent_of(requester)
        found += [c for c in live if c.department and c.receiver_id == parent]
    return found


def _parent_of(person: Person) -> int | None:
    if Person.team.is_cached(person):
        return person.team.parent_id if person.team is not None else None
    rows = Team.objects.filter(pk=person.team_id or 0).values_list("parent_id", flat=True)
    return next(iter(rows.order_by()[:1]), None)  # no ORDER BY for a lookup by primary key


def forget() -> None:
    with _lock:
        _cache.clear()


def pauses(policy: dict[str, Any], status: str) -> bool:
    return status in policy.get("pause_statuses", DEFAULT_PAUSE)
