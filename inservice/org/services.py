"""The only write path for the directory: teams, people, memberships, key contacts, API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from inservice.learning import hooks as learning_hooks
from inservice.lib.tasks import enqueue_on_commit
from inservice.lib.timezones import is_time_zone, zone_or_utc
from inservice.org.choices import Availability, EmploymentType, Role, TeamKind, TokenScope
from inservice.org.models import ApiToken, KeyContact, Location, Membership, Person, Team
from inservice.org.permissions import can_set_availability
from inservice.sla.models import Calendar


def create_team(
    *,
    name: str,
    key_prefix: str,
    kind: str = TeamKind.TEAM,
    parent: Team | None = None,
    description: str = "",
    email: str = "",
) -> Team:
    prefix = key_prefix.strip().upper()
    if not (2 <= len(prefix) <= 8 and prefix.isalpha() and prefix.isascii()):
        raise ValidationError({"key_prefix": _("Use two to eight letters, e.g. IT.")})
    if parent is not None and parent.kind != TeamKind.DEPARTMENT:
        raise ValidationError({"parent": _("A team can only sit inside a department.")})
    team = Team(
        name=name.strip(),
        slug=slugify(name)[:60],
        key_prefix=prefix,
        kind=kind,
        parent=parent,
        description=description,
        email=email,
    )
    team.full_clean()
    team.save()
    return team


def location_named(name: str, time_zone: str = "UTC", country: str = "") -> Location:
    location, _created = Location.objects.get_or_create(
        name=name.strip(), defaults={"time_zone": time_zone, "country": country}
    )
    return location


def create_person(
    *,
    username: str,
    name: str,
    email: str,
    password: str | None = None,
    team: Team | None = None,
    manager: Person | None = None,
    location: Location | None = None,
    time_zone: str = "UTC",
    employment_type: str = EmploymentType.EMPLOYEE,
    title: str = "",
    is_superuser: bool = False,
) -> Person:
    if not is_time_zone(time_zone):
        raise ValidationError(
            {"time_zone": _("“%(tz)s” is not a time zone, e.g. Europe/Berlin.") % {"tz": time_zone}}
        )
    person = Person(
        username=username,
        name=name,
        email=email.strip().lower(),
        team=team,
        manager=manager,
        location=location,
        time_zone=time_zone,
        employment_type=employment_type,
        title=title,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password:
        person.set_password(password)
    else:
        person.set_unusable_password()
    with transaction.atomic():
        person.save()
        if team is not None:
            Membership.objects.create(person=person, team=team, role=Role.MEMBER)
        learning_hooks.person_joined(person)  # new-hire courses, assigned after the commit
    return person


def add_member(team: Team, person: Person, role: str = Role.MEMBER) -> Membership:
    """Adds `person` to `team`, or changes their role when they already serve in it."""
    if role not in Role.values:
        raise ValidationError({"role": _("Choose member or lead.")})
    with transaction.atomic():
        membership, created = Membership.objects.select_for_update().get_or_create(
            team=team, person=person, defaults={"role": role}
        )
        if created:
            learning_hooks.member_added(team, person)  # the team's courses for newcomers
        if not created and membership.role != role:
            _keep_a_lead(membership)
            membership.role = role
            membership.save(update_fields=["role"])
    person.forget_memberships()
    return membership


def remove_member(team: Team, person: Person) -> None:
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(team=team, person=person).first()
        if membership is None:
            return
        _keep_a_lead(membership)
        membership.delete()
    person.forget_memberships()


def set_role(team: Team, person: Person, role: str) -> Membership:
    if not Membership.objects.filter(team=team, person=person).exists():
        raise ValidationError(
            _("%(person)s is not a member of %(team)s.") % {"person": person, "team": team}
        )
    return add_member(team, person, role)


def _keep_a_lead(membership: Membership) -> None:
    """Refuses to take away a team's last lead (its services must stay managed by someone)."""
    if membership.role != Role.LEAD:
        return
    others = Membership.objects.filter(team=membership.team_id, role=Role.LEAD).exclude(
        pk=membership.pk
    )
    if not others.exists():
        raise ValidationError(_("A team keeps at least one lead: make someone else lead first."))


def set_calendar(team: Team, calendar: Calendar | None) -> None:
    """The calendar the team's service levels count in (None: Monday to Friday, 9 to 5, UTC)."""
    Team.objects.filter(pk=team.pk).update(calendar=calendar)
    team.calendar = calendar


def set_key_contact(team: Team, person: Person, topics: str) -> KeyContact:
    topics = topics.strip()
    if not topics:
        raise ValidationError({"topics": _("Say which topics this person covers.")})
    contact, _created = KeyContact.objects.update_or_create(
        team=team, person=person, defaults={"topics": topics[:300]}
    )
    return contact


def remove_key_contact(team: Team, contact_id: int) -> None:
    KeyContact.objects.filter(team=team, pk=contact_id).delete()


def next_ticket_number(team: Team) -> int:
    """The team's next request number, unique under concurrent creation.

    Must run inside the caller's transaction: the UPDATE takes the team row's lock until commit,
    so two requests created at once get consecutive numbers, never the same one. One statement
    (UPDATE … RETURNING, on PostgreSQL and on SQLite ≥ 3.35).
    """
    table = connection.ops.quote_name(Team._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET ticket_counter = ticket_counter + 1 WHERE id = %s RETURNING ticket_counter",  # noqa: S608 — the table name is ours, the id a parameter
            [team.pk],
        )
        row = cursor.fetchone()
    if row is None:
        raise Team.DoesNotExist(f"team {team.pk}")
    return int(row[0])


