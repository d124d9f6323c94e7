"""How a request stands against its service levels, in plain words for people.

Time left counts business time of the team's calendar ("due in 3 business hours"): that is the
time the team will actually work before the target falls due, so Friday evening's "due in 1
business hour" stays true over the weekend. Time since a breach counts wall-clock time ("breached
2 h ago"): the requester has been waiting all of it. Pure: no ORM, no clock reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from inservice.sla import business
from inservice.sla.calendar import BusinessTime
from inservice.sla.choices import ClockState, Health
from inservice.sla.models import Clock
from inservice.tickets.choices import Status
from inservice.tickets.models import Ticket

# A state beside the Health values: the outcome of a target that was met.
MET = "met"

BADGES = {
    Health.OK: "ok",
    Health.AT_RISK: "warn",
    Health.BREACHED: "danger",
    Health.PAUSED: "muted",
    MET: "ok",
}
LABELS = {
    Health.OK: gettext_lazy("On track"),
    Health.AT_RISK: gettext_lazy("At risk"),
    Health.BREACHED: gettext_lazy("Breached"),
    Health.PAUSED: gettext_lazy("Paused"),
    MET: gettext_lazy("Met"),
}


@dataclass(frozen=True)
class Standing:
    """A state for styling (ok, at_risk, breached, paused, met; "" when no target runs) and words."""

    state: str
    words: str

    @property
    def badge(self) -> str:
        return BADGES.get(self.state, "muted")

    @property
    def label(self) -> str:
        return str(LABELS.get(self.state, ""))

    def __bool__(self) -> bool:
        return bool(self.state)


NOTHING = Standing("", "")


def describe(
    due_at: datetime | None,
    health: str,
    table: BusinessTime,
    now: datetime,
    *,
    requester: bool = False,
    status: str = Status.WAITING,
) -> Standing:
    """How a request (or one of its targets) stands at `now`, for the team or for the requester.

    `health` is a `Health` value, or MET for a target that was met; `table` is the business time
    of the calendar of the team holding the request (sla.business.for_team). A due time already
    passed reads as breached even before the sweep has recorded it.
    """
    if health == MET:
        return Standing(MET, _("met"))
    if health == Health.PAUSED:
        if status != Status.WAITING:
            label = Status(status).label if status in Status.values else status
            return Standing(Health.PAUSED, _("paused in “%(status)s”") % {"status": label})
        if requester:
            return Standing(Health.PAUSED, _("paused while waiting on you"))
        return Standing(Health.PAUSED, _("paused while waiting on the requester"))
    if due_at is None or health == Health.NONE:
        return NOTHING
    if due_at <= now:
        ago = wall_clock(now - due_at)
        if requester:
            return Standing(Health.BREACHED, _("answer was due %(ago)s ago") % {"ago": ago})
        if now - due_at < timedelta(minutes=1):
            return Standing(Health.BREACHED, _("breached just now"))
        return Standing(Health.BREACHED, _("breached %(ago)s ago") % {"ago": ago})
    left = business_span(table.between(now, due_at), day_minutes(table))
    state = health if health in (Health.AT_RISK, Health.BREACHED) else Health.OK
    if requester:
        return Standing(state, _("answer due in %(left)s") % {"left": left})
    return Standing(state, _("due in %(left)s") % {"left": left})


def describe_clock(
    clock: Clock, table: BusinessTime, now: datetime, *, requester: bool = False, status: str = ""
) -> Standing:
    """`describe` for one target of a request (the SLA panel's rows)."""
    if clock.state == ClockState.MET:
        return describe(None, MET, table, now)
    if clock.state == ClockState.STOPPED:
        return Standing("", _("no longer applies"))
    if clock.state == ClockState.PAUSED:
        return describe(None, Health.PAUSED, table, now, requester=requester, status=status)
    if clock.breached_at is not None:
        health = Health.BREACHED
    elif clock.was_at_risk_at is not None or (clock.at_risk_at and clock.at_risk_at <= now):
        health = Health.AT_RISK
    else:
        health = Health.OK
    return describe(clock.due_at, health, table, now, requester=requester)


def day_minutes(table: BusinessTime) -> int:
    """A business day of the calendar: its working minutes per working weekday, on average."""
    intervals = table.spec.intervals
    days = {i.weekday for i in intervals}
    return max(sum(i.end - i.start for i in intervals) // max(len(days), 1), 1)


def business_span(minutes: float, day: int) -> str:
    """Business time in the largest unit that still reads precisely, rounded down: never more
    time than there is. Minutes below an hour, hours below two business days, then days."""
    whole = int(minutes)
    if whole < 1:
        return _("less than a business minute")
    if whole < 60:
        return ngettext("%(n)s business minute", "%(n)s business minutes", whole) % {"n": whole}
    if whole < 2 * day:
        hours = whole // 60
        return ngettext("%(n)s business hour", "%(n)s business hours", hours) % {"n": hours}
    days = whole // day
    return ngettext("%(n)s business day", "%(n)s business days", days) % {"n": days}


def wall_clock(elapsed: timedelta) -> str:
    """Time passed, short: "25 min", "2 h", "3 days"."""
    minutes = int(elapsed.total_seconds() // 60)
    if minutes < 1:
        return _("less than a minute")
    if minutes < 60:
        return _("%(n)s min") % {"n": minutes}
    if minutes < 48 * 60:
        return _("%(n)s h") % {"n": minutes // 60}
    days = minutes // (24 * 60)
    return ngettext("%(n)s day", "%(n)s days", days) % {"n": days}


def describe_ticket(ticket: Ticket, now: datetime, *, requester: bool = False) -> Standing:
    """`describe` for a request's nearest target (Ticket.due_at and Ticket.health, kept by the
    sla app), in its team's calendar: list rows read nothing more than the request's own row
    and its team's calendar."""
    table = business.for_team(ticket.team)
    return describe(
        ticket.due_at, ticket.health, table, now, requester=requester, status=ticket.status
    )
