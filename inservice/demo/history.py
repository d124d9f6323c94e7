"""Simulated request history: what colleagues asked and how the teams served them.

Each request is played forward from the moment it was asked (acknowledgement, questions and
answers, notes, transfers with a handoff note, resolution, closing) and stops at `now`, so old
requests are closed and recent ones are still open in every status. The timeline entries have
the kinds and data the services write (tickets.services), and are stored through the tickets
app's bulk write path (tickets.bulk).
"""

from __future__ import annotations

import contextlib
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from inservice.demo.answers import answers_for
from inservice.demo.data import phrases
from inservice.demo.data.names import CUSTOMERS, MONTHS, SUPPLIERS
from inservice.demo.spec import APPLICATIONS
from inservice.demo.world import Desk, Offer, Who, World
from inservice.tickets.bulk import (
    BulkWriter,
    HistoryEntry,
    HistoryRequest,
    HistoryStint,
    HistoryWatcher,
)
from inservice.tickets.choices import Channel, EntryKind, Status
from inservice.tickets.lifecycle import Action

UTC = ZoneInfo("UTC")
# Requests per weekday relative to an average day: Monday is busiest, weekends are quiet.
WEEKDAY_LOAD = (1.35, 1.15, 1.05, 1.0, 0.85, 0.12, 0.08)
# When people ask, by local hour (8:00 to 19:00): the morning peak and a smaller one after lunch.
HOUR_LOAD = (3, 9, 10, 8, 5, 6, 7, 6, 4, 2, 1, 1)
WORK_START, WORK_END = 8, 18


class _Stop(Exception):
    """The simulated clock passed `now`: the request stays as it is."""


@dataclass(frozen=True)
class Odds:
    """How often things happen; the demo's defaults read like a real service organisation."""

    question: float = 0.3
    never_answers: float = 0.08
    note: float = 0.25
    transfer: float = 0.1
    priority_change: float = 0.05
    chase: float = 0.08
    cancel: float = 0.03
    thanks: float = 0.15
    reopen: float = 0.03
    duplicate: float = 0.02
    watcher: float = 0.12
    on_behalf: float = 0.05
    acknowledge_with_reply: float = 0.7
    resolve_with_reply: float = 1.0


# Leaner stories for seeding at scale: about six timeline entries a request.
SCALE_ODDS = Odds(
    question=0.08,
    note=0.08,
    transfer=0.04,
    priority_change=0.02,
    chase=0.02,
    thanks=0.05,
    reopen=0.01,
    duplicate=0.01,
    watcher=0.15,
    acknowledge_with_reply=0.15,
    resolve_with_reply=0.5,
)


def day_load(day: date, start: date, end: date) -> float:
    """How busy a day is: weekday, the year-end lull, summer holidays, and a growing company."""
    load = WEEKDAY_LOAD[day.weekday()]
    if (day.month == 12 and day.day >= 22) or (day.month == 1 and day.day <= 2):
        load *= 0.3
    elif day.month == 8:
        load *= 0.85
    span = max(1, (end - start).days)
    return load * (0.85 + 0.3 * (day - start).days / span)


def poisson_days(
    start: date, end: date, per_day: float, rng: random.Random
) -> Iterator[tuple[date, int]]:
    """Requests per day for the demo: around `per_day` on an average day, with the day's load."""
    day = start
    while day <= end:
        mean = per_day * day_load(day, start, end)
        yield day, max(0, round(rng.gauss(mean, mean**0.5)))
        day += timedelta(days=1)


def exact_days(start: date, end: date, total: int) -> Iterator[tuple[date, int]]:
    """Exactly `total` requests over the days, shared by each day's load (largest remainder)."""
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    loads = [day_load(d, start, end) for d in days]
    scale = total / sum(loads)
    counts = [int(load * scale) for load in loads]
    short = total - sum(counts)
    by_remainder = sorted(range(len(days)), key=lambda i: counts[i] - loads[i] * scale)
    for i in by_remainder[:short]:
        counts[i] += 1
    yield from zip(days, counts, strict=True)


