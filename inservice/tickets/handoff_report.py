"""The handoff report: for a period, each pair of teams a request went between (from → to).

For every pair: how many transfers, how long the receiving team took to first act on what it got
(median and 90th percentile, in business minutes of the receiving team's calendar), and how many
of those transfers bounced straight back to the team that sent them (decision 0026):
- a transfer is a stint that is not its request's first; it arrived at its `started_at` from the
  team of the stint before, and counts in the period its arrival falls in;
- the first action is the stint's `first_action_at` (tickets.services.note_first_action); a
  transfer not acted on (yet, or before the request moved on) is counted, not timed;
- a transfer A → B bounced when the request's next transfer is B → A, whenever that happened.

Reads only: one query for the stints of the requests transferred in the period (with their teams
and calendars) whatever their number, plus each calendar's hours the first time they are met
(sla.business keeps them). `pairs` does the counting and reads no database.

The page (views/handoff_report.py) and the API (api_handoffs.py) check their input with
`ReportForm` and show `report`: the same figures for the same people.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from itertools import groupby
from typing import Any

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from inservice.org.models import Person, Team
from inservice.sla import business
from inservice.tickets.models import Stint

DEFAULT_DAYS = 90
MAX_DAYS = 366
UNITS = "business minutes of the receiving team's calendar"

# (team id, from, to) -> business minutes of that team's calendar between the two instants.
Minutes = Callable[[int, datetime, datetime], float]


# -- who sees which pairs ---------------------------------------------------------------------


def scope_of(person: Person) -> frozenset[int] | None:
    """The teams whose pairs `person` may see: those they lead; None (every team) for
    administrators. Anyone else gets an empty set, and the page and the API a 404."""
    if person.is_superuser:
        return None
    return person.lead_team_ids()


def teams_in(scope: frozenset[int] | None) -> list[Team]:
    """The teams the report may be narrowed to, by name."""
    teams = Team.objects.all() if scope is None else Team.objects.filter(pk__in=scope)
    return list(teams.only("id", "name", "slug").order_by("name", "id"))


# -- the period -------------------------------------------------------------------------------


class ReportForm(forms.Form):
    """The period (dates in the viewer's zone, both included; the last 90 days by default) and,
    optionally, one of the viewer's teams."""

    start = forms.DateField(label=_("From"), required=False)
    end = forms.DateField(label=_("To"), required=False)
    team = forms.ChoiceField(label=_("Team"), required=False)

    def __init__(self, *args: Any, teams: Sequence[Team], today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.teams = {t.slug: t for t in teams}
        field = self.fields["team"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("All")), *((t.slug, t.name) for t in teams)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "start" in self.errors or "end" in self.errors:
            return data
        end = data.get("end") or self.today
        start = data.get("start") or end - timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            self.add_error("end", _("The end comes before the start."))
        elif (end - start).days >= MAX_DAYS:
            self.add_error("start", _("Choose a period of at most %(n)s days.") % {"n": MAX_DAYS})
        data["start"], data["end"] = start, end
        return data

    def chosen_team(self) -> Team | None:
        return self.teams.get(self.cleaned_data.get("team") or "")


def period_bounds(start: date, end: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """From the start of `start` to the end of `end` (both included), in `zone`."""
    first = datetime.combine(start, time.min, tzinfo=zone)
    after = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    return first, after


# -- the figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hold:
    """One team's stint with one request, as the report reads it."""

    team_id: int
    started_at: datetime
    first_action_at: datetime | None = None
    reason: str = ""


@dataclass
class Figures:
    """What one pair of teams adds up to."""

    transfers: int = 0
    waits: list[float] = field(default_factory=list)  # business minutes to the first action
    bounces: int = 0
    reasons: Counter[str] = field(default_factory=Counter)


def pairs(
    requests: Iterable[Sequence[Hold]],
    start: datetime,
    end: datetime,
    minutes: Minutes,
    scope: frozenset[int] | None = None,
) -> dict[tuple[int, int], Figures]:
    """(from team, to team) -> figures, for transfers arriving in [start, end).

    `requests` gives each request's holds in order; `scope` keeps the pairs with a team in it
    (None: every pair)."""
    found: dict[tuple[int, int], Figures] = {}
    for holds in requests:
        for i in range(1, len(holds)):
            sent, got = holds[i - 1], holds[i]
            if not start <= got.started_at < end:
                continue
            if scope is not None and sent.team_id not in scope and got.team_id not in scope:
                continue
            figures = found.setdefault((sent.team_id, got.team_id), Figures())
            figures.transfers += 1
            figures.reasons[got.reason] += 1
            if got.first_action_at is not None:
                figures.waits.append(minutes(got.team_id, got.started_at, got.first_action_at))
            if i + 1 < len(holds) and holds[i + 1].team_id == sent.team_id:
                figures.bounces += 1
    return found


def percentile(values: Sequence[float], p: float) -> float | None:
    """The p-th percentile, interpolated between the two nearest values (the median of 1, 2, 4
    is 2; of 1, 2 it is 1.5); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


# -- the report -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairRow:
    from_team: Team
    to_team: Team
    transfers: int
    acted: int  # transfers the receiving team has acted on (the timed ones)
    median_minutes: float | None
    p90_minutes: float | None
    bounces: int
    reasons: list[tuple[str, int]]  # (TransferReason value, transfers), most frequent first


def report(start: datetime, end: datetime, scope: frozenset[int] | None = None) -> list[PairRow]:
    """Each pair of teams with a transfer arriving in [start, end) and a team in `scope` (None:
    every pair), the busiest pair first."""
    stints = _stints(start, end, scope)
    teams = {s.team_id: s.team for s in stints}
    requests = [
        [Hold(s.team_id, s.started_at, s.first_action_at, s.reason) for s in group]
        for _, group in groupby(stints, key=lambda s: s.ticket_id)
    ]

    def minutes(team_id: int, a: datetime, b: datetime) -> float:
        return business.for_team(teams[team_id]).between(a, b)

    rows = [
        PairRow(
            from_team=teams[sent],
            to_team=teams[got],
            transfers=figures.transfers,
            acted=len(figures.waits),
            median_minutes=percentile(figures.waits, 50),
            p90_minutes=percentile(figures.waits, 90),
            bounces=figures.bounces,
            reasons=sorted(figures.reasons.items(), key=lambda r: (-r[1], r[0])),
        )
        for (sent, got), figures in pairs(requests, start, end, minutes, scope).items()
    ]
    rows.sort(key=lambda r: (-r.transfers, r.from_team.name, r.to_team.name))
    return rows


def _stints(start: datetime, end: datetime, scope: frozenset[int] | None) -> list[Stint]:
    """Every stint of the requests with a transfer arriving in the period (and, with a scope, a
    stint of a team in it), in order: one query."""
    arrived = Stint.objects.filter(
        started_at__gte=start, started_at__lt=end, ticket__transfer_count__gt=0
    )
    if scope is not None:
        held = Stint.objects.filter(ticket_id=OuterRef("ticket_id"), team_id__in=sorted(scope))
        arrived = arrived.filter(Exists(held))
    return list(
        Stint.objects.filter(ticket_id__in=arrived.values("ticket_id"))
        .select_related("team__calendar")
        .order_by("ticket_id", "started_at", "id")
    )
