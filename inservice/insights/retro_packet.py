"""A retrospective's data packet (decision 0039): what happened between its teams over its
period, read when the board is shown (never stored), in a fixed number of queries whatever the
history. Every number comes from the daily rollups or an existing read function, never a second
computation of the same thing:

- requests from each team to each other one, both ways (`FlowDay`: asked by people whose home
  team it is; resolution targets met or breached; ratings), with rating comments only as the
  ratings' own rule shows them (feedback.permissions_csat: the team that served, and the
  requester their own);
- handoffs from each team to each other one (`HandoffDay`: transfers, the receiving team's
  first action, bounced straight back, its delay's median and 90th percentile);
- both sides of every service agreement between them (workflows.agreement_measures.measure,
  the agreement page's own numbers; at most six agreements, each a fixed number of queries);
- suggestions to each team in the period (counts by status; anonymous ones as counts only) and
  the named, answered ones ("you said, we did" is public) from people of the other teams;
- the previous retrospective's actions and their outcomes (insights.retro_board).

`tables()` gives each table as a Figure, so the page draws it with the dashboards' table
partial and the CSV is exports.csv_text of the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from inservice.feedback.models.csat import Rating
from inservice.feedback.models.suggestions import Suggestion, SuggestionStatus
from inservice.insights.figures.base import Cell, ChartKind, Figure, Unit
from inservice.insights.figures.reading import as_of, percent
from inservice.insights.models import FlowDay, HandoffDay
from inservice.insights.models_retros import Retrospective
from inservice.insights.periods import Period, reporting_zone
from inservice.insights.permissions_retros import Retro
from inservice.insights.retro_board import ActionLine, action_lines
from inservice.insights.rollup import buckets as edges
from inservice.org.models import Person, Team
from inservice.workflows.agreement_measures import Measures, measure, period_of, terms_of
from inservice.workflows.models import Agreement

COMMENTS_PER_DIRECTION = 5
COMMENTS_READ = 200  # the newest comments read at most, before keeping five a direction
MAX_AGREEMENTS = 6
NAMED_SUGGESTIONS = 20


@dataclass(frozen=True)
class Comment:
    score: int
    text: str
    rated_on: date


@dataclass
class Pair:
    """One direction between two of the teams: from `source` to `target`."""

    source: Team
    target: Team
    # Requests asked by the source's people of the target.
    asked: int = 0
    resolution_met: int = 0
    resolution_breached: int = 0
    csat_count: int = 0
    csat_sum: int = 0
    comments: list[Comment] = field(default_factory=list)
    # Requests the source handed to the target.
    transfers: int = 0
    acted: int = 0
    bounced: int = 0
    delays: list[int] = field(default_factory=lambda: edges.empty(edges.MINUTES))

    @property
    def resolution_percent(self) -> float | None:
        return percent(self.resolution_met, self.resolution_met + self.resolution_breached)

    @property
    def csat_average(self) -> float | None:
        return round(self.csat_sum / self.csat_count, 2) if self.csat_count else None

    @property
    def delay_median(self) -> float | None:
        return _rounded(edges.quantile(self.delays, edges.MINUTES, 0.5))

    @property
    def delay_p90(self) -> float | None:
        return _rounded(edges.quantile(self.delays, edges.MINUTES, 0.9))


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


@dataclass(frozen=True)
class AgreementLine:
    agreement: Agreement
    measures: Measures


@dataclass
class SuggestionTally:
    team: Team
    by_status: dict[str, int] = field(default_factory=dict)
    anonymous: int = 0

    @property
    def received(self) -> int:
        return sum(self.by_status.values())


@dataclass(frozen=True)
class NamedSuggestion:
    title: str
    status: SuggestionStatus
    team: Team
    author: str


@dataclass(frozen=True)
class Packet:
    period: Period
    teams: list[Team]
    pairs: list[Pair]
    agreements: list[AgreementLine]
    more_agreements: bool
    suggestions: list[SuggestionTally]
    named_suggestions: list[NamedSuggestion]
    previous: Retrospective | None
    previous_actions: list[ActionLine]
    as_of: datetime | None  # when the rollups read were last refreshed
    read_at: datetime  # the live tables (agreements, suggestions) are as of now

    @property
    def commented_pairs(self) -> list[Pair]:
        return [pair for pair in self.pairs if pair.comments]

    def tables(self) -> list[Figure]:
        found = [
            _requests_table(self),
            _handoffs_table(self),
            _agreements_table(self),
            _suggestions_table(self),
        ]
        if self.previous is not None:
            found.append(_previous_table(self))
        return found

    def table(self, key: str) -> Figure | None:
        return next((table for table in self.tables() if table.key == key), None)


def period_of_retro(retro: Retrospective) -> Period:
    return Period(retro.period_start, retro.period_end)


def build(retro: Retro, viewer: Person, *, now: datetime | None = None) -> Packet:
    """The packet of `retro` as `viewer` (a participant) may read it."""
    now = now or timezone.now()
    period = period_of_retro(retro.retro)
    teams = retro.teams
    # Every ordered pair of the teams, in their order (by name): both ways.
    pairs = {(a.pk, b.pk): Pair(a, b) for a in teams for b in teams if a.pk != b.pk}
    _flows(pairs, period)
    _handoffs(pairs, period)
    _comments(pairs, period, viewer)
    agreements, more = _agreements(teams, period)
    tallies, named = _suggestions(teams, period, now)
    previous = retro.retro.previous
    today = now.astimezone(reporting_zone()).date()
    return Packet(
        period=period,
        teams=teams,
        pairs=list(pairs.values()),
        agreements=agreements,
        more_agreements=more,
        suggestions=tallies,
        named_suggestions=named,
        previous=previous,
        previous_actions=action_lines(previous.pk, viewer, today) if previous else [],
        as_of=as_of(period),
        read_at=now,
    )


def _ids(pairs: dict[tuple[int, int], Pair]) -> list[int]:
    return sorted({pk for pair in pairs for pk in pair})


def _flows(pairs: dict[tuple[int, int], Pair], period: Period) -> None:
    """Requests, resolution targets and ratings each way: one aggregate query of FlowDay."""
    ids = _ids(pairs)
    rows = (
        FlowDay.objects.filter(
            day__gte=period.start,
            day__lte=period.end,
            requesting_team_id__in=ids,
            serving_team_id__in=ids,
        )
        .values("requesting_team_id", "serving_team_id")
        .annotate(
            asked=Sum("asked"),
            met=Sum("resolution_met"),
            breached=Sum("resolution_breached"),
            count=Sum("csat_count"),
            total=Sum("csat_sum"),
        )
        .order_by()
    )
    for row in rows:
        pair = pairs.get((row["requesting_team_id"], row["serving_team_id"]))
        if pair is None:  # a team's requests to itself
            continue
        pair.asked, pair.resolution_met = row["asked"], row["met"]
        pair.resolution_breached = row["breached"]
        pair.csat_count, pair.csat_sum = row["count"], row["total"]


def _handoffs(pairs: dict[tuple[int, int], Pair], period: Period) -> None:
    """Transfers each way and the receiving team's delay: one query of HandoffDay, the day's
    histograms merged here (as the bottlenecks figure merges them)."""
    ids = _ids(pairs)
    rows = HandoffDay.objects.filter(
        day__gte=period.start, day__lte=period.end, from_team_id__in=ids, to_team_id__in=ids
    ).values_list("from_team_id", "to_team_id", "transfers", "acted", "bounced", "delay_minutes")
    for sent, got, transfers, acted, bounced, histogram in rows:
        pair = pairs.get((sent, got))
        if pair is None:
            continue
        pair.transfers += transfers
        pair.acted += acted
        pair.bounced += bounced
        edges.accumulate(pair.delays, histogram)


def _comments(pairs: dict[tuple[int, int], Pair], period: Period, viewer: Person) -> None:
    """The newest rating comments each way that the viewer may read: those of the teams they
    serve in (the team that served sees its ratings) and their own. One query."""
    ids = _ids(pairs)
    mine = Q(requester=viewer)
    if viewer.team_ids():
        mine |= Q(team_id__in=sorted(viewer.team_ids()))
    rows = (
        Rating.objects.filter(
            team_id__in=ids,
            requester__team_id__in=ids,
            rated_at__gte=period.starts_at,
            rated_at__lt=period.ends_before,
        )
        .filter(mine)
        .exclude(comment="")
        .exclude(requester__team_id=F("team_id"))
        .order_by("-rated_at", "-id")
        .values_list("requester__team_id", "team_id", "score", "comment", "rated_at")
    )[:COMMENTS_READ]
    zone = reporting_zone()
    for source, target, score, text, rated_at in rows:
        pair = pairs.get((source, target))
        if pair is None or score is None or rated_at is None:  # rated ones only, by the filter
            continue
        if len(pair.comments) < COMMENTS_PER_DIRECTION:
            pair.comments.append(Comment(score, text, rated_at.astimezone(zone).date()))


def _agreements(teams: list[Team], period: Period) -> tuple[list[AgreementLine], bool]:
    """Every agreement one of the teams provides to another (or to another's department), both
    sides measured over the period as the agreement's page measures them."""
    ids = {team.pk for team in teams}
    departments = {team.parent_id for team in teams if team.parent_id is not None}
    found = (
        Agreement.objects.filter(provider_id__in=ids, receiver_id__in=ids | departments)
        .select_related("provider__calendar", "receiver")
        .order_by("title", "pk")
    )
    between = [a for a in found[: 4 * MAX_AGREEMENTS] if _between(a, teams)]
    window = period_of(period.start, period.end, reporting_zone())
    lines = [AgreementLine(a, measure(a, terms_of(a), window)) for a in between[:MAX_AGREEMENTS]]
    return lines, len(between) > MAX_AGREEMENTS


def _between(agreement: Agreement, teams: list[Team]) -> bool:
    """The receiver is another of the teams, or the department of another of them (not only
    the provider's own department)."""
    others = [team for team in teams if team.pk != agreement.provider_id]
    return any(agreement.receiver_id in (team.pk, team.parent_id) for team in others)


def _suggestions(
    teams: list[Team], period: Period, now: datetime
) -> tuple[list[SuggestionTally], list[NamedSuggestion]]:
    """Suggestions to each team made in the period that have reached it, by status and how
    many anonymous (one query); the answered named ones from people of the other teams (one)."""
    ids = [team.pk for team in teams]
    made = Suggestion.objects.filter(
        team_id__in=ids,
        created_at__gte=period.starts_at,
        created_at__lt=period.ends_before,
        reaches_team_at__lte=now,
    )
    tallies = {team.pk: SuggestionTally(team) for team in teams}
    counts = made.values("team_id", "status", "anonymous").annotate(n=Count("id")).order_by()
    for row in counts:
        tally = tallies[row["team_id"]]
        tally.by_status[row["status"]] = tally.by_status.get(row["status"], 0) + row["n"]
        if row["anonymous"]:
            tally.anonymous += row["n"]
    by_id = {team.pk: team for team in teams}
    named = (
        made.on_board()
        .filter(anonymous=False, author__team_id__in=ids)
        .exclude(author__team_id=F("team_id"))
        .select_related("author")
        .order_by("-created_at", "-id")
    )[:NAMED_SUGGESTIONS]
    listed = [
        NamedSuggestion(
            s.title,
            SuggestionStatus(s.status),
            by_id[s.team_id],
            s.author.name if s.author else "",
        )
        for s in named
        if s.team_id is not None  # always: filtered to the teams above
    ]
    return list(tallies.values()), listed


# -- the tables -----------------------------------------------------------------------------------


def _share(done: int, total: int) -> float | None:
    return percent(done, total)


def _requests_table(packet: Packet) -> Figure:
    rows: list[list[Cell]] = [
        [
            p.source.name,
            p.target.name,
            p.asked,
            p.resolution_met,
            p.resolution_breached,
            p.resolution_percent,
            p.csat_count,
            p.csat_average,
        ]
        for p in packet.pairs
    ]
    seen = any(
        p.asked or p.resolution_met or p.resolution_breached or p.csat_count for p in packet.pairs
    )
    return Figure(
        key="requests",
        title=_("Requests between the teams"),
        description=_(
            "Requests asked by people of one team (their home team) of the other, by the day "
            "they were asked; resolution targets met or breached, and ratings, by the day they "
            "were decided or given."
        ),
        chart=ChartKind.NONE,
        unit=Unit.COUNT,
        columns=[
            _("From"),
            _("To"),
            _("Requests"),
            _("Resolution met"),
            _("Resolution breached"),
            _("Resolution met (%)"),
            _("Ratings"),
            _("Average rating (1-5)"),
        ],
        rows=rows if seen else [],
        as_of=packet.as_of,
    )


def _handoffs_table(packet: Packet) -> Figure:
    rows: list[list[Cell]] = [
        [
            p.source.name,
            p.target.name,
            p.transfers,
            p.acted,
            p.bounced,
            p.delay_median,
            p.delay_p90,
        ]
        for p in packet.pairs
    ]
    return Figure(
        key="handoffs",
        title=_("Handoffs between the teams"),
        description=_(
            "Requests one team handed to the other, by the day they arrived: how many the "
            "receiving team has acted on, how many went straight back, and the business minutes "
            "of the receiving team's calendar to its first action (medians interpolated within "
            "buckets)."
        ),
        chart=ChartKind.NONE,
        unit=Unit.MINUTES,
        columns=[
            _("From"),
            _("To"),
            _("Transfers"),
            _("Acted on"),
            _("Bounced straight back"),
            _("Median business minutes"),
            _("90th percentile business minutes"),
        ],
        rows=rows if any(p.transfers for p in packet.pairs) else [],
        as_of=packet.as_of,
    )


def _agreements_table(packet: Packet) -> Figure:
    rows: list[list[Cell]] = []
    for line in packet.agreements:
        a, provider, receiver = line.agreement, line.measures.provider, line.measures.receiver
        answered = receiver.answered_in_time
        rows.append(
            [
                a.title,
                a.provider.name,
                a.receiver.name,
                provider.requests,
                _share(provider.first_response.done, provider.first_response.total),
                _share(provider.resolution.done, provider.resolution.total),
                _share(provider.promises.kept, provider.promises.settled),
                _share(receiver.complete.done, receiver.complete.total),
                _share(receiver.notice.done, receiver.notice.total),
                _share(answered.done, answered.total) if answered is not None else None,
            ]
        )
    note = ""
    if packet.more_agreements:
        note = _("More agreements are between these teams: the first %(n)s by title are shown.") % {
            "n": MAX_AGREEMENTS
        }
    return Figure(
        key="agreements",
        title=_("Service agreements between the teams"),
        description=_(
            "Both sides of each agreement one of the teams provides to another, measured over "
            "the period as the agreement's own page measures them: the provider's targets met "
            "and promises kept; the receiver's requests complete on arrival, notice given in "
            "time and questions answered in time."
        ),
        chart=ChartKind.NONE,
        unit=Unit.PERCENT,
        columns=[
            _("Agreement"),
            _("Provider"),
            _("Receiver"),
            _("Requests from the receiver"),
            _("First response met (%)"),
            _("Resolution met (%)"),
            _("Promises kept (%)"),
            _("Complete on arrival (%)"),
            _("Notice in time (%)"),
            _("Questions answered in time (%)"),
        ],
        rows=rows,
        as_of=packet.read_at,
        note=note,
    )


def _suggestions_table(packet: Packet) -> Figure:
    statuses = list(SuggestionStatus)
    rows: list[list[Cell]] = [
        [t.team.name, t.received, t.anonymous, *(t.by_status.get(s.value, 0) for s in statuses)]
        for t in packet.suggestions
    ]
    return Figure(
        key="suggestions",
        title=_("Suggestions to each team"),
        description=_(
            "Suggestions made to each team in the period (from anyone), by their status today; "
            "anonymous ones are only counted."
        ),
        chart=ChartKind.NONE,
        unit=Unit.COUNT,
        columns=[
            _("Team"),
            _("Received"),
            _("Of them anonymous"),
            *(str(s.label) for s in statuses),
        ],
        rows=rows if any(t.received for t in packet.suggestions) else [],
        as_of=packet.read_at,
    )


def _previous_table(packet: Packet) -> Figure:
    rows: list[list[Cell]] = [
        [
            line.action.text,
            line.action.owner.name,
            line.action.due_on.isoformat(),
            str(line.outcome.label),
            line.request.key if line.request is not None else None,
        ]
        for line in packet.previous_actions
    ]
    return Figure(
        key="previous_actions",
        title=_("Actions of the previous retrospective"),
        description=_(
            "The action items agreed last time between the same teams, and what came of each: "
            "done, open, overdue (still open after its due date) or cancelled."
        ),
        chart=ChartKind.NONE,
        unit=Unit.COUNT,
        columns=[_("Action"), _("Owner"), _("Due"), _("Outcome"), _("Request")],
        rows=rows,
    )
