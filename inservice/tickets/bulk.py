"""The tickets app's bulk write path: requests that already happened, written in batches.

For seeding (the demo's history, `seed_scale`) and for imports from another tool. The services
write one request at a time, with their checks and notifications; at a million requests that
takes hours, and history is not news to announce. Here the caller describes whole requests (the
ticket with its stints, timeline entries and watchers) shaped exactly as the services would have
written them, and `BulkWriter` stores them in batches, one transaction per batch: bulk_create on
SQLite, COPY on PostgreSQL. Nothing is announced and no task is enqueued. Nothing is validated
beyond what the database checks: callers are code, not people.

A request may carry its service level (`HistorySla`): the policy it started with, its clocks and
their escalations, as the sla app's services and sweep would have left them (the caller works
them out, e.g. demo.clocks); they are written in the same batch, with the request's due time
and health.

Keys and ids are handed out as each request is added, so a caller can point a duplicate at its
original, or quote a key in a timeline entry, before anything is written:
- request numbers are reserved per team in chunks (org.services.reserve_ticket_numbers, one UPDATE
  per chunk) and the unused tail is handed back at the end, so requests opened meanwhile through
  tickets.services never collide, and the team's counter ends at the last key written;
- ticket ids come from the table's own counter (its sequence on PostgreSQL, sqlite_sequence on
  SQLite), the one ordinary inserts use, so they never collide either.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, NamedTuple

from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, models, transaction

from inservice.org import services as org
from inservice.org.models import Team
from inservice.sla.models import Clock, Escalation, RequestSla
from inservice.tickets.choices import Channel, Priority, Status
from inservice.tickets.models import Stint, Ticket, TimelineEntry, Watcher

NUMBER_CHUNK = 1000


class HistoryEntry(NamedTuple):
    """One timeline entry, with the kind, body and data the matching service writes."""

    kind: str
    created_at: datetime
    actor_id: int | None
    body: str = ""
    is_internal: bool = False
    data: dict[str, Any] | None = None
    tone: str = ""  # a requester's reply: how it reads (lib.sentiment.score)
    tone_score: float | None = None


class HistoryStint(NamedTuple):
    team_id: int
    started_at: datetime
    ended_at: datetime | None = None
    business_minutes: int | None = None  # of the team's calendar, once the stint ended
    reason: str = ""  # why it came to this team (TransferReason); "" for the first team
    first_action_at: datetime | None = None  # the team's first action in it (decision 0026)


class HistoryWatcher(NamedTuple):
    person_id: int
    added_by_id: int | None
    created_at: datetime


class HistoryEscalation(NamedTuple):
    """One escalation of one of the request's clocks (sla.Escalation)."""

    clock: Clock
    level: int
    at: datetime
    to_person_id: int | None = None
    to_team_id: int | None = None


@dataclass(slots=True, eq=False)
class HistorySla:
    """A request's service level: its policy snapshot (sla.policies), whether it was asked
    outside the team's hours, its clocks as unsaved sla Clock rows (the writer gives them their
    ids and the request's) and their escalations."""

    policy: dict[str, Any]
    opened_outside_hours: bool
    back_at: datetime | None
    clocks: list[Clock]
    escalations: list[HistoryEscalation]

    def row_count(self) -> int:
        return 1 + len(self.clocks) + len(self.escalations)