class Simulation:
    """Plays requests forward and hands them to a BulkWriter."""

    def __init__(
        self,
        world: World,
        writer: BulkWriter,
        now: datetime,
        rng: random.Random,
        odds: Odds | None = None,
        favourite: Who | None = None,
    ) -> None:
        self.world = world
        self.writer = writer
        self.now = now
        self.rng = rng
        self.odds = odds or Odds()
        self.favourite = favourite  # the requester sign-in: asks a little more than most
        self.close_after = timedelta(days=int(settings.AUTO_CLOSE_AFTER_DAYS))
        self.reopen_within = timedelta(days=int(settings.REOPEN_WINDOW_DAYS))
        self.everyone = list(world.people.values())
        self.by_team: dict[int | None, list[Who]] = defaultdict(list)
        for who in self.everyone:
            self.by_team[who.team_id].append(who)
        self.weights = world.weights
        self.counts = dict.fromkeys(Status, 0)

    def day(self, day: date, count: int) -> int:
        """Writes `count` requests asked on `day` (duplicates included), in time order."""
        rng = self.rng
        asks = []
        for offer in rng.choices(self.world.offers, weights=self.weights, k=count):
            asker = self._asker(offer)
            asks.append((self._asked_at(day, asker.zone), offer, asker))
        asks.sort(key=lambda a: a[0])
        written = 0
        for asked_at, offer, asker in asks:
            if written >= count:
                break
            written += self.request(offer, asker, asked_at, duplicates=count - written > 1)
        return written

    def _asker(self, offer: Offer) -> Who:
        fav = self.favourite
        if fav is not None and self.rng.random() < 0.004 and fav in offer.askers:
            return fav
        return self.rng.choice(offer.askers)

    def _asked_at(self, day: date, zone: ZoneInfo) -> datetime:
        rng = self.rng
        if day.weekday() < 5:
            hour = WORK_START + rng.choices(range(len(HOUR_LOAD)), weights=HOUR_LOAD)[0]
        else:
            hour = rng.randint(9, 19)
        local = datetime.combine(day, time(hour, rng.randint(0, 59), rng.randint(0, 59)), zone)
        at = local.astimezone(UTC)
        if at > self.now:
            at = self.now - timedelta(minutes=rng.randint(1, 240))
        return at

    def request(
        self,
        offer: Offer,
        asker: Who,
        asked_at: datetime,
        duplicates: bool = True,
        *,
        stop_at: Status | None = None,
        odds: Odds | None = None,
    ) -> int:
        """One request (and now and then a duplicate of it); returns how many were written.

        `stop_at` leaves the request in that status (if the clock gets there before now);
        `odds` replaces the simulation's for this request.
        """
        original = self._play(offer, asker, asked_at, stop_at, odds or self.odds)
        if (
            not duplicates
            or offer.confidential
            or self.rng.random() >= self.odds.duplicate
            or original.status not in (Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED)
        ):
            self._add(original)
            return 1
        duplicate = self._duplicate_of(original, offer)
        if duplicate is None:
            self._add(original)
            return 1
        self._add(original)
        self._add(duplicate)
        return 2

    def _add(self, request: HistoryRequest) -> None:
        request.entries.sort(key=lambda e: e.created_at)
        self.counts[Status(request.status)] += 1
        self.writer.add(request)

    def _play(
        self, offer: Offer, asker: Who, asked_at: datetime, stop_at: Status | None, odds: Odds
    ) -> HistoryRequest:
        rng = self.rng
        requester, submitter = asker, asker
        manager = self.world.people.get(asker.manager_id) if asker.manager_id else None
        if manager is not None and rng.random() < odds.on_behalf and manager in offer.askers:
            submitter = manager  # a manager asking for someone in their team
        fill = Fill(rng, self.everyone)
        spec = offer.spec
        subject = rng.choice(spec.subjects) if spec else offer.name
        details = spec.details if spec and spec.details else phrases.GENERIC_DETAILS
        priority = offer.priority
        if rng.random() < 0.1:
            priority = min(4, max(1, priority + rng.choice((-1, 1))))
        request = HistoryRequest(
            team_id=offer.team_id,
            service_id=offer.service_id,
            requester_id=requester.id,
            submitted_by_id=submitter.id,
            subject=subject.format_map(fill)[:200],
            description=rng.choice(details).format_map(fill),
            answers=answers_for(
                offer.fields,
                spec.samples if spec else {},
                asked_at.date(),
                self.everyone,
                rng,
                fill,
            ),
            created_at=asked_at,
            priority=priority,
            channel=rng.choices((Channel.PORTAL, Channel.EMAIL, Channel.API), (85, 10, 5))[0],
            is_confidential=offer.confidential,
        )
        story = _Story(self, request, offer, requester, odds, stop_at)
        story.entry(EntryKind.CREATED, asked_at, submitter)
        if not offer.confidential and rng.random() < odds.watcher:
            colleagues = self.by_team[requester.team_id]
            watcher = rng.choice(colleagues) if colleagues else None
            if watcher is not None and watcher.id not in (requester.id, submitter.id):
                request.watchers.append(HistoryWatcher(watcher.id, submitter.id, asked_at))
        with contextlib.suppress(_Stop):  # the clock reached now: still open (or resolved)
            story.play()
        return request

    def _duplicate_of(self, original: HistoryRequest, offer: Offer) -> HistoryRequest | None:
        """Someone else asks for the same thing a few hours later; the team closes it as a duplicate."""
        rng = self.rng
        asker = rng.choice(offer.askers)
        if asker.id in (original.requester_id, original.submitted_by_id):
            return None
        asked_at = original.created_at + timedelta(minutes=rng.randint(30, 8 * 60))
        desk = self.world.desks[original.key_team_id or original.team_id]
        marked_at = _business(asked_at + timedelta(minutes=rng.randint(20, 240)), desk.zone, rng)
        if marked_at > self.now or marked_at > original.entries[-1].created_at:
            return None
        agent = rng.choice(desk.agents)
        duplicate = HistoryRequest(
            team_id=original.key_team_id or original.team_id,
            service_id=offer.service_id,
            requester_id=asker.id,
            submitted_by_id=asker.id,
            subject=original.subject,
            answers=dict(original.answers),
            created_at=asked_at,
            status=Status.CLOSED,
            priority=original.priority,
            closed_at=marked_at,
        )
        self.writer.prepare(original)
        self.writer.prepare(duplicate)
        duplicate.duplicate_of = original
        duplicate.entries = [
            HistoryEntry(EntryKind.CREATED, asked_at, asker.id),
            HistoryEntry(
                EntryKind.DUPLICATE,
                marked_at,
                agent.id,
                data={"key": original.key, "from": Status.NEW.value},
            ),
        ]
        original.entries.append(
            HistoryEntry(
                EntryKind.LINKED,
                marked_at,
                agent.id,
                is_internal=True,
                data={"key": duplicate.key, "duplicate": True},
            )
        )
        watching = {w.person_id for w in original.watchers}
        if asker.id not in watching:
            original.watchers.append(HistoryWatcher(asker.id, agent.id, marked_at))
        return duplicate


