"""Who serves whom, read from the daily rollups (decision 0037): `FlowDay` rows (requesting team
→ serving team, decision 0034) added up over a period and the period before, in one grouped
query whatever the number of requests or days. Nothing here counts requests again.

- `flows(period, teams=...)`: every pair of teams with something in either period.
- `network(period, focus=...)`: the customer map: the whole organisation's flows between teams,
  or one team's with its customers and its suppliers; the smallest flows folded into "other"
  when there are too many to draw.
- `customers_of(team, period)`: a team's internal customers (its key customers first, with
  their worksheet) and its suppliers, each against the previous period.

A flow from a team to itself (its own people asking it) is not between teams: it is counted
apart (`internal`) and left off the map and the lists.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from django.db.models import Q, Sum

from inservice.insights.figures.reading import as_of, percent
from inservice.insights.models import FlowDay
from inservice.insights.models_customers import KeyCustomer
from inservice.insights.periods import Period
from inservice.org.choices import TeamKind
from inservice.org.models import Team

# The whole map draws at most this many flows, one side of a team's map this many teams; when
# there are more, those under SHARE of the requests (and any past the limit) are folded.
MAX_EDGES = 60
MAX_SIDE = 12
SHARE = 0.01

FIELDS = {
    "asked": "asked",
    "met": "resolution_met",
    "breached": "resolution_breached",
    "ratings": "csat_count",
    "rating_sum": "csat_sum",
}


@dataclass(frozen=True)
class Counts:
    """What a flow came to over a period: requests asked, resolution targets met and breached,
    ratings given and their sum."""

    asked: int = 0
    met: int = 0
    breached: int = 0
    ratings: int = 0
    rating_sum: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.asked + other.asked,
            self.met + other.met,
            self.breached + other.breached,
            self.ratings + other.ratings,
            self.rating_sum + other.rating_sum,
        )

    @property
    def csat(self) -> float | None:
        """The average rating, 1-5, to two places; None without ratings."""
        return round(self.rating_sum / self.ratings, 2) if self.ratings else None

    @property
    def sla(self) -> float | None:
        """Resolution targets met of those decided, a percentage; None when none was decided."""
        return percent(self.met, self.met + self.breached)

    @property
    def is_empty(self) -> bool:
        return not (self.asked or self.met or self.breached or self.ratings)


def total(counts: Iterable[Counts]) -> Counts:
    return sum(counts, Counts())


@dataclass(frozen=True)
class Flow:
    source: int | None  # the requesting team; None: people in no team
    target: int  # the serving team
    now: Counts
    before: Counts  # the period of the same length just before


@dataclass(frozen=True)
class TeamInfo:
    pk: int
    name: str
    slug: str
    kind: str
    parent_id: int | None
    department: str  # the department's name (its own for a department), "" for neither

    @property
    def is_department(self) -> bool:
        return self.kind == TeamKind.DEPARTMENT


def flows(period: Period, *, teams: Collection[int] | None = None) -> list[Flow]:
    """Every pair of teams with something in `period` or the one before; with `teams`, only
    the flows from or to one of them. One query: sums grouped by pair, each period apart."""
    previous = period.previous()
    rows = FlowDay.objects.filter(day__gte=previous.start, day__lte=period.end)
    if teams is not None:
        rows = rows.filter(Q(requesting_team_id__in=teams) | Q(serving_team_id__in=teams))
    now, before = Q(day__gte=period.start), Q(day__lt=period.start)
    sums = {f"now_{name}": Sum(column, filter=now) for name, column in FIELDS.items()}
    sums |= {f"before_{name}": Sum(column, filter=before) for name, column in FIELDS.items()}
    grouped = rows.order_by().values("requesting_team_id", "serving_team_id").annotate(**sums)
    found = []
    for found_row in grouped:
        row = cast(dict[str, Any], found_row)  # the annotations are named at run time
        now_counts = Counts(**{name: int(row[f"now_{name}"] or 0) for name in FIELDS})
        before_counts = Counts(**{name: int(row[f"before_{name}"] or 0) for name in FIELDS})
        if now_counts.is_empty and before_counts.is_empty:
            continue
        found.append(
            Flow(row["requesting_team_id"], row["serving_team_id"], now_counts, before_counts)
        )
    # The database's grouping order is its own: a fixed order keeps every page the same.
    found.sort(key=lambda f: (f.source or 0, f.target))
    return found


def teams_of(ids: Iterable[int | None]) -> dict[int, TeamInfo]:
    """The teams with these ids, with their department's name: one query."""
    wanted = {pk for pk in ids if pk is not None}
    if not wanted:
        return {}
    rows = (
        Team.objects.filter(pk__in=wanted)
        .order_by()
        .values_list("pk", "name", "slug", "kind", "parent_id", "parent__name")
    )
    found = {}
    for pk, name, slug, kind, parent_id, parent_name in rows:
        department = parent_name or (name if kind == TeamKind.DEPARTMENT else "")
        found[pk] = TeamInfo(pk, name, slug, kind, parent_id, department)
    return found


