"""The tickets app's bulk write path: requests that already happened, written in batches.

For seeding (the demo's history, `seed_scale`) and for imports from another tool. The services
write one request at a time, with their checks and notifications; at a million requests that
takes hours, and history is not news to announce. Here the caller describes whole requests (the
ticket with its stints, timeline entries and watchers) shaped exactly as the services would have
written them, and `BulkWriter` stores them in batches, one transaction per batch: bulk_create on
SQLite, COPY on PostgreSQL. Nothing is announced and no task is enqueued. Nothing is validated
beyond what the database checks: callers are code, not people.

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
from datetime import datetime
from types import TracebackType
from typing import Any, NamedTuple

from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, models, transaction

from inservice.org import services as org
from inservice.org.models import Team
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


class HistoryStint(NamedTuple):
    team_id: int
    started_at: datetime
    ended_at: datetime | None = None


class HistoryWatcher(NamedTuple):
    person_id: int
    added_by_id: int | None
    created_at: datetime


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
    updated_at: datetime | None = None  # None: the last entry's time
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    key_team_id: int | None = (
        None  # whose prefix the key carries (the team first asked): None = team_id
    )
    entries: list[HistoryEntry] = field(default_factory=list)
    stints: list[HistoryStint] = field(default_factory=list)  # empty: held by team_id throughout
    watchers: list[HistoryWatcher] = field(default_factory=list)
    id: int = 0
    key: str = ""

    def row_count(self) -> int:
        return 1 + len(self.entries) + max(1, len(self.stints)) + len(self.watchers)


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
            if connection.vendor == "postgresql":
                _copy(batch)
            else:
                _bulk_create(batch)
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
            self._ids = iter(_reserve_ticket_ids(max(self.batch_size, 100)))
            found = next(self._ids)
        return found


def refresh_statistics() -> None:
    """Updates the query planner's statistics after a bulk load (all tables: a few seconds).

    Without it the planner keeps the row counts of before the load (often: empty tables) until
    autovacuum gets round to it, and can pick a sequential scan over millions of rows.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _reserve_ticket_ids(count: int) -> list[int]:
    """`count` ids for new tickets, taken from the counter the database's own inserts use."""
    table = Ticket._meta.db_table
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


def _bulk_create(batch: list[HistoryRequest]) -> None:
    Ticket.objects.bulk_create(
        Ticket(
            id=r.id,
            key=r.key,
            team_id=r.team_id,
            service_id=r.service_id,
            requester_id=r.requester_id,
            submitted_by_id=r.submitted_by_id,
            assignee_id=r.assignee_id,
            subject=r.subject,
            description=r.description,
            answers=r.answers,
            status=r.status,
            priority=r.priority,
            channel=r.channel,
            is_confidential=r.is_confidential,
            duplicate_of_id=r.duplicate_of.id if r.duplicate_of else None,
            transfer_count=r.transfer_count,
            created_at=r.created_at,
            updated_at=_updated_at(r),
            resolved_at=r.resolved_at,
            closed_at=r.closed_at,
            version=max(1, len(r.entries)),
        )
        for r in batch
    )
    Stint.objects.bulk_create(
        Stint(ticket_id=r.id, team_id=s.team_id, started_at=s.started_at, ended_at=s.ended_at)
        for r in batch
        for s in _stints(r)
    )
    TimelineEntry.objects.bulk_create(
        TimelineEntry(
            ticket_id=r.id,
            kind=e.kind,
            actor_id=e.actor_id,
            created_at=e.created_at,
            body=e.body,
            is_internal=e.is_internal,
            data=e.data or {},
        )
        for r in batch
        for e in r.entries
    )
    Watcher.objects.bulk_create(
        Watcher(
            ticket_id=r.id,
            person_id=w.person_id,
            added_by_id=w.added_by_id,
            created_at=w.created_at,
        )
        for r in batch
        for w in r.watchers
    )


def _copy_sql(model: type[models.Model], names: tuple[str, ...]) -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(model, n)) for n in names)
    return f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.column:
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return field.column


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
    "created_at",
    "updated_at",
    "resolved_at",
    "closed_at",
    "version",
    "due_at",
    "health",
)
_STINT_COLUMNS = ("ticket", "team", "started_at", "ended_at")
_ENTRY_COLUMNS = ("ticket", "kind", "actor", "created_at", "body", "is_internal", "data")
_WATCHER_COLUMNS = ("ticket", "person", "added_by", "created_at")
_EMPTY = "{}"


def _copy(batch: list[HistoryRequest]) -> None:
    """PostgreSQL: COPY each table's rows; several times faster than multi-row INSERTs.

    Runs on Django's own connection inside the caller's transaction; foreign keys and indexes
    are all in place and checked as usual.
    """
    dumps = json.dumps
    raw = connection.connection  # psycopg's Connection, inside Django's open transaction
    with raw.cursor() as cursor:
        with cursor.copy(_copy_sql(Ticket, _TICKET_COLUMNS)) as copy:
            for r in batch:
                copy.write_row(
                    (
                        r.id,
                        r.key,
                        r.team_id,
                        r.service_id,
                        r.requester_id,
                        r.submitted_by_id,
                        r.assignee_id,
                        r.subject,
                        r.description,
                        dumps(r.answers) if r.answers else _EMPTY,
                        r.status,
                        r.priority,
                        r.channel,
                        r.is_confidential,
                        r.duplicate_of.id if r.duplicate_of else None,
                        r.transfer_count,
                        r.created_at,
                        _updated_at(r),
                        r.resolved_at,
                        r.closed_at,
                        max(1, len(r.entries)),
                        None,
                        "",
                    )
                )
        with cursor.copy(_copy_sql(Stint, _STINT_COLUMNS)) as copy:
            for r in batch:
                for s in _stints(r):
                    copy.write_row((r.id, s.team_id, s.started_at, s.ended_at))
        with cursor.copy(_copy_sql(TimelineEntry, _ENTRY_COLUMNS)) as copy:
            for r in batch:
                for e in r.entries:
                    copy.write_row(
                        (
                            r.id,
                            e.kind,
                            e.actor_id,
                            e.created_at,
                            e.body,
                            e.is_internal,
                            dumps(e.data) if e.data else _EMPTY,
                        )
                    )
        if any(r.watchers for r in batch):
            with cursor.copy(_copy_sql(Watcher, _WATCHER_COLUMNS)) as copy:
                for r in batch:
                    for w in r.watchers:
                        copy.write_row((r.id, w.person_id, w.added_by_id, w.created_at))
