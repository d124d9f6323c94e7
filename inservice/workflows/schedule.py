"""The scheduling maths of workflows, as pure functions: no ORM, no clock reading.

- working days of a team's calendar (`BusinessTime`): a local date is a working day when any
  working time falls on it; a step is due at the end of its working day;
- due dates as offsets in working days from an anchor date (an offset that lands on a closed day
  moves to the previous working day, and says so);
- conditions on a run's parameters;
- the dependency graph: cycles named, an order, dependencies through steps that do not apply;
- the critical path (the chain of steps whose working days add up to the longest) and a forecast.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from inservice.sla.calendar import BusinessTime
from inservice.workflows.choices import ConditionOp, Forecast

# A calendar with no working day within this many days is refused, not searched forever.
SEARCH_DAYS = 370


class NoWorkingDay(ValueError):
    pass


def day_bounds(table: BusinessTime, day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(), tzinfo=table.zone)
    return start, datetime.combine(day + timedelta(days=1), time(), tzinfo=table.zone)


def work_on(table: BusinessTime, day: date) -> tuple[datetime, datetime] | None:
    """The first and last working moment of a local date, or None when nobody works that day."""
    return _work_on(table, day)


# A run plans every step's due date by walking working days back from the same anchor date:
# the same days of the same calendars come up again and again. Calendars are immutable per
# version (sla.business builds a new table for each), so a day's answer never goes stale.
@lru_cache(maxsize=8192)
def _work_on(table: BusinessTime, day: date) -> tuple[datetime, datetime] | None:
    segments = table.segments(*day_bounds(table, day))
    if not segments:
        return None
    return segments[0][0], segments[-1][1]


def is_working_day(table: BusinessTime, day: date) -> bool:
    return work_on(table, day) is not None


def step_days(table: BusinessTime, day: date, step: int) -> Iterable[date]:
    """Working days from `day` (excluded) in the direction of `step` (+1 or -1)."""
    for _n in range(SEARCH_DAYS):
        day += timedelta(days=step)
        if is_working_day(table, day):
            yield day
    raise NoWorkingDay(_("The team's calendar has no working day within a year."))


def shift(table: BusinessTime, day: date, offset: int) -> date:
    """The working day `offset` working days after `day` (before it when negative)."""
    if offset == 0:
        return day
    for count, found in enumerate(step_days(table, day, 1 if offset > 0 else -1), start=1):
        if count == abs(offset):
            return found
    raise NoWorkingDay(_("The team's calendar has no working day within a year."))


@dataclass(frozen=True)
class Due:
    day: date
    at: datetime  # the end of that working day
    note: str = ""  # why it is not the plain offset


def due_for(table: BusinessTime, anchor: date, offset: int) -> Due:
    """When a step `offset` working days from the anchor date is due: the end of that working day.

    Offsets count working days of the team's calendar, so only the anchor date itself can be a
    closed day; then the step is due on the previous working day, and the note says so."""
    day = shift(table, anchor, offset)
    note = ""
    bounds = work_on(table, day)
    if bounds is None:
        earlier = next(iter(step_days(table, day, -1)))
        note = _("%(day)s is not a working day for the team: due the working day before.") % {
            "day": formats.date_format(day, "D j M")
        }
        day = earlier
        bounds = work_on(table, day)
    assert bounds is not None
    return Due(day=day, at=bounds[1], note=note)


def notice_days(table: BusinessTime, now: datetime, anchor: date) -> int:
    """Working days from now until the anchor date: today counts while the team is still at work
    today; the anchor date itself does not count."""
    today = now.astimezone(table.zone).date()
    if anchor <= today:
        return 0
    count = 0
    bounds = work_on(table, today)
    if bounds is not None and now < bounds[1]:
        count += 1
    for day in step_days(table, today, 1):
        if day >= anchor:
            break
        count += 1
    return count


def earliest_anchor(table: BusinessTime, now: datetime, days: int) -> date:
    """The first anchor date that gives `days` working days' notice from now."""
    today = now.astimezone(table.zone).date()
    bounds = work_on(table, today)
    counts_today = bounds is not None and now < bounds[1]
    if days <= 0:
        return today
    last = today if counts_today and days == 1 else shift(table, today, days - int(counts_today))
    return last + timedelta(days=1)