def info_of(team: Team) -> TeamInfo:
    """A team already read (with its parent) as the reads here describe it."""
    parent = team.parent if team.parent_id is not None else None
    department = parent.name if parent else (team.name if team.kind == TeamKind.DEPARTMENT else "")
    return TeamInfo(team.pk, team.name, team.slug, team.kind, team.parent_id, department)


def _name(team: TeamInfo | None) -> str:
    return team.name.casefold() if team is not None else ""


# -- the map ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Edge:
    source: TeamInfo | None  # None: people in no team
    target: TeamInfo
    counts: Counts

    @property
    def key(self) -> tuple[int, int]:
        return (self.source.pk if self.source else 0, self.target.pk)


@dataclass(frozen=True)
class Folded:
    """Flows added up as "other": how many, between how many teams, and their counts."""

    flows: int
    teams: int
    counts: Counts


class Role:
    FOCUS = "focus"
    CUSTOMER = "customer"  # asks the focused team
    SUPPLIER = "supplier"  # the focused team asks it


@dataclass(frozen=True)
class Node:
    team: TeamInfo | None  # None: people in no team
    role: str = ""  # in a team's map: Role.*; a team may be both a customer and a supplier
    asked: int = 0  # requests its people asked of other teams (the whole map: every flow)
    received: int = 0  # requests other teams' people asked of it

    @property
    def key(self) -> str:
        slug = self.team.slug if self.team is not None else "none"
        return f"{self.role}:{slug}" if self.role else slug


@dataclass(frozen=True)
class Network:
    period: Period
    focus: TeamInfo | None
    nodes: list[Node]
    edges: list[Edge]  # the ones drawn, busiest first
    # Folded flows: the whole map's in "other" (key "all"); a team's by side ("customer",
    # "supplier").
    folded: dict[str, Folded] = field(default_factory=dict)
    internal: int = 0  # requests teams asked of themselves: not on the map
    as_of: datetime | None = None

    @property
    def requests(self) -> int:
        """Requests between teams in the period, drawn or folded."""
        drawn = sum(e.counts.asked for e in self.edges)
        return drawn + sum(f.counts.asked for f in self.folded.values())


def fold(edges: list[Edge], most: int) -> tuple[list[Edge], Folded | None]:
    """The busiest edges first; past `most` of them, those under SHARE of the requests and any
    past the limit are folded into one."""
    ranked = sorted(
        edges, key=lambda e: (-e.counts.asked, -e.counts.ratings, _name(e.source), _name(e.target))
    )
    if len(ranked) <= most:
        return ranked, None
    floor = SHARE * sum(e.counts.asked for e in ranked)
    kept = [e for e in ranked[:most] if e.counts.asked >= floor]
    rest = ranked[len(kept) :]
    teams = {e.source.pk if e.source else 0 for e in rest} | {e.target.pk for e in rest}
    return kept, Folded(len(rest), len(teams), total(e.counts for e in rest))


def network(period: Period, *, focus: Team | None = None) -> Network:
    """The customer map of `period`: every flow between teams, or `focus`'s with its customers
    (who ask it) and its suppliers (whom it asks). Three queries whatever the data: the flows,
    the teams they name, the rollups' "as of"."""
    found = flows(period, teams=None if focus is None else [focus.pk])
    names = teams_of([f.source for f in found] + [f.target for f in found])
    between = [f for f in found if f.source != f.target and not f.now.is_empty]
    internal = sum(f.now.asked for f in found if f.source == f.target)
    edges = [
        Edge(names.get(f.source) if f.source is not None else None, names[f.target], f.now)
        for f in between
        if f.target in names and (f.source is None or f.source in names)
    ]
    if focus is None:
        return _whole(period, edges, internal)
    return _focused(period, info_of(focus), edges, internal)


def _whole(period: Period, edges: list[Edge], internal: int) -> Network:
    asked: dict[int, int] = defaultdict(int)
    received: dict[int, int] = defaultdict(int)
    for edge in edges:
        asked[edge.source.pk if edge.source else 0] += edge.counts.asked
        received[edge.target.pk] += edge.counts.asked
    kept, folded = fold(edges, MAX_EDGES)
    teams: dict[int, TeamInfo | None] = {}
    for edge in kept:
        teams.setdefault(edge.source.pk if edge.source else 0, edge.source)
        teams.setdefault(edge.target.pk, edge.target)
    nodes = [
        Node(team, asked=asked[pk], received=received[pk])
        for pk, team in sorted(teams.items(), key=lambda t: (_name(t[1]), t[0]))
    ]
    return Network(
        period,
        None,
        nodes,
        kept,
        {"all": folded} if folded else {},
        internal,
        as_of(period),
    )


