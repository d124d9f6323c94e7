"""Kudos in numbers for a person's profile and a team's page: one aggregate query per figure,
hidden kudos never counted. Help across teams (a recipient in another home team than the
giver's, when it was given) is counted on its own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Q
from django.utils import timezone

from inservice.kudos.models import Kudos, Recipient
from inservice.kudos.wall import team_and_children
from inservice.org.models import Person, Team


@dataclass(frozen=True)
class PersonFigures:
    received: int
    received_across: int
    given: int
    given_across: int


@dataclass(frozen=True)
class TeamFigures:
    start: datetime
    received: int  # kudos to the team or any of its people
    to_team: int  # of which to the team as a whole
    received_across: int  # of which from people of other teams
    given_across: int  # its people's kudos to other teams and their people


def person_figures(person: Person) -> PersonFigures:
    received = (
        Recipient.objects.shown()
        .filter(person=person)
        .aggregate(n=Count("id"), across=Count("id", filter=Q(cross_team=True)))
    )
    given = (
        Kudos.objects.shown()
        .given_by(person)
        .aggregate(n=Count("id"), across=Count("id", filter=Q(cross_team=True)))
    )
    return PersonFigures(received["n"], received["across"], given["n"], given["across"])


def quarter_start(now: datetime) -> datetime:
    """The first moment of the calendar quarter `now` is in, in the current time zone (the
    viewer's, on pages)."""
    zone = timezone.get_current_timezone()
    local = now.astimezone(zone)
    first = date(local.year, 3 * ((local.month - 1) // 3) + 1, 1)
    return datetime.combine(first, time(), tzinfo=zone)


def team_figures(team: Team, start: datetime, end: datetime) -> TeamFigures:
    ids = team_and_children(team)
    to_them = (
        Recipient.objects.shown()
        .between(start, end)
        .filter(home_team_id__in=ids)
        .aggregate(
            received=Count("kudos", distinct=True),
            to_team=Count("kudos", distinct=True, filter=Q(team__isnull=False)),
            across=Count("kudos", distinct=True, filter=Q(cross_team=True)),
        )
    )
    given_across = (
        Kudos.objects.shown()
        .between(start, end)
        .filter(giver_team_id__in=ids, cross_team=True)
        .count()
    )
    return TeamFigures(
        start=start,
        received=to_them["received"],
        to_team=to_them["to_team"],
        received_across=to_them["across"],
        given_across=given_across,
    )