def reserve_ticket_numbers(team: Team, count: int) -> int:
    """Takes `count` consecutive request numbers for `team` in one UPDATE; returns the first.

    For bulk writers (seeding, imports). The numbers are theirs once this returns: requests
    opened meanwhile through next_ticket_number get numbers after them, never the same ones.
    """
    if count < 1:
        raise ValueError("reserve at least one number")
    with transaction.atomic():
        Team.objects.filter(pk=team.pk).update(ticket_counter=F("ticket_counter") + count)
        last = int(Team.objects.filter(pk=team.pk).values_list("ticket_counter", flat=True).get())
    return last - count + 1


def release_ticket_numbers(team: Team, first: int, count: int) -> bool:
    """Hands back the unused tail `first`..`first + count - 1` of a reservation.

    Only when nobody took a number since (the counter still ends the reservation); otherwise
    the numbers stay skipped, which is harmless: keys are unique, not gapless.
    """
    if count < 1:
        return False
    return bool(
        Team.objects.filter(pk=team.pk, ticket_counter=first + count - 1).update(
            ticket_counter=first - 1
        )
    )


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str


TOKEN_PREFIX = "isv_"  # noqa: S105 — a marker that makes leaked tokens greppable, not a secret


def create_api_token(person: Person, name: str, scope: str) -> IssuedToken:
    """A new personal token; the secret is returned once and only its digest is stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the script that uses it.")})
    if scope not in TokenScope.values:
        raise ValidationError({"scope": _("Choose read or write.")})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        person=person, name=name[:80], scope=scope, prefix=secret[:12], digest=token_digest(secret)
    )
    return IssuedToken(token=token, secret=secret)


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def revoke_api_token(person: Person, token_id: int) -> bool:
    return bool(
        ApiToken.objects.live().filter(person=person, pk=token_id).update(revoked_at=timezone.now())
    )


def touch_api_token(token: ApiToken) -> None:
    # At most one write a minute per token: the API must not write on every read.
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


def set_availability(
    person: Person,
    status: str,
    *,
    until: date | None = None,
    delegate: Person | None = None,
    by: Person | None = None,
) -> Person:
    """Sets whether `person` can take work: available, busy, away, or out of office.

    Out of office needs the last day away (today or later where the person is) and may name a
    delegate; after the commit org.tasks.reassign_while_out_of_office hands their open requests
    to the delegate or back to the team queues. Any other status clears the date and delegate.
    `by` is who acts (None: the system): the person, a lead of one of their teams, or an
    administrator.
    """
    if by is not None and not can_set_availability(by, person):
        raise PermissionDenied(
            _("Only %(name)s, a lead of their team or an administrator can change this.")
            % {"name": person}
        )
    if status not in Availability.values:
        raise ValidationError({"status": _("Choose available, busy, away or out of office.")})
    if status == Availability.OUT_OF_OFFICE:
        _check_absence(person, until, delegate)
    else:
        until, delegate = None, None
    with transaction.atomic():
        Person.objects.filter(pk=person.pk).update(
            availability=status, away_until=until, delegate=delegate
        )
        if status == Availability.OUT_OF_OFFICE:
            from inservice.org.tasks import reassign_while_out_of_office

            enqueue_on_commit(reassign_while_out_of_office, person.pk)
    person.availability, person.away_until, person.delegate = status, until, delegate
    return person


def _check_absence(person: Person, until: date | None, delegate: Person | None) -> None:
    errors: dict[str, str] = {}
    today = timezone.localdate(timezone=zone_or_utc(person.time_zone))
    if until is None:
        errors["until"] = _("Give the last day out of office.")
    elif until < today:
        errors["until"] = _("%(day)s has passed: choose today or a later day.") % {
            "day": date_format(until, "j F Y")
        }
    if delegate is not None:
        if delegate.pk == person.pk:
            errors["delegate"] = _("Choose a colleague other than %(name)s as delegate.") % {
                "name": person
            }
        elif not delegate.is_active:
            errors["delegate"] = _("%(name)s no longer works here: choose an active colleague.") % {
                "name": delegate
            }
        elif delegate.availability == Availability.OUT_OF_OFFICE:
            # Their own requests were handed on when they left: this one would wait with them.
            errors["delegate"] = _("%(name)s is out of office too: choose someone who is in.") % {
                "name": delegate
            }
    if errors:
        raise ValidationError(errors)


def end_past_absences(now: datetime) -> int:
    """Makes available again everyone whose last day out of office has passed where they live.

    Returns how many came back. A person's "today" is their own time zone's: run hourly, each
    person returns within the hour after their local midnight.
    """
    # No local date anywhere is later than UTC's date + 1 (UTC+14), so nobody whose last day is
    # after UTC's date can be due yet.
    due = Person.objects.filter(
        availability=Availability.OUT_OF_OFFICE, away_until__lte=now.astimezone(UTC).date()
    )
    returned = 0
    for zone in due.order_by().values_list("time_zone", flat=True).distinct():
        today = timezone.localdate(now, zone_or_utc(zone))
        returned += due.filter(time_zone=zone, away_until__lt=today).update(
            availability=Availability.AVAILABLE, away_until=None, delegate=None
        )
    return returned