@dataclass(slots=True, eq=False)
class HistoryRequest:
    """A whole request as it stands today. `id` and `key` are set by BulkWriter.add."""

    team_id: int  # the team holding it now
    service_id: int
    requester_id: int
    submitted_by_id: int
    subject: str
    created_at: datetime
    description: str = ""
    answers: dict[str, Any] = field(default_factory=dict)
    status: str = Status.NEW
    priority: int = Priority.NORMAL
    channel: str = Channel.PORTAL
    is_confidential: bool = False
    assignee_id: int | None = None
    duplicate_of: HistoryRequest | None = None  # must be added before its duplicates
    transfer_count: int = 0
    incomplete_on_arrival: bool = False  # waited on the requester for missing information
    updated_at: datetime | None = None  # None: the last entry's time
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    key_team_id: int | None = (
        None  # whose prefix the key carries (the team first asked): None = team_id
    )
    entries: list[HistoryEntry] = field(default_factory=list)
    stints: list[HistoryStint] = field(default_factory=list)  # empty: held by team_id throughout
    watchers: list[HistoryWatcher] = field(default_factory=list)
    sla: HistorySla | None = None
    due_at: datetime | None = None  # the nearest running target (sla.services.refresh_health)
    health: str = ""
    id: int = 0
    key: str = ""

    def row_count(self) -> int:
        rows = 1 + len(self.entries) + max(1, len(self.stints)) + len(self.watchers)
        return rows + (self.sla.row_count() if self.sla else 0)


@dataclass
class _Numbers:
    """A team's reserved request numbers: `next` up to and including `last`."""

    next: int
    last: int


class BulkWriter:
    """Adds requests, writes them a batch at a time; use as a context manager (or call close()).

    `progress(requests, rows)` is called after each batch with the totals written so far.
    """

    def __init__(
        self, *, batch_size: int = 5000, progress: Callable[[int, int], None] | None = None
    ) -> None:
        if connection.vendor not in ("postgresql", "sqlite"):
            raise ImproperlyConfigured(
                f"bulk writes support PostgreSQL and SQLite, not {connection.vendor}"
            )
        self.batch_size = batch_size
        self.progress = progress
        self.requests = 0
        self.rows = 0
        self._pending: list[HistoryRequest] = []
        self._teams = Team.objects.in_bulk()
        self._numbers: dict[int, _Numbers] = {}
        self._ids: Iterator[int] = iter(())

    def __enter__(self) -> BulkWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
            return
        # Best effort: inside a failing transaction the reservation rolls back with it anyway.
        with contextlib.suppress(DatabaseError):
            self._release_numbers()

    def prepare(self, request: HistoryRequest) -> HistoryRequest:
        """Gives the request its id and key now (add() does it when not done yet)."""
        if not request.id:
            request.id = self._next_id()
            team = self._teams[request.key_team_id or request.team_id]
            request.key = f"{team.key_prefix}-{self._next_number(team)}"
        return request

    def add(self, request: HistoryRequest) -> HistoryRequest:
        """Queues the request (with its id and key); writes a batch when one is full."""
        self.prepare(request)
        self._pending.append(request)
        if len(self._pending) >= self.batch_size:
            self.flush()
        return request

    def flush(self) -> None:
        batch, self._pending = self._pending, []
        if not batch:
            return
        with transaction.atomic():
            _number_clocks(batch)
            if connection.vendor == "postgresql":
                _copy(batch)
            else:
                _insert(batch)
        self.requests += len(batch)
        self.rows += sum(r.row_count() for r in batch)
        if self.progress is not None:
            self.progress(self.requests, self.rows)

    def close(self) -> None:
        self.flush()
        self._release_numbers()

    def _next_number(self, team: Team) -> int:
        numbers = self._numbers.get(team.pk)
        if numbers is None or numbers.next > numbers.last:
            first = org.reserve_ticket_numbers(team, NUMBER_CHUNK)
            numbers = self._numbers[team.pk] = _Numbers(first, first + NUMBER_CHUNK - 1)
        number = numbers.next
        numbers.next += 1
        return number

    def _release_numbers(self) -> None:
        for team_id, numbers in self._numbers.items():
            org.release_ticket_numbers(
                self._teams[team_id], numbers.next, numbers.last - numbers.next + 1
            )
        self._numbers.clear()

    def _next_id(self) -> int:
        found = next(self._ids, None)
        if found is None:
            self._ids = iter(_reserve_ids(Ticket, max(self.batch_size, 100)))
            found = next(self._ids)
        return found