class Fill(dict[str, str]):
    """The words a subject or answer template asks for, drawn when first used."""

    def __init__(self, rng: random.Random, people: list[Who]) -> None:
        super().__init__()
        self.rng = rng
        self.people = people

    def __missing__(self, key: str) -> str:
        rng = self.rng
        if key == "month":
            value = rng.choice(MONTHS)
        elif key == "city":
            value = rng.choice(("Berlin", "London", "New York", "Austin", "Singapore"))
        elif key == "colleague":
            value = rng.choice(self.people).name
        elif key == "customer":
            value = rng.choice(CUSTOMERS)
        elif key == "vendor":
            value = rng.choice(SUPPLIERS)
        elif key == "app":
            value = rng.choice(APPLICATIONS)
        elif key == "n":
            value = str(rng.randint(2, 12))
        else:
            value = key
        self[key] = value
        return value


def _business(at: datetime, zone: ZoneInfo, rng: random.Random) -> datetime:
    """`at` if it falls in working hours where the team sits, else the next working morning."""
    local = at.astimezone(zone)
    if local.weekday() < 5 and WORK_START <= local.hour < WORK_END:
        return at
    day = local.date()
    if local.hour >= WORK_START or local.weekday() >= 5:
        day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    morning = datetime.combine(day, time(WORK_START, 30), zone) + timedelta(
        minutes=rng.randint(0, 120)
    )
    return morning.astimezone(UTC)


