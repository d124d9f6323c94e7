"""Which team held a request when something happened: its holds (stints) in order. Everything
a rollup counts is counted for the team holding the request at that moment, so a request
transferred on Tuesday counts its Monday work for the first team and its Wednesday resolution
for the second. Pure, no ORM."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from inservice.insights.rollup.reading import Hold


class Holders:
    def __init__(self, holds: Iterable[Hold]) -> None:
        self._by_ticket: dict[int, list[Hold]] = defaultdict(list)
        for hold in holds:
            self._by_ticket[hold.ticket_id].append(hold)
        for found in self._by_ticket.values():
            found.sort(key=lambda h: h.started_at)

    def hold_at(self, ticket_id: int, moment: datetime) -> Hold | None:
        """The hold under way at `moment` (a transfer's own moment belongs to the new team)."""
        found = self._by_ticket.get(ticket_id, [])
        index = bisect_right([h.started_at for h in found], moment) - 1
        return found[index] if index >= 0 else (found[0] if found else None)

    def team_at(self, ticket_id: int, moment: datetime, default: int) -> int:
        hold = self.hold_at(ticket_id, moment)
        return hold.team_id if hold is not None else default

    def first(self, ticket_id: int) -> Hold | None:
        found = self._by_ticket.get(ticket_id)
        return found[0] if found else None

    def before(self, hold: Hold) -> Hold | None:
        """The hold just before `hold` (the same request's, read apart or not)."""
        found = self._by_ticket.get(hold.ticket_id, [])
        index = self._index(found, hold)
        return found[index - 1] if index > 0 else None

    def after(self, hold: Hold) -> Hold | None:
        found = self._by_ticket.get(hold.ticket_id, [])
        index = self._index(found, hold)
        return found[index + 1] if 0 <= index < len(found) - 1 else None

    @staticmethod
    def _index(found: list[Hold], hold: Hold) -> int:
        for i, h in enumerate(found):
            if h.started_at == hold.started_at and h.team_id == hold.team_id:
                return i
        return -1