def add_working_days(table: BusinessTime, moment: datetime, days: int) -> datetime:
    """The end of the `days`-th working day from `moment`; its own day counts first while work is
    still to come that day."""
    if days <= 0:
        return moment
    today = moment.astimezone(table.zone).date()
    bounds = work_on(table, today)
    if bounds is not None and moment < bounds[1]:
        day = shift(table, today, days - 1)
    else:
        day = shift(table, today, days)
    found = work_on(table, day)
    assert found is not None
    return found[1]


# -- conditions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    param: str
    op: str = ConditionOp.EQUALS
    value: str = ""

    def holds(self, params: Mapping[str, Any]) -> bool:
        given = as_text(params.get(self.param))
        if self.op == ConditionOp.IS_SET:
            return given != ""
        if self.op == ConditionOp.ONE_OF:
            return given in {v.strip() for v in self.value.split(",")}
        if self.op == ConditionOp.NOT_EQUALS:
            return given != self.value
        return given == self.value

    def describe(self, labels: Mapping[str, str]) -> str:
        name = labels.get(self.param, self.param)
        if self.op == ConditionOp.IS_SET:
            return _("only when %(name)s is filled in") % {"name": name}
        return _("only when %(name)s %(op)s “%(value)s”") % {
            "name": name,
            "op": ConditionOp(self.op).label,
            "value": self.value,
        }


def all_hold(conditions: Sequence[Condition], params: Mapping[str, Any]) -> bool:
    return all(c.holds(params) for c in conditions)


def describe_all(conditions: Sequence[Condition], labels: Mapping[str, str]) -> str:
    """“only when Office is not “Remote” and Contract is not “Contractor””."""
    if not conditions:
        return ""
    first, *rest = [c.describe(labels) for c in conditions]
    return " ".join(
        [first, *(_("and %(more)s") % {"more": r.removeprefix(_("only when") + " ")} for r in rest)]
    )