def refresh_statistics() -> None:
    """Updates the query planner's statistics after a bulk load (all tables: a few seconds).

    Without it the planner keeps the row counts of before the load (often: empty tables) until
    autovacuum gets round to it, and can pick a sequential scan over millions of rows.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _number_clocks(batch: list[HistoryRequest]) -> None:
    """Ids for the batch's clocks, so their escalations can point at them in the same COPY."""
    clocks = [(r.id, c) for r in batch if r.sla for c in r.sla.clocks]
    if not clocks:
        return
    for (ticket_id, clock), pk in zip(clocks, _reserve_ids(Clock, len(clocks)), strict=True):
        clock.id, clock.ticket_id = pk, ticket_id


def _reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` ids for new rows, taken from the counter the database's own inserts use."""
    table = model._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [int(row[0]) for row in cursor.fetchall()]
        # SQLite: AUTOINCREMENT hands out max(sqlite_sequence.seq, max(id)) + 1, so raising seq
        # reserves the range. The transaction holds SQLite's write lock (IMMEDIATE mode).
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608 — a model's table name
        top = max(int(row[0]) if row else 0, int(cursor.fetchone()[0]))
        if row:
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [top + count, table]
            )
        else:
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, top + count]
            )
        return list(range(top + 1, top + count + 1))


def _stints(request: HistoryRequest) -> list[HistoryStint]:
    return request.stints or [HistoryStint(request.team_id, request.created_at)]


def _updated_at(request: HistoryRequest) -> datetime:
    if request.updated_at is not None:
        return request.updated_at
    return request.entries[-1].created_at if request.entries else request.created_at


Row = tuple[Any, ...]

_TICKET_COLUMNS = (
    "id",
    "key",
    "team",
    "service",
    "requester",
    "submitted_by",
    "assignee",
    "subject",
    "description",
    "answers",
    "status",
    "priority",
    "channel",
    "is_confidential",
    "duplicate_of",
    "transfer_count",
    "incomplete_on_arrival",
    "created_at",
    "updated_at",
    "resolved_at",
    "closed_at",
    "version",
    "due_at",
    "health",
)
_STINT_COLUMNS = (
    "ticket",
    "team",
    "started_at",
    "ended_at",
    "business_minutes",
    "reason",
    "first_action_at",
)
_ENTRY_COLUMNS = (
    "ticket",
    "kind",
    "actor",
    "created_at",
    "body",
    "is_internal",
    "data",
    "tone",
    "tone_score",
)
_WATCHER_COLUMNS = ("ticket", "person", "added_by", "created_at")
_SLA_COLUMNS = ("ticket", "policy", "opened_outside_hours", "back_at")
_CLOCK_COLUMNS = (
    "id",
    "ticket",
    "target",
    "cycle",
    "target_minutes",
    "state",
    "used_micros",
    "running_since",
    "paused_micros",
    "paused_since",
    "started_at",
    "due_at",
    "at_risk_at",
    "was_at_risk_at",
    "breached_at",
    "met_at",
    "escalated_level",
    "next_check_at",
)
# History was announced when it happened: announced_at keeps the sweep from announcing it now.
_ESCALATION_COLUMNS = ("clock", "level", "to_person", "to_team", "at", "announced_at")
_EMPTY = "{}"


def _tables(
    batch: list[HistoryRequest],
) -> Iterator[tuple[type[models.Model], tuple[str, ...], Iterator[Row]]]:
    """Each table's rows for the batch, parents before children (foreign keys are checked)."""
    yield Ticket, _TICKET_COLUMNS, (_ticket_row(r) for r in batch)
    yield (
        Stint,
        _STINT_COLUMNS,
        (
            (
                r.id,
                s.team_id,
                s.started_at,
                s.ended_at,
                s.business_minutes,
                s.reason,
                s.first_action_at,
            )
            for r in batch
            for s in _stints(r)
        ),
    )
    yield (
        TimelineEntry,
        _ENTRY_COLUMNS,
        (
            (
                r.id,
                e.kind,
                e.actor_id,
                e.created_at,
                e.body,
                e.is_internal,
                _json(e.data),
                e.tone,
                e.tone_score,
            )
            for r in batch
            for e in r.entries
        ),
    )
    yield (
        Watcher,
        _WATCHER_COLUMNS,
        ((r.id, w.person_id, w.added_by_id, w.created_at) for r in batch for w in r.watchers),
    )
    slas = [(r.id, r.sla) for r in batch if r.sla is not None]
    yield (
        RequestSla,
        _SLA_COLUMNS,
        ((pk, json.dumps(sla.policy), sla.opened_outside_hours, sla.back_at) for pk, sla in slas),
    )
    yield Clock, _CLOCK_COLUMNS, (_clock_row(c) for _, sla in slas for c in sla.clocks)
    yield (
        Escalation,
        _ESCALATION_COLUMNS,
        (
            (e.clock.pk, e.level, e.to_person_id, e.to_team_id, e.at, e.at)
            for _, sla in slas
            for e in sla.escalations
        ),
    )


def _ticket_row(r: HistoryRequest) -> Row:
    return (
        r.id,
        r.key,
        r.team_id,
        r.service_id,
        r.requester_id,
        r.submitted_by_id,
        r.assignee_id,
        r.subject,
        r.description,
        _json(r.answers),
        r.status,
        r.priority,
        r.channel,
        r.is_confidential,
        r.duplicate_of.id if r.duplicate_of else None,
        r.transfer_count,
        r.incomplete_on_arrival,
        r.created_at,
        _updated_at(r),
        r.resolved_at,
        r.closed_at,
        max(1, len(r.entries)),
        r.due_at,
        r.health,
    )


def _clock_row(c: Clock) -> Row:
    return (
        c.id,
        c.ticket_id,
        c.target,
        c.cycle,
        c.target_minutes,
        c.state,
        c.used_micros,
        c.running_since,
        c.paused_micros,
        c.paused_since,
        c.started_at,
        c.due_at,
        c.at_risk_at,
        c.was_at_risk_at,
        c.breached_at,
        c.met_at,
        c.escalated_level,
        c.next_check_at,
    )


def _json(value: dict[str, Any] | None) -> str:
    return json.dumps(value) if value else _EMPTY


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.column:
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return field.column


def _columns(model: type[models.Model], names: tuple[str, ...]) -> str:
    return ", ".join(connection.ops.quote_name(_column(model, n)) for n in names)


def _copy(batch: list[HistoryRequest]) -> None:
    """PostgreSQL: COPY each table's rows; several times faster than multi-row INSERTs.

    Runs on Django's own connection inside the caller's transaction; foreign keys and indexes
    are all in place and checked as usual.
    """
    raw = connection.connection  # psycopg's Connection, inside Django's open transaction
    with raw.cursor() as cursor:
        for model, names, rows in _tables(batch):
            table = connection.ops.quote_name(model._meta.db_table)
            with cursor.copy(f"COPY {table} ({_columns(model, names)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)


def _insert(batch: list[HistoryRequest]) -> None:
    """SQLite: one prepared INSERT per table run over all its rows (executemany), in the
    caller's transaction. Values are stored as Django stores them: aware datetimes as UTC text."""
    with connection.cursor() as cursor:
        for model, names, rows in _tables(batch):
            table = connection.ops.quote_name(model._meta.db_table)
            marks = ", ".join(["%s"] * len(names))
            cursor.executemany(
                f"INSERT INTO {table} ({_columns(model, names)}) VALUES ({marks})",  # noqa: S608 — our models' tables and columns
                [tuple(_sqlite(v) for v in row) for row in rows],
            )


def _sqlite(value: Any) -> Any:
    if isinstance(value, datetime):
        # django.db.backends.sqlite3's adapt_datetimefield_value: naive UTC, as text.
        return str(value.astimezone(UTC).replace(tzinfo=None))
    return value
