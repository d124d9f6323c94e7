"""One reporting day added up: the facts `reading` finds, counted for the team holding each
request at the moment it happened, into a `tally.Day`. A fixed number of queries (one per kind
of fact; facts about particular requests in lists of ids), then Python over that day's rows.

Most requests are never transferred: the team holding one now has held it throughout, and only
the holds (stints) of transferred requests are read to tell who held them when.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from inservice.insights.rollup import buckets, reading, reading_people
from inservice.insights.rollup.backlog import Backlog
from inservice.insights.rollup.holders import Holders
from inservice.insights.rollup.reading import Event, Hold, Window
from inservice.insights.rollup.resolutions import resolutions, team_replied
from inservice.insights.rollup.tally import Day
from inservice.org.models import Team
from inservice.sla import business
from inservice.sla.choices import Level, PromiseState, Target
from inservice.tickets.choices import DONE_STATUSES, EntryKind, Status
from inservice.tickets.lifecycle import Action

SATISFIED = 4  # ratings of 4 and 5
PROMISE_COUNTS = {
    PromiseState.KEPT: "promises_kept",
    PromiseState.BROKEN: "promises_broken",
    PromiseState.RENEGOTIATED: "promises_renegotiated",
}
ENDS = frozenset(s.value for s in DONE_STATUSES)


class Teams:
    """Every team with its calendar, read once per refresh: business minutes by team."""

    def __init__(self) -> None:
        self.by_id = {t.pk: t for t in Team.objects.select_related("calendar").order_by("pk")}
        self.ids = sorted(self.by_id)

    def minutes(self, team_id: int, start: datetime, end: datetime) -> float:
        team = self.by_id.get(team_id)
        if team is None:
            return (end - start).total_seconds() / 60
        return max(business.for_team(team).between(start, end), 0.0)


def compute(window: Window, backlog: Backlog, teams: Teams) -> Day:
    """The day's tally; `backlog` (open at the day's start) is moved on to its end."""
    day = Day(window.day)
    asked = reading.asked(window)
    arrivals = reading.arrivals(window)
    events = reading.events(window)
    deciding = {e.ticket_id for e in events if _decides(e)}
    decided = reading.decided(window, deciding | reading.escalated_after(window))
    transferred = {a.ticket_id for a in asked if a.transfers}
    transferred |= {e.ticket_id for e in events if e.transfers}
    transferred |= {h.ticket_id for h in arrivals} | {c.ticket_id for c in decided if c.transfers}
    holders = Holders(reading.holds(transferred))
    resolved = {
        e.ticket_id: e.service_id
        for e in events
        if e.kind == EntryKind.STATUS and e.data.get("to") == Status.RESOLVED
    }
    reopened = {e.ticket_id for e in events if _is_reopen(e)}
    asked_at = reading.asked_at(set(resolved) | reopened)
    _asked(day, holders, backlog, asked, events, asked_at)
    _transfers(day, holders, teams, arrivals)
    _service_levels(day, window, holders, decided)
    _resolutions(day, window, holders, teams, resolved, asked_at, events)
    _feedback(day, window, teams)
    _kudos(day, window, teams)
    standing = backlog.standing(window.until)
    for team_id, ages in standing.teams.items():
        extras = day.extras[team_id]
        extras.aging = ages
        extras.counts["backlog"] = sum(ages)
    for key, count in standing.agents.items():
        day.agents[key]["open_assigned"] = count
    return day


def _asked(
    day: Day,
    holders: Holders,
    backlog: Backlog,
    asked: list[reading.Asked],
    events: list[Event],
    asked_at: dict[int, datetime],
) -> None:
    """Requests asked, and every entry of the day, in order: the backlog follows both."""
    moments: list[tuple[datetime, int, reading.Asked | Event]] = [(a.at, 0, a) for a in asked]
    moments += [(e.at, 1, e) for e in events]
    moments.sort(key=lambda m: (m[0], m[1]))
    for _at, _order, fact in moments:
        if isinstance(fact, reading.Asked):
            first = holders.first(fact.ticket_id) if fact.transfers else None
            team = first.team_id if first is not None else fact.team_id
            outcome = day.outcomes[(team, fact.service_id)]
            outcome.counts["asked"] += 1
            outcome.counts["repeats"] += fact.repeat
            outcome.channels[fact.channel] += 1
            outcome.departments[fact.department] += 1
            day.flows[(fact.requester_team_id, team)]["asked"] += 1
            backlog.asked(fact.ticket_id, team, fact.at)
        else:
            team = _team(holders, fact.ticket_id, fact.transfers, fact.team_id, fact.at)
            _event(day, fact, team)
            backlog.apply(fact, team, asked_at.get(fact.ticket_id, fact.at))


def _decides(event: Event) -> bool:
    """Whether a clock may have been met or breached at this entry: a public reply or an
    acknowledgment (the first response: any reply, since a requester serving in the team
    answers as the team), an end (the resolution met; a breach missed between two sweeps
    found), the sweep's breach (sla.services.sweep)."""
    kind = event.kind
    return (
        kind in (EntryKind.PROMISE, EntryKind.DUPLICATE, EntryKind.REPLY)
        or (kind == EntryKind.STATUS and event.data.get("to") in ENDS)
        or (kind == EntryKind.SLA and event.data.get("level") == Level.BREACHED)
    )