def as_text(value: Any) -> str:
    """A parameter value as text: a person as their name, anything else as a string."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get("name", ""))
    return str(value).strip()


# -- the dependency graph -----------------------------------------------------------------------


def find_cycle(graph: Mapping[str, Sequence[str]]) -> list[str] | None:
    """A cycle of the graph (step key → keys it depends on), as keys in order, or None."""
    colour: dict[str, int] = {}  # 1: on the current path, 2: finished
    path: list[str] = []

    def visit(key: str) -> list[str] | None:
        colour[key] = 1
        path.append(key)
        for dep in graph.get(key, ()):
            if colour.get(dep) == 1:
                return [*path[path.index(dep) :], dep]
            if dep in graph and colour.get(dep) is None:
                found = visit(dep)
                if found:
                    return found
        path.pop()
        colour[key] = 2
        return None

    for key in graph:
        if colour.get(key) is None:
            found = visit(key)
            if found:
                return found
    return None


def order(graph: Mapping[str, Sequence[str]]) -> list[str]:
    """Keys so that every step comes after the steps it depends on; ties keep the given order."""
    placed: list[str] = []
    done: set[str] = set()
    remaining = list(graph)
    while remaining:
        ready = [k for k in remaining if all(d in done for d in graph[k] if d in graph)]
        if not ready:
            raise ValueError("the graph has a cycle")
        for key in ready:
            placed.append(key)
            done.add(key)
        remaining = [k for k in remaining if k not in done]
    return placed


def effective_dependencies(
    graph: Mapping[str, Sequence[str]], skipped: set[str]
) -> dict[str, list[str]]:
    """What each applying step waits for when some steps do not apply: a skipped step's own
    dependencies stand in for it."""
    memo: dict[str, list[str]] = {}

    def through(key: str) -> list[str]:
        if key not in memo:
            found: list[str] = []
            for dep in graph.get(key, ()):
                for item in through(dep) if dep in skipped else [dep]:
                    if item not in found:
                        found.append(item)
            memo[key] = found
        return memo[key]

    return {key: through(key) for key in order(graph) if key not in skipped}


def critical_path(graph: Mapping[str, Sequence[str]], work_days: Mapping[str, int]) -> list[str]:
    """The chain of dependent steps whose working days add up to the longest: a day lost on any
    of them delays the end."""
    best: dict[str, tuple[int, list[str]]] = {}
    for key in order(graph):
        before = max(
            (best[d] for d in graph[key] if d in best), key=lambda b: b[0], default=(0, [])
        )
        best[key] = (before[0] + work_days.get(key, 1), [*before[1], key])
    if not best:
        return []
    return max(best.values(), key=lambda b: b[0])[1]


# -- the forecast -----------------------------------------------------------------------------


@dataclass
class StepView:
    """What the forecast needs to know of one step of a run."""

    key: str
    name: str
    depends_on: list[str]
    state: str  # StepState
    work_days: int
    table: BusinessTime
    due_at: datetime | None = None
    opened_at: datetime | None = None
    finished_at: datetime | None = None
    health: str = ""  # the request's service-level standing, while it is open
    day_one: datetime | None = None  # the end of the anchor date, for steps due by then


@dataclass
class Outlook:
    forecast: Forecast
    reasons: list[str] = field(default_factory=list)
    finish: dict[str, datetime] = field(default_factory=dict)  # projected, per step


def forecast(
    steps: Sequence[StepView], now: datetime, *, late_notice: bool = False, closed: str = ""
) -> Outlook:
    """On track, at risk or late for the anchor date, and why.

    Each step's finish is projected: a finished step at its finish, an open one `work_days`
    working days after it was requested (never before today's end), a waiting one that long after
    the last of its predecessors. Late: a step is past its due time, or is projected to finish
    after the anchor date it must be ready by. At risk: a step is projected past its own due time,
    a request is at risk of its service level, a step could not be requested, or the notice was
    late."""
    if closed:
        return Outlook(Forecast(closed))
    by_key = {s.key: s for s in steps}
    graph = {s.key: [d for d in s.depends_on if d in by_key] for s in steps}
    finish: dict[str, datetime] = {}
    late: list[str] = []
    risk: list[str] = []
    for key in order(graph):
        step = by_key[key]
        if step.state in ("done", "cancelled"):
            finish[key] = step.finished_at or now
            continue
        if step.state == "skipped":
            finish[key] = max((finish[d] for d in graph[key]), default=now)
            continue
        if step.state == "open" and step.opened_at is not None:
            projected = max(
                add_working_days(step.table, step.opened_at, step.work_days),
                add_working_days(step.table, now, 1),
            )
        else:
            start = max([now, *(finish[d] for d in graph[key])])
            projected = add_working_days(step.table, start, step.work_days)
        finish[key] = projected
        if step.state == "blocked":
            risk.append(_("“%(step)s” could not be requested.") % {"step": step.name})
        if step.due_at is not None and now > step.due_at:
            late.append(
                _("“%(step)s” was due %(when)s.") % {"step": step.name, "when": when(step.due_at)}
            )
        elif step.day_one is not None and projected > step.day_one:
            late.append(
                _("“%(step)s” is expected %(when)s, after the anchor date.")
                % {"step": step.name, "when": when(projected)}
            )
        elif step.due_at is not None and projected > step.due_at:
            risk.append(
                _("“%(step)s” is expected %(when)s, after its due time.")
                % {"step": step.name, "when": when(projected)}
            )
        if step.state == "open" and step.health in ("at_risk", "breached"):
            risk.append(_("“%(step)s” is at risk of its service level.") % {"step": step.name})
    if late_notice:
        risk.append(_("Notice came later than the workflow asks."))
    if late:
        return Outlook(Forecast.LATE, late + risk, finish)
    if risk:
        return Outlook(Forecast.AT_RISK, risk, finish)
    return Outlook(Forecast.ON_TRACK, [], finish)


def when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "D j M")
