"""What the two digests say, and their emails: a requester's open requests, a lead's daily report.

A digest is a Delivery with no request; its event key names it ("digest:<kind>:<period>"), and
its DigestLog row (same person, kind and period) names the team of a team report. The content is
read when the email goes out, so a retry an hour later shows the requests as they are then. Each
digest is read in a fixed number of queries, however many requests it lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from inservice.lib.timezones import zone_or_utc
from inservice.notifications.choices import DigestKind
from inservice.notifications.models import Delivery, DigestLog
from inservice.notifications.rendering import render_message
from inservice.org.choices import Role
from inservice.org.models import Membership, Person, Team
from inservice.sla.choices import Health
from inservice.sla.models import Promise
from inservice.tickets.choices import OPEN_STATUSES
from inservice.tickets.models import Ticket, TicketQuerySet

DIGEST_PREFIX = "digest:"
REQUESTS_SHOWN = 50  # a requester's digest; the rest are a click away on "My requests"
TEAM_ROWS = 10  # per list of the team report
NEW_WITHIN = timedelta(hours=24)


def digest_key(kind: str, period: str) -> str:
    return f"{DIGEST_PREFIX}{kind}:{period}"


def delivery_kind(kind: str) -> str:
    """Delivery.kind of a digest email (the delivery log tells digests from request emails)."""
    return f"digest_{kind}"


@dataclass(frozen=True)
class Row:
    ticket: Ticket
    url: str
    promised_for: datetime | None = None


def _row(ticket: Ticket) -> Row:
    url = settings.SITE_URL + reverse("tickets:detail", args=[ticket.key])
    return Row(ticket, url, getattr(ticket, "promised_for", None))


def requester_rows(person: Person) -> tuple[list[Row], bool]:
    """The person's open requests (asked by them or for them), newest first, each with its open
    promise's time: one query. The flag says there are more than shown."""
    promised = (
        Promise.objects.open()
        .filter(ticket=OuterRef("pk"))
        .order_by("promised_for")
        .values("promised_for")[:1]
    )
    tickets = (
        Ticket.objects.open()
        .asked_by(person)
        .select_related("team", "assignee")
        .annotate(promised_for=Subquery(promised))
        .order_by("-created_at", "-id")[: REQUESTS_SHOWN + 1]
    )
    rows = [_row(t) for t in tickets]
    return rows[:REQUESTS_SHOWN], len(rows) > REQUESTS_SHOWN


@dataclass(frozen=True)
class TeamReport:
    counts: dict[str, int]
    new: list[Row]
    at_risk: list[Row]
    breached: list[Row]
    oldest: list[Row]
    unassigned: list[Row]


def team_report(team: Team, now: datetime) -> TeamReport:
    """New in the last 24 h, at risk, breached, the oldest open, unassigned: one query for the
    counts and one per list, each list at most TEAM_ROWS long."""
    since = now - NEW_WITHIN
    open_ = Q(status__in=OPEN_STATUSES)
    counts = (
        Ticket.objects.for_team(team)
        .filter(open_ | Q(created_at__gte=since))
        .aggregate(
            new=Count("pk", filter=Q(created_at__gte=since)),
            open=Count("pk", filter=open_),
            at_risk=Count("pk", filter=open_ & Q(health=Health.AT_RISK)),
            breached=Count("pk", filter=open_ & Q(health=Health.BREACHED)),
            unassigned=Count("pk", filter=open_ & Q(assignee__isnull=True)),
        )
    )
    base: TicketQuerySet = Ticket.objects.for_team(team).select_related("assignee", "requester")
    opened = base.open()

    def rows(tickets: TicketQuerySet) -> list[Row]:
        return [_row(t) for t in tickets[:TEAM_ROWS]]

    return TeamReport(
        counts={key: int(value or 0) for key, value in counts.items()},
        new=rows(base.filter(created_at__gte=since).order_by("-created_at", "-id")),
        at_risk=rows(opened.filter(health=Health.AT_RISK).order_by("due_at", "id")),
        breached=rows(opened.filter(health=Health.BREACHED).order_by("due_at", "id")),
        oldest=rows(opened.order_by("created_at", "id")),
        unassigned=rows(opened.filter(assignee__isnull=True).order_by("created_at", "id")),
    )


def render_digest(delivery: Delivery) -> EmailMultiAlternatives | None:
    """The digest email for one delivery, or None when there is nothing to say any more (no open
    request left, or the recipient no longer leads the team)."""
    kind, _, period = delivery.event_key.removeprefix(DIGEST_PREFIX).partition(":")
    person = delivery.recipient
    context: dict[str, Any] = {
        "person": person,
        "period": period,
        "weekly": "-W" in period,
        "zone": zone_or_utc(person.time_zone),
        "site_name": settings.SITE_NAME,
        "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
    }
    if kind == DigestKind.REQUESTER:
        rows, more = requester_rows(person)
        if not rows:
            return None
        context |= {
            "rows": rows,
            "more": more,
            "mine_url": settings.SITE_URL + reverse("tickets:mine"),
        }
    elif kind == DigestKind.TEAM:
        log = (
            DigestLog.objects.select_related("team")
            .filter(person=person, kind=kind, period=period)
            .first()
        )
        team = log.team if log else None
        if team is None or not _leads(person, team):
            return None
        context |= {
            "team": team,
            "report": team_report(team, timezone.now()),
            "queue_url": settings.SITE_URL + reverse("tickets:queue", args=[team.slug]),
        }
    else:
        return None
    return render_message(f"notifications/email/digest_{kind}", context, delivery.to_address)


def _leads(person: Person, team: Team) -> bool:
    return Membership.objects.filter(person=person, team=team, role=Role.LEAD).exists()
