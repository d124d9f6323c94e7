"""The wall's filters (team, value, period), read the same way by the page and the API, and the
cards that show a kudos as the viewer may see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from inservice.kudos.choices import Period
from inservice.kudos.models import Kudos, KudosQuerySet, Value
from inservice.kudos.permissions import may_see_request
from inservice.lib.queries import unique
from inservice.org.models import Person, Team
from inservice.tickets.models import Ticket

PAGE_SIZE = 20
ORDERING = ["-created_at", "-id"]


@dataclass(frozen=True)
class WallFilter:
    team: Team | None = None
    value: Value | None = None
    period: Period = Period.MONTH

    def start(self, now: datetime) -> datetime | None:
        days = self.period.days
        return None if days is None else now - timedelta(days=days)

    def apply(self, kudos: KudosQuerySet, now: datetime) -> KudosQuerySet:
        """Kudos to the team (a department: to any of its teams) or its people, naming the
        value, given in the period."""
        found = kudos.between(self.start(now))
        if self.team is not None:
            found = found.to_teams(team_and_children(self.team))
        if self.value is not None:
            found = found.with_value(self.value)
        return found

    def params(self, default: Period = Period.MONTH) -> list[tuple[str, str]]:
        """The filter as query parameters (for the "show more" link and the page's URL)."""
        pairs = [
            ("team", self.team.slug if self.team else ""),
            ("value", self.value.slug if self.value else ""),
            ("period", self.period.value if self.period != default else ""),
        ]
        return [(k, v) for k, v in pairs if v]


def team_and_children(team: Team) -> list[int]:
    """A team and, for a department, the teams in it."""
    return [team.pk, *Team.objects.filter(parent=team).values_list("pk", flat=True)]


def value_named(slug: str) -> Value | None:
    return unique(Value.objects.filter(slug=slug)) if slug else None


def period_named(text: str, default: Period = Period.MONTH) -> Period:
    return Period(text) if text in Period.values else default


@dataclass(frozen=True)
class Card:
    """One kudos as the viewer sees it."""

    kudos: Kudos
    people: list[Person]
    teams: list[Team]
    values: list[Value]
    request: Ticket | None  # only when the viewer may see it
    hidden: bool
    mine: bool


def card(viewer: Person, kudos: Kudos) -> Card:
    """Reads only what KudosQuerySet.for_cards fetched: no query of its own."""
    recipients = list(kudos.recipients.all())
    return Card(
        kudos=kudos,
        people=[r.person for r in recipients if r.person is not None],
        teams=[r.team for r in recipients if r.team is not None],
        values=list(kudos.values.all()),
        request=kudos.ticket if may_see_request(viewer, kudos) else None,
        hidden=kudos.hidden_at is not None,
        mine=kudos.giver_id == viewer.pk,
    )


def cards(viewer: Person, rows: list[Kudos]) -> list[Card]:
    return [card(viewer, kudos) for kudos in rows]