def _after(at: datetime, business_minutes: float, zone: ZoneInfo, rng: random.Random) -> datetime:
    """Roughly `business_minutes` of working time after `at` (8-hour days, weekends skipped)."""
    days, minutes = divmod(int(business_minutes), 8 * 60)
    moved = at
    for _ in range(days):
        moved += timedelta(days=1)
        while moved.astimezone(zone).weekday() >= 5:
            moved += timedelta(days=1)
    return _business(moved + timedelta(minutes=minutes), zone, rng)


class _Story:
    """One request's life, told entry by entry until it ends or the clock reaches now."""

    def __init__(
        self,
        sim: Simulation,
        request: HistoryRequest,
        offer: Offer,
        requester: Who,
        odds: Odds,
        stop_at: Status | None,
    ) -> None:
        self.sim = sim
        self.rng = sim.rng
        self.odds = odds
        self.stop_at = stop_at
        self.request = request
        self.offer = offer
        self.requester = requester
        self.desk: Desk = sim.world.desks[offer.team_id]
        self.at = request.created_at
        self.agent: Who | None = None

    # Writing entries ------------------------------------------------------------------------

    def entry(
        self,
        kind: str,
        at: datetime,
        actor: Who | None,
        *,
        body: str = "",
        internal: bool = False,
        data: dict[str, Any] | None = None,
    ) -> None:
        if at > self.sim.now:
            raise _Stop
        self.at = at
        self.request.entries.append(
            HistoryEntry(kind, at, actor.id if actor else None, body, internal, data)
        )

    def move(self, action: Action, target: Status, actor: Who | None, message: str = "") -> None:
        """A status change as tickets.services.transition writes it (reply first, then status)."""
        if message:
            self.entry(EntryKind.REPLY, self.at, actor, body=message)
        self.entry(
            EntryKind.STATUS,
            self.at,
            actor,
            data={"from": self.request.status, "to": target.value, "action": action.value},
        )
        self.request.status = target
        if target == Status.RESOLVED:
            self.request.resolved_at = self.at
        elif target == Status.CLOSED:
            self.request.closed_at = self.at
        elif action == Action.REOPEN:
            self.request.resolved_at = None
        if target == self.stop_at:
            raise _Stop

    def later(self, minutes: float) -> datetime:
        return _after(self.at, minutes, self.desk.zone, self.rng)

    def say(self, lines: tuple[str, ...], agent: Who | None = None) -> str:
        return self.rng.choice(lines).format(
            first=self.requester.first,
            agent=(agent or self.agent or self.desk.lead).first,
            team=self.desk.name,
        )

    # The story ----------------------------------------------------------------------------

    def play(self) -> None:
        rng, odds = self.rng, self.odds
        if self.stop_at == Status.NEW:
            return
        self.serve()
        if self.offer.hand_to and rng.random() < odds.transfer:
            self.transfer(rng.choice(self.offer.hand_to))
            self.serve()
        self.work()
        if rng.random() < odds.cancel:
            self.at = self.at + timedelta(minutes=rng.randint(30, 600))
            self.move(Action.CANCEL, Status.CANCELLED, self.requester, self.say(phrases.CANCEL))
            return
        self.resolve()
        if rng.random() < odds.thanks:
            self.entry(
                EntryKind.REPLY,
                self.at + timedelta(minutes=rng.randint(5, 300)),
                self.requester,
                body=self.say(phrases.THANKS),
            )
        if rng.random() < odds.reopen:
            resolved_at = self.request.resolved_at or self.at
            reopen_at = resolved_at + timedelta(hours=rng.randint(4, 72))
            if reopen_at - resolved_at < min(self.sim.reopen_within, self.sim.close_after):
                self.at = max(self.at, reopen_at)
                self.move(
                    Action.REOPEN, Status.IN_PROGRESS, self.requester, self.say(phrases.REOPEN)
                )
                self.at = self.later(self.offer.resolution * 0.3)
                self.resolve()
        closed_at = (self.request.resolved_at or self.at) + self.sim.close_after
        self.at = max(self.at, closed_at + timedelta(minutes=rng.randint(0, 15)))
        self.move(Action.CLOSE, Status.CLOSED, None)

    def serve(self) -> None:
        """The holding team picks the request up: assigns it and acknowledges or starts."""
        rng = self.rng
        self.at = self.later(self.offer.response * rng.lognormvariate(-0.7, 0.7))
        agents = self.desk.agents
        agent = self.desk.lead if rng.random() < 0.1 else rng.choice(agents)
        self.entry(
            EntryKind.ASSIGNED, self.at, agent, data={"assignee": agent.id, "name": agent.name}
        )
        self.agent = agent
        self.request.assignee_id = agent.id
        if rng.random() < self.odds.acknowledge_with_reply:
            self.move(Action.ACKNOWLEDGE, Status.ACKNOWLEDGED, agent, self.say(phrases.ACKNOWLEDGE))
            self.at = self.at + timedelta(minutes=rng.randint(10, 600))
            if rng.random() < 0.7:
                self.move(Action.START, Status.IN_PROGRESS, agent)
        else:
            self.move(Action.START, Status.IN_PROGRESS, agent)

    def transfer(self, target: Offer) -> None:
        """A handoff note the receiving team reads first, then the move (tickets.services.transfer)."""
        rng, request = self.rng, self.request
        self.at = self.at + timedelta(minutes=rng.randint(15, 480))
        old, new = self.desk, self.sim.world.desks[target.team_id]
        teams = {
            "from_team": old.team_id,
            "from_name": old.name,
            "to_team": new.team_id,
            "to_name": new.name,
        }
        note = rng.choice(phrases.HANDOFF).format(team=new.name)
        self.entry(EntryKind.HANDOFF, self.at, self.agent, body=note, internal=True, data=teams)
        self.entry(EntryKind.MOVED, self.at, self.agent, data=teams)
        if not request.stints:
            request.stints.append(HistoryStint(old.team_id, request.created_at))
        first = request.stints[-1]
        request.stints[-1] = HistoryStint(first.team_id, first.started_at, self.at)
        request.stints.append(HistoryStint(new.team_id, self.at))
        request.key_team_id = request.key_team_id or old.team_id
        request.team_id = new.team_id
        request.service_id = target.service_id
        request.transfer_count += 1
        request.assignee_id = None
        request.status = Status.NEW
        self.desk, self.offer, self.agent = new, target, None

    def work(self) -> None:
        rng, odds = self.rng, self.odds
        agent = self.agent
        if rng.random() < odds.question:
            self.at = self.at + timedelta(minutes=rng.randint(20, 480))
            self.move(Action.WAIT, Status.WAITING, agent, self.say(phrases.QUESTION))
            if rng.random() < odds.never_answers:
                self.at = self.later(5 * 8 * 60)
                self.move(Action.RESUME, Status.IN_PROGRESS, agent)
            else:
                answer_at = self.at + timedelta(minutes=rng.randint(30, 3 * 24 * 60))
                self.entry(
                    EntryKind.REPLY, answer_at, self.requester, body=self.say(phrases.ANSWER)
                )
                self.move(Action.RESUME, Status.IN_PROGRESS, None)
        if rng.random() < odds.note:
            self.entry(
                EntryKind.NOTE,
                self.at + timedelta(minutes=rng.randint(10, 240)),
                agent,
                body=self.say(phrases.NOTE, rng.choice(self.desk.agents)),
                internal=True,
            )
        if rng.random() < odds.priority_change:
            before = self.request.priority
            after = max(1, before - 1)
            if after != before:
                self.entry(EntryKind.PRIORITY, self.at, agent, data={"from": before, "to": after})
                self.request.priority = after
        if rng.random() < odds.chase:
            self.entry(
                EntryKind.REPLY,
                self.at + timedelta(hours=rng.randint(4, 48)),
                self.requester,
                body=self.say(phrases.CHASE),
            )

    def resolve(self) -> None:
        spent = self.offer.resolution * self.rng.lognormvariate(-0.6, 0.8)
        self.at = max(self.at, _after(self.request.created_at, spent, self.desk.zone, self.rng))
        self.at = _business(self.at, self.desk.zone, self.rng)
        spec = self.offer.spec
        lines = spec.resolutions if spec and spec.resolutions else phrases.RESOLVE
        if self.request.status == Status.WAITING:
            self.move(Action.RESUME, Status.IN_PROGRESS, self.agent)
        message = self.say(lines) if self.rng.random() < self.odds.resolve_with_reply else ""
        self.move(Action.RESOLVE, Status.RESOLVED, self.agent, message)
