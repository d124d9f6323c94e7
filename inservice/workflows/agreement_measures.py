"""Both sides of a service agreement, measured over a period (decision 0027).

Read-only, in a fixed number of queries whatever the history: one aggregate per measure, and one
read of the wait entries, paired up in Python to time each wait in business time.

"From the receiver" means asked by someone whose team is the receiving team, or for a department
one of its teams (as sla.policies applies the agreement's targets), counted by their team today.

Provider side, for requests from the receiver to the committed services:
- first response and resolution: of the clocks of requests asked in the period whose outcome is
  known, the share met; a clock meets an agreed target when the business time it used is within
  it, otherwise (no agreed target for that service) when it was never breached. Clocks still
  running unbreached, and those stopped by a cancellation before breaching, are not counted;
- promises kept: kept ÷ (kept + broken) of the team's promises on those requests settled in the
  period (the rule of decision 0024).

Receiver side:
- notice given in time: runs of the named workflows started in the period by the receiver,
  whose notice in working days is at least the agreed notice;
- complete on arrival: requests asked in the period never put to "waiting on requester" for
  missing information before a first resolution (Ticket.incomplete_on_arrival);
- answers: each wait on the requester that began in the period, from the move to "waiting on
  requester" to the next move off it (the requester's reply moves it back at once) or a
  transfer, in business time of the provider's calendar; the median and the share within the
  agreed time. Waits not over yet are counted apart.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import BigIntegerField, Case, Count, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from inservice.org.choices import TeamKind
from inservice.org.models import Team
from inservice.sla import business
from inservice.sla.calendar import MINUTE
from inservice.sla.choices import ClockState, PromiseState, Target
from inservice.sla.models import Clock, Promise
from inservice.sla.services import PromiseRecord
from inservice.tickets.choices import EntryKind, Status
from inservice.tickets.models import Ticket, TimelineEntry
from inservice.workflows.models import Agreement, AgreementNotice, AgreementService, Run

DEFAULT_DAYS = 90
MAX_DAYS = 366


# -- the period -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Whole days, first and last included, in a time zone; [since, until) as instants."""

    first_day: date
    last_day: date
    since: datetime
    until: datetime

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


def period_of(first_day: date, last_day: date, zone: tzinfo) -> Period:
    since = datetime.combine(first_day, time(), zone)
    until = datetime.combine(last_day + timedelta(days=1), time(), zone)
    return Period(first_day, last_day, since, until)


def default_period(now: datetime, zone: tzinfo) -> Period:
    """The last 90 days, today included."""
    today = now.astimezone(zone).date()
    return period_of(today - timedelta(days=DEFAULT_DAYS - 1), today, zone)


def choose_period(start: date | None, end: date | None, now: datetime, zone: tzinfo) -> Period:
    """The period from the first day to the last, in `zone`; a missing end is today, a missing
    start 90 days before the end. ValidationError naming `start` or `end` when it makes no sense."""
    today = now.astimezone(zone).date()
    last = end or today
    first = start or last - timedelta(days=DEFAULT_DAYS - 1)
    errors: dict[str, str] = {}
    if first > today:
        errors["start"] = _("The period starts in the future: choose today or an earlier day.")
    if last < first:
        errors["end"] = _("The period ends before it starts.")
    elif (last - first).days + 1 > MAX_DAYS:
        errors["end"] = _("Choose a period of at most %(n)s days.") % {"n": MAX_DAYS}
    if errors:
        raise ValidationError(errors)
    return period_of(first, last, zone)


# -- what is measured -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """`done` out of `total` (e.g. targets met out of targets decided)."""

    done: int
    total: int

    @property
    def rate(self) -> float | None:
        return self.done / self.total if self.total else None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)


@dataclass(frozen=True)
class Terms:
    """An agreement's rows, read once for the page and the measures."""

    services: list[AgreementService]
    notices: list[AgreementNotice]


def terms_of(agreement: Agreement) -> Terms:
    services = agreement.services.select_related("service").order_by("service__name", "pk")
    notices = agreement.notices.select_related("template").order_by("template__name", "pk")
    return Terms(list(services), list(notices))


