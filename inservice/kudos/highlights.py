"""A month's kudos highlights: how many, how many across teams, the most-thanked teams, the
values people were thanked for and a few messages. Months are calendar months of the site's
time zone (settings.TIME_ZONE), named "YYYY-MM".

A month that is over does not change except when a lead hides a kudos, so its highlights are
read once and kept in the cache (hiding one forgets them): the monthly digest's thousands of
emails and the highlights page read them from there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.cache import cache
from django.db.models import Count, Q
from django.db.models.functions import Length
from django.utils import formats, timezone

from inservice.kudos.models import Kudos, KudosQuerySet, Recipient, RecipientQuerySet

TOP_TEAMS = 5
FEATURED = 3
CACHE_SECONDS = 24 * 3600
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class TeamThanks:
    name: str
    slug: str
    kudos: int
    cross_team: int


@dataclass(frozen=True)
class Featured:
    kudos_id: int
    giver: str
    recipients: list[str]
    message: str
    values: list[str]
    cross_team: bool


@dataclass(frozen=True)
class Highlights:
    month: str
    total: int
    cross_team: int
    people_thanked: int
    teams: list[TeamThanks]
    values: list[tuple[str, int]]
    featured: list[Featured]


def parse_month(text: str) -> str | None:
    return text if _MONTH.match(text) else None


def month_start(month: str) -> datetime:
    year, number = (int(part) for part in month.split("-"))
    return datetime.combine(date(year, number, 1), time(), tzinfo=timezone.get_default_timezone())


def month_bounds(month: str) -> tuple[datetime, datetime]:
    start = month_start(month)
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start, datetime.combine(following, time(), tzinfo=start.tzinfo)


def month_of(moment: datetime) -> str:
    local = moment.astimezone(timezone.get_default_timezone())
    return f"{local.year:04d}-{local.month:02d}"


def previous_month(moment: datetime) -> str:
    local = moment.astimezone(timezone.get_default_timezone())
    year, month = (local.year, local.month - 1) if local.month > 1 else (local.year - 1, 12)
    return f"{year:04d}-{month:02d}"


def month_label(month: str) -> str:
    return formats.date_format(month_start(month).date(), "F Y")


def _key(month: str) -> str:
    return f"kudos:highlights:{month}"


def forget(moment: datetime) -> None:
    """Drops the cached highlights of the month `moment` falls in (a kudos in it was hidden)."""
    cache.delete(_key(month_of(moment)))


def month_highlights(month: str) -> Highlights:
    """The month's highlights (a month that is over: from the cache after the first read)."""
    start, end = month_bounds(month)
    over = end <= timezone.now()
    if over:
        kept = cache.get(_key(month))
        if isinstance(kept, Highlights):
            return kept
    found = _read(month, start, end)
    if over:
        cache.set(_key(month), found, CACHE_SECONDS)
    return found


def _read(month: str, start: datetime, end: datetime) -> Highlights:
    kudos = Kudos.objects.shown().between(start, end)
    totals = kudos.aggregate(total=Count("id"), cross=Count("id", filter=Q(cross_team=True)))
    recipients = Recipient.objects.shown().between(start, end)
    thanked = recipients.filter(person__isnull=False).values("person_id").distinct().count()
    return Highlights(
        month=month,
        total=totals["total"],
        cross_team=totals["cross"],
        people_thanked=thanked,
        teams=_top_teams(recipients) if totals["total"] else [],
        values=_values(start, end) if totals["total"] else [],
        featured=_featured(kudos) if totals["total"] else [],
    )


def _top_teams(recipients: RecipientQuerySet) -> list[TeamThanks]:
    rows = (
        recipients.filter(home_team__isnull=False)
        .values("home_team__name", "home_team__slug")
        .annotate(
            n=Count("kudos", distinct=True),
            across=Count("kudos", distinct=True, filter=Q(cross_team=True)),
        )
        .order_by("-n", "home_team__name")[:TOP_TEAMS]
    )
    return [
        TeamThanks(r["home_team__name"], r["home_team__slug"], r["n"], r["across"]) for r in rows
    ]


def _values(start: datetime, end: datetime) -> list[tuple[str, int]]:
    """How many of the period's kudos named each value, most named first (one query)."""
    shown = Q(
        kudos__hidden_at__isnull=True, kudos__created_at__gte=start, kudos__created_at__lt=end
    )
    rows = (
        Kudos.values.through.objects.filter(shown)
        .values("value__name", "value__position")
        .annotate(n=Count("kudos_id"))
        .order_by("-n", "value__position", "value__name")
    )
    return [(str(row["value__name"]), int(row["n"])) for row in rows]


def _featured(kudos: KudosQuerySet) -> list[Featured]:
    """A few messages: help across teams first, then the fuller messages. Requests are never
    named here: the digest goes to everyone."""
    rows = (
        kudos.select_related("giver")
        .prefetch_related("recipients__person", "recipients__team", "values")
        .order_by("-cross_team", Length("message").desc(), "-created_at", "-id")[:FEATURED]
    )
    return [
        Featured(
            kudos_id=k.pk,
            giver=k.giver.name,
            recipients=[r.name for r in k.recipients.all()],
            message=k.message,
            values=[v.name for v in k.values.all()],
            cross_team=k.cross_team,
        )
        for k in rows
    ]