def _team(holders: Holders, ticket_id: int, transfers: int, now_with: int, at: datetime) -> int:
    """The team holding the request at `at`: the one holding it now, if never transferred."""
    return holders.team_at(ticket_id, at, default=now_with) if transfers else now_with


def _event(day: Day, event: Event, team: int) -> None:
    if event.kind == EntryKind.STATUS:
        outcome = day.outcomes[(team, event.service_id)]
        if event.data.get("to") == Status.RESOLVED:
            outcome.counts["resolved"] += 1
            if event.actor_id is not None:
                day.agents[(team, event.actor_id)]["resolved"] += 1
        if _is_reopen(event):
            outcome.counts["reopened"] += 1
    elif event.kind == EntryKind.REPLY:
        if event.tone:
            day.extras[team].tones["replies"][event.tone] += 1
        elif team_replied(event) and event.actor_id is not None:
            day.agents[(team, event.actor_id)]["replies"] += 1


def _is_reopen(event: Event) -> bool:
    return event.kind == EntryKind.STATUS and event.data.get("action") == Action.REOPEN


def _transfers(day: Day, holders: Holders, teams: Teams, arrivals: list[Hold]) -> None:
    """Transfers arriving on the day: the pair's handoff, the sending team's hold ended."""
    for hold in arrivals:
        sent = holders.before(hold)
        if sent is None:
            continue  # the request's first hold: asked, not transferred
        handoff = day.handoffs[(sent.team_id, hold.team_id)]
        handoff.counts["transfers"] += 1
        if hold.first_action_at is not None:
            handoff.counts["acted"] += 1
            waited = teams.minutes(hold.team_id, hold.started_at, hold.first_action_at)
            buckets.add(handoff.delays, waited, buckets.MINUTES)
        following = holders.after(hold)
        if following is not None and following.team_id == sent.team_id:
            handoff.counts["bounced"] += 1
        day.extras[hold.team_id].counts["transfers_in"] += 1
        extras = day.extras[sent.team_id]
        extras.counts["transfers_out"] += 1
        extras.counts["stints_ended"] += 1
        held = teams.minutes(sent.team_id, sent.started_at, hold.started_at)
        buckets.add(extras.stint_minutes, held, buckets.MINUTES)