@dataclass(frozen=True)
class ProviderSide:
    requests: int  # asked in the period from the receiver to the committed services
    first_response: Share
    resolution: Share
    promises: PromiseRecord


@dataclass(frozen=True)
class NoticeMeasure:
    notice: AgreementNotice
    runs: Share  # in time, out of the runs started


@dataclass(frozen=True)
class ReceiverSide:
    notices: list[NoticeMeasure]
    notice: Share  # every named workflow together
    complete: Share  # complete on arrival, out of the requests asked
    answered: int
    still_waiting: int
    median_answer_minutes: float | None
    answered_in_time: Share | None  # None when the agreement names no time to answer in


@dataclass(frozen=True)
class Measures:
    period: Period
    provider: ProviderSide
    receiver: ReceiverSide


def measure(agreement: Agreement, terms: Terms, period: Period) -> Measures:
    """Both sides over the period (see the module's docstring for what each number counts)."""
    teams = receiver_team_ids(agreement)
    service_ids = [row.service_id for row in terms.services]
    asked = Ticket.objects.filter(
        service_id__in=service_ids,
        requester__team_id__in=teams,
        created_at__gte=period.since,
        created_at__lt=period.until,
    )
    counts = asked.aggregate(
        total=Count("pk"), incomplete=Count("pk", filter=Q(incomplete_on_arrival=True))
    )
    shares = _clock_shares(terms.services, teams, period)
    provider = ProviderSide(
        requests=counts["total"],
        first_response=shares["first_response"],
        resolution=shares["resolution"],
        promises=_promises(agreement, service_ids, teams, period),
    )
    notices = _notices(terms.notices, teams, period)
    answers = _answers(agreement, service_ids, teams, period)
    within = agreement.answer_within_minutes
    receiver = ReceiverSide(
        notices=notices,
        notice=Share(sum(n.runs.done for n in notices), sum(n.runs.total for n in notices)),
        complete=Share(counts["total"] - counts["incomplete"], counts["total"]),
        answered=len(answers.minutes),
        still_waiting=answers.open,
        median_answer_minutes=statistics.median(answers.minutes) if answers.minutes else None,
        answered_in_time=(
            Share(sum(m <= within for m in answers.minutes), len(answers.minutes))
            if within
            else None
        ),
    )
    return Measures(period, provider, receiver)


def receiver_team_ids(agreement: Agreement) -> list[int]:
    """The receiving team, and for a department its teams."""
    if agreement.receiver.kind != TeamKind.DEPARTMENT:
        return [agreement.receiver_id]
    children = Team.objects.filter(parent_id=agreement.receiver_id).order_by()
    return [agreement.receiver_id, *children.values_list("pk", flat=True)]


def _clock_shares(
    services: Sequence[AgreementService], teams: list[int], period: Period
) -> dict[str, Share]:
    """First response and resolution targets met, of those decided: one query."""
    clocks = Clock.objects.filter(
        target__in=(Target.FIRST_RESPONSE, Target.RESOLUTION),
        ticket__service_id__in=[row.service_id for row in services],
        ticket__requester__team_id__in=teams,
        ticket__created_at__gte=period.since,
        ticket__created_at__lt=period.until,
    )
    first = {r.service_id: r.first_response_minutes for r in services if r.first_response_minutes}
    resolution = {r.service_id: r.resolution_minutes for r in services if r.resolution_minutes}
    counts: dict[str, Any] = {}
    for name, target, agreed in (
        ("first_response", Target.FIRST_RESPONSE, first),
        ("resolution", Target.RESOLUTION, resolution),
    ):
        met, missed = _outcomes(target, agreed)
        counts[f"{name}_met"] = Count("pk", filter=met)
        counts[f"{name}_missed"] = Count("pk", filter=missed)
    found = clocks.aggregate(**counts)
    return {
        name: Share(found[f"{name}_met"], found[f"{name}_met"] + found[f"{name}_missed"])
        for name in ("first_response", "resolution")
    }


