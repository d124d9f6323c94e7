"""A service's targets per priority: set and removed as a whole row, checked before anything is
written. Requests already asked keep the policy they started with (sla.policies.snapshot copies
it onto each request), so an edit here applies to new requests only."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inservice.catalog.models import Service
from inservice.catalog.services import touch_service
from inservice.sla import policies
from inservice.sla.models import Policy
from inservice.tickets.choices import Priority, Status

# Statuses a policy may pause its clocks in. "New" is where every request starts (its clocks start
# running there), and resolved, closed and cancelled stop the clocks instead of pausing them.
PAUSABLE_STATUSES = (Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.WAITING)
MAX_TARGET_MINUTES = 10_000 * 60  # years of business hours: surely a typo


def policy_problems(
    priority: int,
    *,
    first_response_minutes: int | None,
    resolution_minutes: int | None,
    update_every_minutes: int | None,
    at_risk_percent: int,
    pause_statuses: Iterable[str],
    second_level_after_minutes: int,
) -> dict[str, list[str]]:
    """Every problem with a policy row, by field name (empty when it can be saved)."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if priority not in Priority.values:
        refuse("priority", _("“%(priority)s” is not a priority.") % {"priority": priority})
    targets = {
        "first_response_minutes": (first_response_minutes, _("The first response target")),
        "resolution_minutes": (resolution_minutes, _("The resolution target")),
        "update_every_minutes": (update_every_minutes, _("The update target")),
    }
    for field, (minutes, name) in targets.items():
        if minutes is None:
            continue
        if minutes <= 0:
            refuse(
                field,
                _("%(target)s must be longer than zero, or left empty for no target.")
                % {"target": name},
            )
        elif minutes > MAX_TARGET_MINUTES:
            refuse(
                field,
                _("%(target)s is longer than %(hours)s business hours.")
                % {"target": name, "hours": MAX_TARGET_MINUTES // 60},
            )
    if (
        first_response_minutes
        and resolution_minutes
        and 0 < resolution_minutes < first_response_minutes
    ):
        refuse(
            "resolution_minutes",
            _("The resolution target is shorter than the first response target."),
        )
    if not 1 <= at_risk_percent <= 99:
        refuse(
            "at_risk_percent",
            _("The at-risk point is a percentage from 1 to 99 (e.g. 75), not %(value)s.")
            % {"value": at_risk_percent},
        )
    statuses = list(pause_statuses)
    unknown = [s for s in statuses if s not in PAUSABLE_STATUSES]
    if unknown:
        refuse(
            "pause_statuses",
            _("The clock cannot pause in “%(statuses)s”: choose from %(known)s.")
            % {
                "statuses": "”, “".join(str(s) for s in unknown),
                "known": ", ".join(str(Status(s).label) for s in PAUSABLE_STATUSES),
            },
        )
    elif not statuses:
        # The snapshot reads an empty list as "the default": refusing it keeps the page honest.
        refuse(
            "pause_statuses",
            _("Choose at least one status that pauses the clock (usually “%(waiting)s”).")
            % {"waiting": Status.WAITING.label},
        )
    if second_level_after_minutes < 0:
        refuse(
            "second_level_after_minutes",
            _("The delay before escalating to the lead's manager cannot be negative."),
        )
    return errors


def save_policy(
    service: Service,
    priority: int,
    *,
    first_response_minutes: int | None,
    resolution_minutes: int | None,
    update_every_minutes: int | None,
    at_risk_percent: int = policies.DEFAULT_AT_RISK_PERCENT,
    pause_statuses: Iterable[str] = tuple(policies.DEFAULT_PAUSE),
    second_level_after_minutes: int = policies.DEFAULT_SECOND_LEVEL_MINUTES,
) -> Policy:
    """Sets the service's targets for one priority (creating or replacing its row).

    Targets are business minutes of the owning team's calendar; None means no target. Only
    requests asked from now on use the new targets."""
    statuses = list(dict.fromkeys(str(s) for s in pause_statuses))
    errors = policy_problems(
        priority,
        first_response_minutes=first_response_minutes,
        resolution_minutes=resolution_minutes,
        update_every_minutes=update_every_minutes,
        at_risk_percent=at_risk_percent,
        pause_statuses=statuses,
        second_level_after_minutes=second_level_after_minutes,
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        touch_service(service)  # requests asked from now on read the new targets
        policy, _created = Policy.objects.update_or_create(
            service=service,
            priority=priority,
            defaults={
                "first_response_minutes": first_response_minutes,
                "resolution_minutes": resolution_minutes,
                "update_every_minutes": update_every_minutes,
                "at_risk_percent": at_risk_percent,
                "pause_statuses": [s for s in PAUSABLE_STATUSES if s in statuses],
                "second_level_after_minutes": second_level_after_minutes,
            },
        )
    return policy


def remove_policy(service: Service, priority: int) -> None:
    """The priority goes back to the service's stated targets (for new requests)."""
    with transaction.atomic():
        touch_service(service)
        Policy.objects.filter(service=service, priority=priority).delete()