def _service_levels(
    day: Day, window: Window, holders: Holders, decided: list[reading.Decided]
) -> None:
    """First-response and resolution clocks: met in time or breached on the day; the time
    each one met on the day used, in the time histograms."""
    for clock in decided:
        name = "response" if clock.target == Target.FIRST_RESPONSE else "resolution"
        breached = clock.breached_at is not None and _on(clock.breached_at, window)
        met = clock.met_at is not None and _on(clock.met_at, window)
        moment = clock.breached_at if breached else clock.met_at
        assert moment is not None  # the query reads clocks met or breached on the day
        team = _team(holders, clock.ticket_id, clock.transfers, clock.team_id, moment)
        outcome = day.outcomes[(team, clock.service_id)]
        flow = day.flows[(clock.requester_team_id, team)]
        if breached:
            outcome.counts[f"{name}_breached"] += 1
            if name == "resolution":
                flow["resolution_breached"] += 1
        if met:
            buckets.add(getattr(outcome, name), clock.minutes, buckets.MINUTES)
            if clock.breached_at is None:
                outcome.counts[f"{name}_met"] += 1
                if name == "resolution":
                    flow["resolution_met"] += 1


def _resolutions(
    day: Day,
    window: Window,
    holders: Holders,
    teams: Teams,
    services: dict[int, int],
    asked_at: dict[int, datetime],
    events: list[Event],
) -> None:
    """First resolutions and first contact; time by status; the resolving team's hold.
    `services`: the service of each request resolved on the day."""
    now_with = {e.ticket_id: (e.transfers, e.team_id) for e in events}
    for found in resolutions(reading.stories(services), asked_at, window.start, window.until):
        transfers, team = now_with[found.ticket_id]
        hold = holders.hold_at(found.ticket_id, found.at) if transfers else None
        if hold is None:
            hold = Hold(found.ticket_id, team, asked_at.get(found.ticket_id, found.at))
        outcome = day.outcomes[(hold.team_id, services[found.ticket_id])]
        if found.first:
            outcome.counts["first_resolved"] += 1
            outcome.counts["first_contact"] += found.first_contact
        extras = day.extras[hold.team_id]
        extras.counts["status_requests"] += 1
        for status, hours in found.hours.items():
            extras.status_hours[status] += hours
        extras.counts["stints_ended"] += 1
        held = teams.minutes(hold.team_id, hold.started_at, found.at)
        buckets.add(extras.stint_minutes, held, buckets.MINUTES)


def _feedback(day: Day, window: Window, teams: Teams) -> None:
    for team, service, score, tone, requester_team in reading_people.ratings(window, teams.ids):
        score = int(score or 0)  # given: the query reads rated ones only
        outcome = day.outcomes[(team, service)]
        outcome.counts["csat_count"] += 1
        outcome.counts["csat_sum"] += score
        outcome.counts["csat_satisfied"] += score >= SATISFIED
        flow = day.flows[(requester_team, team)]
        flow["csat_count"] += 1
        flow["csat_sum"] += score
        if tone:
            day.extras[team].tones["ratings"][tone] += 1
    for team, made_by, state in reading_people.promises(window, teams.ids):
        name = PROMISE_COUNTS.get(PromiseState(state))
        if name is not None:
            day.extras[team].counts[name] += 1
            day.agents[(team, made_by)][name] += 1
    for team, anonymous, tone in reading_people.suggestions(window):
        source = "anonymous_suggestions" if anonymous else "suggestions"
        day.extras[team].tones[source][tone] += 1
    for team, anonymous, tone in reading_people.nps_reasons(window):
        source = "anonymous_nps" if anonymous else "nps"
        day.extras[team].tones[source][tone] += 1


def _kudos(day: Day, window: Window, teams: Teams) -> None:
    received: dict[int, dict[int, bool]] = defaultdict(dict)
    for team, kudos, across in reading_people.kudos_received(window, teams.ids):
        received[team][kudos] = received[team].get(kudos, False) or across
    for team, kudos_by_id in received.items():
        counts = day.extras[team].counts
        counts["kudos_received"] += len(kudos_by_id)
        counts["kudos_received_across"] += sum(kudos_by_id.values())
    for team, across in reading_people.kudos_given(window, teams.ids):
        counts = day.extras[team].counts
        counts["kudos_given"] += 1
        counts["kudos_given_across"] += across


def _on(moment: datetime, window: Window) -> bool:
    return window.start <= moment < window.until
