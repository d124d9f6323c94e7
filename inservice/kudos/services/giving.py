"""Giving kudos, taking one back within the delete window, and hiding one (a lead, with a
reason)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from inservice.kudos import highlights
from inservice.kudos.models import (
    DELETE_WINDOW,
    MAX_MESSAGE,
    MAX_PEOPLE,
    MAX_TEAMS,
    Kudos,
    Recipient,
    Value,
)
from inservice.kudos.permissions import can_hide
from inservice.lib.timezones import zone_or_utc
from inservice.org.models import Person, Team
from inservice.tickets.models import Ticket
from inservice.tickets.permissions import can_view_ticket

DEFAULT_DAILY_LIMIT = 10
MAX_REASON = 500

Problems = dict[str, list[str]]
T = TypeVar("T", Person, Team, Value)


@dataclass(frozen=True)
class NewKudos:
    message: str
    values: Sequence[Value]
    people: Sequence[Person] = field(default_factory=tuple)
    teams: Sequence[Team] = field(default_factory=tuple)
    ticket: Ticket | None = None  # the request the help was given on


def daily_limit() -> int:
    """Kudos one person may give a day (settings.KUDOS_DAILY_LIMIT): thanks that come in
    dozens a day stop meaning anything."""
    return int(getattr(settings, "KUDOS_DAILY_LIMIT", DEFAULT_DAILY_LIMIT))


def day_of(person: Person, moment: datetime) -> tuple[datetime, datetime]:
    """The person's own calendar day around `moment`, from midnight to midnight where they are."""
    zone = zone_or_utc(person.time_zone)
    day = moment.astimezone(zone).date()
    start = datetime.combine(day, time(), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=zone)
    return start, end


def given_today(person: Person, moment: datetime) -> int:
    start, end = day_of(person, moment)
    return Kudos.objects.given_by(person).between(start, end).count()


def kudos_problems(giver: Person, new: NewKudos) -> Problems:
    """What is wrong with a kudos before anything is written, by field."""
    errors: Problems = {}
    message = new.message.strip()
    if not message:
        errors["message"] = [_("Say what they did: a kudos needs a message.")]
    elif len(message) > MAX_MESSAGE:
        errors["message"] = [
            _("Keep the message to %(n)s characters or fewer (it has %(has)s).")
            % {"n": f"{MAX_MESSAGE:,}", "has": f"{len(message):,}"}
        ]
    people = _distinct(new.people)
    if any(p.pk == giver.pk for p in people):
        errors["people"] = [_("You cannot give kudos to yourself: thank someone who helped you.")]
    elif len(people) > MAX_PEOPLE:
        errors["people"] = [_("Thank at most %(n)s people at once.") % {"n": MAX_PEOPLE}]
    elif gone := [p.name for p in people if not p.is_active]:
        errors["people"] = [
            _("%(names)s no longer work here: thank colleagues who do.")
            % {"names": ", ".join(gone)}
        ]
    teams = _distinct(new.teams)
    if len(teams) > MAX_TEAMS:
        errors["teams"] = [_("Thank at most %(n)s teams at once.") % {"n": MAX_TEAMS}]
    if not people and not teams:
        errors["people"] = [_("Choose who you are thanking: one or more people, or a team.")]
    values = _distinct(new.values)
    # Read afresh: a value retired since the form was drawn is refused too.
    chosen = Value.objects.active().filter(pk__in=[v.pk for v in values])
    active = set(chosen.values_list("pk", flat=True))
    if retired := [v.name for v in values if v.pk not in active]:
        errors["values"] = [
            _("%(names)s can no longer be chosen: pick one of the values listed.")
            % {"names": ", ".join(retired)}
        ]
    elif not values and Value.objects.active().exists():
        errors["values"] = [_("Choose at least one of our values that they showed.")]
    if new.ticket is not None and not can_view_ticket(giver, new.ticket):
        errors["request"] = [_("No request you can see has this key.")]
    return errors


