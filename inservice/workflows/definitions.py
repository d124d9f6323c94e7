"""The steps of a template version, with what starting a run reads of each (its team and
calendar, its service, the service's team, calendar and intake form), read once per process.

A version's steps never change, but what they hang on may: a service's form or audience, a
team's calendar. Each start asks the database for a fingerprint of those (one small query of
their keys, `updated_at`s and the newest form field) and reuses the steps read before only while it is the same;
otherwise they are read again. Reading them whole costs a start more than any other query does
(some 200 objects), and a busy onboarding template is started again and again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from django.db.models import Max

from inservice.workflows.models import StepDefinition, TemplateVersion

KEPT = 64  # versions kept per process

_lock = threading.Lock()
_kept: OrderedDict[int, tuple[tuple[Any, ...], list[StepDefinition]]] = OrderedDict()


def _fingerprint(version: TemplateVersion) -> tuple[Any, ...]:
    # A form is replaced whole (catalog.services.set_form), with new field ids: the newest id
    # tells a new form even when the clock has not moved.
    steps = version.steps.order_by("position").annotate(newest_field=Max("service__fields__id"))
    return tuple(
        steps.values_list(
            "pk",
            "service_id",
            "service__updated_at",
            "team__calendar_id",
            "team__calendar__updated_at",
            "service__team_id",
            "service__team__calendar_id",
            "service__team__calendar__updated_at",
            "newest_field",
        )
    )


def steps_of(version: TemplateVersion) -> list[StepDefinition]:
    """The version's steps in order, with their teams, calendars, services and form fields."""
    fingerprint = _fingerprint(version)
    with _lock:
        found = _kept.get(version.pk)
        if found is not None and found[0] == fingerprint:
            _kept.move_to_end(version.pk)
            return found[1]
    steps = list(
        version.steps.order_by("position")
        .select_related("team__calendar", "service__team__calendar")
        .prefetch_related("service__fields")
    )
    with _lock:
        _kept[version.pk] = (fingerprint, steps)
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return steps


def forget() -> None:
    """Drops every kept version (tests: ids and times repeat after a rollback)."""
    with _lock:
        _kept.clear()