def _focused(period: Period, focus: TeamInfo, edges: list[Edge], internal: int) -> Network:
    customers, folded_in = fold([e for e in edges if e.target.pk == focus.pk], MAX_SIDE)
    suppliers, folded_out = fold(
        [e for e in edges if e.source is not None and e.source.pk == focus.pk], MAX_SIDE
    )
    nodes = [Node(focus, Role.FOCUS)]
    nodes += [Node(e.source, Role.CUSTOMER, asked=e.counts.asked) for e in customers]
    nodes += [Node(e.target, Role.SUPPLIER, received=e.counts.asked) for e in suppliers]
    folded = {}
    if folded_in:
        folded[Role.CUSTOMER] = folded_in
    if folded_out:
        folded[Role.SUPPLIER] = folded_out
    return Network(period, focus, nodes, customers + suppliers, folded, internal, as_of(period))


# -- a team's customers and suppliers ------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One customer (or supplier) of a team: this period, the period before."""

    team: TeamInfo | None  # None: people in no team
    now: Counts
    before: Counts
    key: KeyCustomer | None = None  # the worksheet, for a key customer
    # A key department: its teams whose requests count with it.
    covers: tuple[TeamInfo, ...] = ()

    @property
    def change(self) -> int:
        return self.now.asked - self.before.asked


@dataclass(frozen=True)
class Customers:
    team: Team
    period: Period
    key: list[Row]  # key customers, busiest first (those with nothing in either period too)
    others: list[Row]  # the other customers, busiest first
    suppliers: list[Row]
    internal: Counts  # the team's (or department's) requests to itself
    as_of: datetime | None


def customers_of(team: Team, period: Period) -> Customers:
    """`team`'s internal customers and suppliers over `period`, against the period before; for
    a department, its teams together. Key customers come first with their worksheet; a key
    department counts its teams' requests too. A fixed number of queries: the department's
    teams (for a department), the flows, the key customers, the teams named, "as of"."""
    own = {team.pk}
    if team.kind == TeamKind.DEPARTMENT:
        own |= set(Team.objects.filter(parent_id=team.pk).values_list("pk", flat=True))
    found = flows(period, teams=own)
    keys = list(
        KeyCustomer.objects.filter(team=team)
        .select_related("customer_team", "contact", "updated_by")
        .order_by()
    )
    names = teams_of(
        [f.source for f in found] + [f.target for f in found] + [k.customer_team_id for k in keys]
    )
    asking: dict[int | None, list[Flow]] = defaultdict(list)
    asked: dict[int, list[Flow]] = defaultdict(list)
    internal: list[Counts] = []
    for flow in found:
        inside, serving = flow.source in own, flow.target in own
        if inside and serving:
            internal.append(flow.now)
        elif serving:
            asking[flow.source].append(flow)
        elif inside:
            asked[flow.target].append(flow)
    claimed: set[int | None] = set()
    key_rows = []
    for key in keys:
        customer = names.get(key.customer_team_id)
        if customer is None:
            continue
        sources = [customer.pk]
        covers: tuple[TeamInfo, ...] = ()
        if customer.is_department:
            teams = [
                names[s] for s in asking if s is not None and names[s].parent_id == customer.pk
            ]
            covers = tuple(sorted(teams, key=_name))
            sources += [t.pk for t in covers]
        claimed |= set(sources)
        picked = [f for s in sources for f in asking.get(s, [])]
        key_rows.append(_row(customer, picked, key=key, covers=covers))
    others = [
        _row(names.get(s) if s is not None else None, picked)
        for s, picked in asking.items()
        if s not in claimed
    ]
    suppliers = [_row(names[t], picked) for t, picked in asked.items() if t in names]
    return Customers(
        team,
        period,
        _ranked(key_rows),
        _ranked(others),
        _ranked(suppliers),
        total(internal),
        as_of(period),
    )


def _row(
    team: TeamInfo | None,
    picked: list[Flow],
    key: KeyCustomer | None = None,
    covers: tuple[TeamInfo, ...] = (),
) -> Row:
    now, before = total(f.now for f in picked), total(f.before for f in picked)
    return Row(team, now, before, key, covers)


def _ranked(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: (-r.now.asked, -r.before.asked, _name(r.team) or "~"))
