"""Who gets a digest now: people whose own clock is in the 08:00 hour.

Beat runs `notifications.tasks.send_digests` hourly. Each run looks only at the time zones where
it is 08:xx: requesters there get their digest (daily ones every day, weekly ones on Monday),
leads there get their team's daily report. A period is named in the person's local calendar
(a date, or an ISO week), and DigestLog's unique (person, kind, period) makes a second send for
the same period impossible, however often the task runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Exists, OuterRef, Q

from inservice.lib.timezones import zone_or_utc
from inservice.notifications.choices import DigestFrequency, DigestKind
from inservice.notifications.digest_emails import NEW_WITHIN
from inservice.notifications.models import DigestLog, DigestSetting
from inservice.org.choices import Role
from inservice.org.models import Membership, Person, Team
from inservice.tickets.models import Ticket

DIGEST_HOUR = 8
MONDAY = 0


@dataclass(frozen=True)
class Due:
    person: Person
    kind: DigestKind
    period: str
    team: Team | None = None


def daily_period(day: date) -> str:
    return day.isoformat()  # 2026-11-23


def weekly_period(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"  # 2026-W48


def team_period(day: date, team: Team | int) -> str:
    # By id, not slug: renaming a team mid-morning must not send its report twice.
    team_id = team if isinstance(team, int) else team.pk
    return f"{day.isoformat()}/{team_id}"


def local_days_at_digest_hour(now: datetime) -> dict[str, date]:
    """{time zone name: local date} for the people's zones where it is now 08:xx."""
    names = Person.objects.filter(is_active=True).values_list("time_zone", flat=True).distinct()
    found = {}
    for name in names:
        local = now.astimezone(zone_or_utc(name))
        if local.hour == DIGEST_HOUR:
            found[name] = local.date()
    return found


def due_now(now: datetime) -> Iterator[Due]:
    """Every digest whose moment has come and which is not logged yet for its period."""
    for zone_name, day in sorted(local_days_at_digest_hour(now).items()):
        yield from _requester_digests(zone_name, day)
        yield from _team_reports(zone_name, day, now)


def _requester_digests(zone_name: str, day: date) -> Iterator[Due]:
    choices = [(DigestFrequency.DAILY, daily_period(day))]
    if day.weekday() == MONDAY:
        choices.append((DigestFrequency.WEEKLY, weekly_period(day)))
    opened = Ticket.objects.open()
    asks = Exists(opened.filter(requester=OuterRef("pk"))) | Exists(
        opened.filter(submitted_by=OuterRef("pk"))
    )
    for frequency, period in choices:
        wants = Q(digest_setting__frequency=frequency)
        if frequency == DigestFrequency.WEEKLY:
            wants |= Q(digest_setting__isnull=True)  # no choice made: weekly
        logged = DigestLog.objects.filter(
            person=OuterRef("pk"), kind=DigestKind.REQUESTER, period=period
        )
        people = (
            Person.objects.filter(is_active=True, time_zone=zone_name)
            .exclude(email="")
            .filter(wants, asks, ~Exists(logged))
            .only("pk", "email")
            .order_by("pk")
        )
        for person in people.iterator(chunk_size=500):
            yield Due(person, DigestKind.REQUESTER, period)


def _team_reports(zone_name: str, day: date, now: datetime) -> Iterator[Due]:
    """A report per lead and team, for teams with open requests or new ones since yesterday."""
    tickets = Ticket.objects.filter(team=OuterRef("team_id"))
    busy = Exists(tickets.open()) | Exists(tickets.filter(created_at__gte=now - NEW_WITHIN))
    leads = (
        Membership.objects.filter(
            role=Role.LEAD, person__is_active=True, person__time_zone=zone_name
        )
        .exclude(person__email="")
        .filter(busy)
        .select_related("person", "team")
        .order_by("person_id", "team_id")
    )
    rows = list(leads)
    logged = set(
        DigestLog.objects.filter(
            kind=DigestKind.TEAM,
            person_id__in={m.person_id for m in rows},
            period__in={team_period(day, m.team_id) for m in rows},
        ).values_list("person_id", "period")
    )
    for membership in rows:
        period = team_period(day, membership.team_id)
        if (membership.person_id, period) not in logged:
            yield Due(membership.person, DigestKind.TEAM, period, membership.team)


def frequency_of(person: Person) -> str:
    """The person's digest choice (no row: weekly)."""
    chosen = DigestSetting.objects.filter(person=person).values_list("frequency", flat=True)
    return chosen.first() or DigestFrequency.WEEKLY
