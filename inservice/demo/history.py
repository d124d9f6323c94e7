"""Simulated request history: what colleagues asked and how the teams served them.

Each request is played forward from the moment it was asked (acknowledgement, questions and
answers, notes, progress updates, transfers with a handoff note, resolution, closing) and stops
at `now`, so old requests are closed and recent ones are still open in every status. Teams work
inside their business calendars, and their response and resolution times are drawn against the
targets the request started with (sla.policies). The timeline entries have the kinds and data
the services write (tickets.services); demo.clocks works out the service level they add up to
(clocks, outcomes, escalations), and all of it is stored through the tickets app's bulk write
path (tickets.bulk).
"""

from __future__ import annotations

import contextlib
import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from inservice.demo.answers import Fill, answers_for
from inservice.demo.clocks import replay
from inservice.demo.data import phrases
from inservice.demo.odds import (
    HOUR_LOAD,
    MISSING_INFORMATION_SHARE,
    OPEN_STOP_WEIGHTS,
    OPEN_STOPS,
    RESOLUTION_TIME,
    RESPONSE_TIME,
    TRANSFER_REASON_WEIGHTS,
    TRANSFER_REASONS,
    UPDATE_GAP,
    WORK_START,
    Odds,
)
from inservice.demo.world import Desk, Offer, Who, World
from inservice.lib.sentiment import score
from inservice.sla.calendar import MINUTE, BusinessTime
from inservice.tickets.bulk import (
    BulkWriter,
    HistoryEntry,
    HistoryRequest,
    HistoryStint,
    HistoryWatcher,
)
from inservice.tickets.choices import (
    OPEN_STATUSES,
    Channel,
    EntryKind,
    Status,
    WaitReason,
)
from inservice.tickets.lifecycle import Action

UTC = ZoneInfo("UTC")


class _Stop(Exception):
    """The simulated clock passed `now`: the request stays as it is."""


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

    def day(self, day: date, count: int, *, settled: bool = False) -> int:
        """Writes `count` requests asked on `day` (duplicates included), in time order.

        `settled`: none of them is still open now (one that would be is asked four weeks
        earlier instead), so a caller can decide exactly how many requests stay open."""
        written = 0
        for asked_at, offer, asker in self._asks(day, count):
            if written >= count:
                break
            written += self.request(
                offer, asker, asked_at, duplicates=count - written > 1, settled=settled
            )
        return written

    def open_day(self, day: date, count: int) -> int:
        """Writes `count` requests asked on `day` that are all still open now, each stopped in
        an open status: a backlog."""
        rng = self.rng
        for asked_at, offer, asker in self._asks(day, count):
            request = None
            for _ in range(10):  # a story can pass its stop (no acknowledgement) and finish
                stop = rng.choices(OPEN_STOPS, weights=OPEN_STOP_WEIGHTS)[0]
                request = self.play(offer, asker, asked_at, stop)
                if request.status in OPEN_STATUSES:
                    break
            if request is None or request.status not in OPEN_STATUSES:
                request = self.play(offer, asker, asked_at, Status.NEW)  # always stops there
            self.add(request)
        return count

    def _asks(self, day: date, count: int) -> list[tuple[datetime, Offer, Who]]:
        rng = self.rng
        asks = []
        for offer in rng.choices(self.world.offers, weights=self.weights, k=count):
            asker = self._asker(offer)
            asks.append((self._asked_at(day, asker.zone), offer, asker))
        asks.sort(key=lambda a: a[0])
        return asks

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
        settled: bool = False,
    ) -> int:
        """One request (and now and then a duplicate of it); returns how many were written.

        `stop_at` leaves the request in that status (if the clock gets there before now);
        `odds` replaces the simulation's for this request; `settled` asks it earlier until
        it is no longer open now.
        """
        original = self.play(offer, asker, asked_at, stop_at, odds or self.odds)
        while settled and original.status in OPEN_STATUSES:
            asked_at -= timedelta(days=28)
            original = self.play(offer, asker, asked_at, stop_at, odds or self.odds)
        if (
            not duplicates
            or offer.confidential
            or self.rng.random() >= self.odds.duplicate
            or original.status not in (Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED)
        ):
            self.add(original)
            return 1
        duplicate = self._duplicate_of(original, offer)
        if duplicate is None:
            self.add(original)
            return 1
        self.add(original)
        self.add(duplicate)
        return 2

    def add(self, request: HistoryRequest) -> None:
        """Hands a played request to the writer."""
        request.entries.sort(key=lambda e: e.created_at)
        self.counts[Status(request.status)] += 1
        self.writer.add(request)

    def play(
        self,
        offer: Offer,
        asker: Who,
        asked_at: datetime,
        stop_at: Status | None = None,
        odds: Odds | None = None,
    ) -> HistoryRequest:
        """One request played forward to `now` (or `stop_at`), with its service level; not
        written yet (see add)."""
        rng = self.rng
        odds = odds or self.odds
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
        policy = self.world.policy(offer.service_id, priority)
        story = _Story(self, request, offer, requester, odds, stop_at, policy)
        story.entry(EntryKind.CREATED, asked_at, submitter)
        if not offer.confidential and rng.random() < odds.watcher:
            colleagues = self.by_team[requester.team_id]
            watcher = rng.choice(colleagues) if colleagues else None
            if watcher is not None and watcher.id not in (requester.id, submitter.id):
                request.watchers.append(HistoryWatcher(watcher.id, submitter.id, asked_at))
        with contextlib.suppress(_Stop):  # the clock reached now: still open (or resolved)
            story.play()
        replay(self.world, request, policy, self.now)
        return request

    def _duplicate_of(self, original: HistoryRequest, offer: Offer) -> HistoryRequest | None:
        """Someone else asks for the same thing a few hours later; the team closes it as a duplicate."""
        rng = self.rng
        asker = rng.choice(offer.askers)
        if asker.id in (original.requester_id, original.submitted_by_id):
            return None
        asked_at = original.created_at + timedelta(minutes=rng.randint(30, 8 * 60))
        desk = self.world.desks[original.key_team_id or original.team_id]
        marked_at = _business(asked_at + timedelta(minutes=rng.randint(20, 240)), desk.hours, rng)
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
        replay(
            self.world, duplicate, self.world.policy(offer.service_id, duplicate.priority), self.now
        )
        return duplicate