def _outcomes(target: str, agreed: dict[int, int]) -> tuple[Q, Q]:
    """Conditions for a clock of `target` that met, and one that missed, the agreed target of
    its service (`agreed`: minutes by service) or, where none is agreed, its own."""
    of = Q(target=target)
    met = Q(state=ClockState.MET)
    breached = Q(breached_at__isnull=False)
    if not agreed:
        return of & met & ~breached, of & breached
    limit = Case(
        *(When(ticket__service_id=s, then=Value(m)) for s, m in agreed.items()),
        output_field=IntegerField(),
    )
    # In microseconds as a 64-bit value: minutes times 60,000,000 overflows a 32-bit integer in
    # PostgreSQL after 35 minutes.
    limit_micros = Case(
        *(When(ticket__service_id=s, then=Value(m * MINUTE)) for s, m in agreed.items()),
        output_field=BigIntegerField(),
    )
    has_agreed = Q(ticket__service_id__in=list(agreed))
    within = Q(used_micros__lte=limit_micros)
    # Not met yet but breached against a target no stricter than the agreed one: missed it too.
    missed_agreed = (met & ~within) | (~met & breached & Q(target_minutes__gte=limit))
    return (
        of & met & ((has_agreed & within) | (~has_agreed & ~breached)),
        of & ((has_agreed & missed_agreed) | (~has_agreed & breached)),
    )


def _promises(
    agreement: Agreement, service_ids: list[int], teams: list[int], period: Period
) -> PromiseRecord:
    promises = Promise.objects.filter(
        team_id=agreement.provider_id,
        ticket__service_id__in=service_ids,
        ticket__requester__team_id__in=teams,
        settled_at__gte=period.since,
        settled_at__lt=period.until,
    )
    return PromiseRecord(
        **promises.aggregate(
            kept=Count("pk", filter=Q(state=PromiseState.KEPT)),
            broken=Count("pk", filter=Q(state=PromiseState.BROKEN)),
            renegotiated=Count("pk", filter=Q(state=PromiseState.RENEGOTIATED)),
        )
    )


def _notices(
    notices: Sequence[AgreementNotice], teams: list[int], period: Period
) -> list[NoticeMeasure]:
    """Runs of each named workflow started by the receiver, and those with enough notice: one
    query, grouped by workflow."""
    if not notices:
        return []
    required = Case(
        *(When(template_id=n.template_id, then=Value(n.notice_days)) for n in notices),
        output_field=IntegerField(),
    )
    rows = (
        Run.objects.filter(
            initiating_team_id__in=teams,
            template_id__in=[n.template_id for n in notices],
            started_at__gte=period.since,
            started_at__lt=period.until,
        )
        .values("template_id")
        .annotate(runs=Count("pk"), in_time=Count("pk", filter=Q(notice_days__gte=required)))
        .order_by()
    )
    found = {row["template_id"]: Share(row["in_time"], row["runs"]) for row in rows}
    return [NoticeMeasure(n, found.get(n.template_id, Share(0, 0))) for n in notices]


@dataclass(frozen=True)
class _Answers:
    minutes: list[float]  # business minutes of each wait that ended
    open: int  # waits not over yet


def _answers(
    agreement: Agreement, service_ids: list[int], teams: list[int], period: Period
) -> _Answers:
    """Each wait on the requester that began in the period, timed in business minutes of the
    provider's calendar: one query for the moves in and out of waiting since the period began."""
    moves = (
        TimelineEntry.objects.filter(
            ticket__service_id__in=service_ids,
            ticket__requester__team_id__in=teams,
            created_at__gte=period.since,
            kind__in=(EntryKind.STATUS, EntryKind.MOVED),
        )
        .filter(Q(kind=EntryKind.MOVED) | Q(data__to=Status.WAITING) | Q(data__from=Status.WAITING))
        .order_by("ticket_id", "created_at", "pk")
        .values_list("ticket_id", "created_at", "kind", "data")
    )
    table = business.for_team(agreement.provider)
    minutes: list[float] = []
    waiting: dict[int, datetime] = {}
    for ticket_id, at, kind, data in moves.iterator(chunk_size=2_000):
        began = waiting.pop(ticket_id, None)
        if began is not None:
            minutes.append(max(table.between(began, at), 0.0))  # any move ends the wait
        if kind == EntryKind.STATUS and data.get("to") == Status.WAITING and at < period.until:
            waiting[ticket_id] = at
    return _Answers(minutes, len(waiting))