def give_kudos(giver: Person, new: NewKudos, *, at: datetime | None = None) -> Kudos:
    """Thanks from `giver` to people and/or teams, with at least one of the organisation's
    values and a message of at most MAX_MESSAGE characters, optionally for a request the giver
    may see. Refused (nothing stored) to oneself, beyond the giver's daily limit, or empty or
    oversized. Whether each recipient is in another team than the giver's is fixed now. The
    recipients (and, by their choice, their managers) hear of it once the giver's delete window
    has passed (tasks.tell_due)."""
    errors = kudos_problems(giver, new)
    if errors:
        raise ValidationError(errors)
    now = at or timezone.now()
    people, teams = _distinct(new.people), _distinct(new.teams)
    with transaction.atomic():
        # The giver's row lock orders two kudos sent at once: both cannot be the last one allowed.
        list(Person.objects.select_for_update().filter(pk=giver.pk).values_list("pk"))
        limit = daily_limit()
        if given_today(giver, now) >= limit:
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: [
                        ngettext(
                            "You have given your %(n)s kudos for today: thank them tomorrow.",
                            "You have given your %(n)s kudos for today: thank them tomorrow.",
                            limit,
                        )
                        % {"n": limit}
                    ]
                }
            )
        giver_team = giver.team_id
        rows = [_recipient(giver_team, now, person=p) for p in people]
        rows += [_recipient(giver_team, now, team=t) for t in teams]
        kudos = Kudos.objects.create(
            giver=giver,
            giver_team_id=giver_team,
            message=new.message.strip(),
            ticket=new.ticket,
            cross_team=any(r.cross_team for r in rows),
            created_at=now,
        )
        kudos.values.set(_distinct(new.values))
        for row in rows:
            row.kudos = kudos
        Recipient.objects.bulk_create(rows)
    return kudos


def _recipient(
    giver_team: int | None,
    now: datetime,
    person: Person | None = None,
    team: Team | None = None,
) -> Recipient:
    home = person.team_id if person is not None else team.pk if team is not None else None
    crosses = giver_team is not None and home is not None and home != giver_team
    return Recipient(
        person=person, team=team, home_team_id=home, cross_team=crosses, created_at=now
    )


def delete_kudos(person: Person, kudos: Kudos, *, at: datetime | None = None) -> None:
    """Its giver takes a kudos back within DELETE_WINDOW of giving it: nobody was told yet, and
    it counts no more (also not against the day's limit)."""
    if kudos.giver_id != person.pk:
        raise PermissionDenied(_("Only the person who gave it can delete a kudos."))
    now = at or timezone.now()
    with transaction.atomic():
        locked = Kudos.objects.select_for_update().filter(pk=kudos.pk).first()
        if locked is None:
            return  # deleted already: the same answer as deleting it now
        if now >= locked.created_at + DELETE_WINDOW:
            minutes = int(DELETE_WINDOW.total_seconds() // 60)
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: [
                        _(
                            "A kudos can be deleted only in its first %(n)s minutes, and this "
                            "one's have passed. If it must go, ask a lead to hide it."
                        )
                        % {"n": minutes}
                    ]
                }
            )
        locked.delete()


def hide_kudos(person: Person, kudos: Kudos, reason: str, *, at: datetime | None = None) -> Kudos:
    """A lead of the giver's or of a recipient's home team (or an administrator) hides an
    inappropriate kudos, saying why; who, when and why are recorded, and from then on it counts
    nowhere and shows only as "hidden by a lead" to its giver and those who may hide it."""
    if not can_hide(person, kudos):
        raise PermissionDenied(_("Only a lead of the teams involved can hide this kudos."))
    text = reason.strip()
    if not text:
        raise ValidationError({"reason": [_("Say why it is hidden: the giver reads this.")]})
    if len(text) > MAX_REASON:
        raise ValidationError(
            {"reason": [_("Keep the reason to %(n)s characters or fewer.") % {"n": MAX_REASON}]}
        )
    now = at or timezone.now()
    with transaction.atomic():
        locked = Kudos.objects.select_for_update().get(pk=kudos.pk)
        if locked.hidden_at is not None:
            raise ValidationError({"reason": [_("A lead has hidden it already.")]})
        locked.hidden_at, locked.hidden_by, locked.hidden_reason = now, person, text
        locked.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        transaction.on_commit(lambda: highlights.forget(locked.created_at))
    return locked


def _distinct(items: Sequence[T]) -> list[T]:
    """In the order given, each once."""
    seen: dict[int, T] = {}
    for item in items:
        seen.setdefault(item.pk, item)
    return list(seen.values())