def _business(at: datetime, hours: BusinessTime, rng: random.Random) -> datetime:
    """`at` if the team works then, else a little after it is back (it clears its inbox)."""
    if hours.is_working(at):
        return at
    return hours.add(hours.next_working_moment(at), rng.randint(30, 150))


def _after(at: datetime, business_minutes: float, hours: BusinessTime) -> datetime:
    """`business_minutes` of the team's working time after `at`."""
    return hours.add_micros(at, int(max(business_minutes, 0) * MINUTE))


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
        policy: dict[str, Any],
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
        self.policy = policy
        self.updated_at: datetime | None = None  # the team's last public reply

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
        tone, tone_score = "", None
        if kind == EntryKind.REPLY and actor is not None and actor.id == self.requester.id:
            reading = score(body)  # as tickets.services.reply scores a requester's reply
            tone, tone_score = reading.tone.value, reading.compound
        self.request.entries.append(
            HistoryEntry(
                kind, at, actor.id if actor else None, body, internal, data, tone, tone_score
            )
        )
        if kind == EntryKind.REPLY and actor is not None and actor.id in self.desk.agent_ids:
            self.updated_at = at
        if (
            actor is not None
            and (actor.id in self.desk.agent_ids or actor.id == self.desk.lead.id)
            and kind not in (EntryKind.HANDOFF, EntryKind.MOVED)
        ):
            self.acted(at)

    def acted(self, at: datetime) -> None:
        """The holding team's first action in its stint (tickets.services.note_first_action)."""
        stints = self.request.stints
        if not stints:
            stints.append(HistoryStint(self.desk.team_id, self.request.created_at))
        if stints[-1].first_action_at is None:
            stints[-1] = stints[-1]._replace(first_action_at=at)

    def move(
        self,
        action: Action,
        target: Status,
        actor: Who | None,
        message: str = "",
        *,
        reason: WaitReason | None = None,
    ) -> None:
        """A status change as tickets.services.transition writes it (reply first, then status;
        waiting on the requester names why, and missing information before a first resolution
        marks the request incomplete on arrival)."""
        if message:
            self.entry(EntryKind.REPLY, self.at, actor, body=message)
        data = {"from": self.request.status, "to": target.value, "action": action.value}
        if action == Action.WAIT:
            data["reason"] = (reason or WaitReason.QUESTION).value
        self.entry(EntryKind.STATUS, self.at, actor, data=data)
        if reason == WaitReason.MISSING_INFORMATION and not self.resolved_before():
            self.request.incomplete_on_arrival = True
        self.request.status = target
        if target == Status.RESOLVED:
            self.request.resolved_at = self.at
        elif target == Status.CLOSED:
            self.request.closed_at = self.at
        elif action == Action.REOPEN:
            self.request.resolved_at = None
        if target == self.stop_at:
            raise _Stop

    def resolved_before(self) -> bool:
        """Whether the request was ever resolved (a question after a reopening is new)."""
        return any(
            e.kind == EntryKind.STATUS and (e.data or {}).get("to") == Status.RESOLVED
            for e in self.request.entries
        )

    def later(self, minutes: float) -> datetime:
        return _after(self.at, minutes, self.desk.hours)

    def soon(self, low: float, high: float) -> datetime:
        """A while later in the team's working time: a share of the resolution target, so
        urgent requests move quickly and long ones slowly."""
        resolution = self.target("resolution_minutes", self.offer.resolution)
        return self.later(resolution * self.rng.uniform(low, high))

    def target(self, key: str, fallback: int) -> int:
        """A target the request started with (business minutes)."""
        return int(self.policy.get(key) or fallback)

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
        response = self.target("first_response_minutes", self.offer.response)
        self.at = self.later(response * rng.lognormvariate(*RESPONSE_TIME))
        agents = self.desk.agents
        agent = self.desk.lead if rng.random() < 0.1 else rng.choice(agents)
        self.entry(
            EntryKind.ASSIGNED, self.at, agent, data={"assignee": agent.id, "name": agent.name}
        )
        self.agent = agent
        self.request.assignee_id = agent.id
        if rng.random() < self.odds.acknowledge_with_reply:
            self.move(Action.ACKNOWLEDGE, Status.ACKNOWLEDGED, agent, self.say(phrases.ACKNOWLEDGE))
            self.at = self.soon(0.01, 0.1)
            if rng.random() < 0.7:
                self.move(Action.START, Status.IN_PROGRESS, agent)
        else:
            first = self.say(phrases.START) if rng.random() < self.odds.start_with_reply else ""
            self.move(Action.START, Status.IN_PROGRESS, agent, first)

    def transfer(self, target: Offer) -> None:
        """A handoff note the receiving team reads first, then the move (tickets.services.transfer)."""
        rng, request = self.rng, self.request
        self.at = self.soon(0.02, 0.15)
        old, new = self.desk, self.sim.world.desks[target.team_id]
        teams = {
            "from_team": old.team_id,
            "from_name": old.name,
            "to_team": new.team_id,
            "to_name": new.name,
        }
        note = rng.choice(phrases.HANDOFF).format(team=new.name)
        reason = rng.choices(TRANSFER_REASONS, TRANSFER_REASON_WEIGHTS)[0].value
        self.entry(
            EntryKind.HANDOFF,
            self.at,
            self.agent,
            body=note,
            internal=True,
            data={**teams, "reason": reason},
        )
        moved = {**teams, "transfers": request.transfer_count + 1}
        self.entry(EntryKind.MOVED, self.at, self.agent, data=moved)
        if not request.stints:
            request.stints.append(HistoryStint(old.team_id, request.created_at))
        first = request.stints[-1]
        used = int(old.hours.between(first.started_at, self.at))
        request.stints[-1] = first._replace(ended_at=self.at, business_minutes=used)
        request.stints.append(HistoryStint(new.team_id, self.at, reason=reason))
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
            self.at = self.soon(0.02, 0.15)
            missing = rng.random() < MISSING_INFORMATION_SHARE
            reason = WaitReason.MISSING_INFORMATION if missing else WaitReason.QUESTION
            self.move(Action.WAIT, Status.WAITING, agent, self.say(phrases.QUESTION), reason=reason)
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
                self.soon(0.01, 0.1),
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
                self.soon(0.1, 0.4),
                self.requester,
                body=self.say(phrases.CHASE),
            )

    def resolve(self) -> None:
        resolution = self.target("resolution_minutes", self.offer.resolution)
        spent = resolution * self.rng.lognormvariate(*RESOLUTION_TIME)
        done = max(self.at, _after(self.request.created_at, spent, self.desk.hours))
        self.keep_posted(_business(done, self.desk.hours, self.rng))
        spec = self.offer.spec
        lines = spec.resolutions if spec and spec.resolutions else phrases.RESOLVE
        if self.request.status == Status.WAITING:
            self.move(Action.RESUME, Status.IN_PROGRESS, self.agent)
        message = self.say(lines) if self.rng.random() < self.odds.resolve_with_reply else ""
        self.move(Action.RESOLVE, Status.RESOLVED, self.agent, message)

    def keep_posted(self, until: datetime) -> None:
        """Public progress updates up to `until` when the request must hear at least every so
        often; then the clock moves on to `until`."""
        every = self.policy.get("update_every_minutes")
        agent = self.agent or self.desk.lead
        at = self.at
        while every:
            last = self.updated_at or self.request.created_at
            due = _after(last, every * self.rng.lognormvariate(*UPDATE_GAP), self.desk.hours)
            if due >= until:
                break
            # An update may fall before the story's latest step (a note, a chase): it was
            # written meanwhile.
            self.entry(EntryKind.REPLY, due, agent, body=self.say(phrases.PROGRESS))
        self.at = max(at, until)
