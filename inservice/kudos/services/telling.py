"""Telling people of kudos: the recipients once the giver's delete window has passed (a team's
members for a team), their managers by each recipient's choice; and the monthly highlights to
everyone, in batches."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from inservice.kudos import highlights
from inservice.kudos.models import Kudos, KudosSetting, Recipient
from inservice.lib.queries import unique
from inservice.notifications import services as notify
from inservice.notifications.choices import Kind
from inservice.org.models import Person

BATCH = 200  # kudos one pass of the minute's task tells
DIGEST_BATCH = 500  # people one digest task tells
# A kudos whose telling comes later than this (a worker down for days) is no news any more:
# it is marked told and nobody is woken for it.
STALE = timedelta(days=2)


def kudos_path(kudos: Kudos | int) -> str:
    pk = kudos if isinstance(kudos, int) else kudos.pk
    return reverse("kudos:detail", args=[pk])


def kudos_to_tell(now: datetime) -> list[int]:
    due = Kudos.objects.to_tell(now).order_by("created_at", "pk")
    return list(due.values_list("pk", flat=True)[:BATCH])


def tell(kudos_id: int, now: datetime) -> int:
    """Tells a kudos' recipients (and, by their choice, their managers) once: the row is marked
    in the same transaction. Nobody hears of one hidden meanwhile, or of one whose telling is
    STALE. Returns the notifications made."""
    with transaction.atomic():
        kudos = unique(Kudos.objects.select_for_update().to_tell(now).filter(pk=kudos_id))
        if kudos is None:
            return 0
        Kudos.objects.filter(pk=kudos.pk).update(told_at=now)
        if kudos.hidden_at is not None or kudos.created_at < now - STALE:
            return 0
        giver = Person.objects.get(pk=kudos.giver_id)
        recipients = list(
            Recipient.objects.filter(kudos=kudos).select_related("person__manager", "team")
        )
        made, told = _tell_recipients(kudos, giver, recipients)
        return made + _tell_managers(kudos, giver, recipients, told)


def _tell_recipients(
    kudos: Kudos, giver: Person, recipients: list[Recipient]
) -> tuple[int, set[int]]:
    """The people thanked by name, and the members of the teams thanked (not the giver).
    Returns the notifications made and who was told."""
    key, link = f"kudos:{kudos.pk}", kudos_path(kudos)
    people = [r.person for r in recipients if r.person is not None and r.person.is_active]
    told = {p.pk for p in people}
    made = notify.notify_people(
        Kind.KUDOS,
        people,
        key,
        title=_("%(giver)s thanked you") % {"giver": giver.name},
        link=link,
    )
    for row in recipients:
        if row.team is None:
            continue
        members = list(
            Person.objects.active()
            .filter(memberships__team=row.team)
            .exclude(pk=giver.pk)
            .order_by("pk")
        )
        told |= {p.pk for p in members}
        # The same event key: someone thanked by name and with their team hears of it once.
        made += notify.notify_people(
            Kind.KUDOS,
            members,
            key,
            title=_("%(giver)s thanked %(team)s") % {"giver": giver.name, "team": row.team.name},
            link=link,
        )
    return made, told


def _tell_managers(kudos: Kudos, giver: Person, recipients: list[Recipient], told: set[int]) -> int:
    """The manager of each person thanked by name, unless that person said no, or the manager
    gave it or heard of it already (thanked in it, or in a team thanked)."""
    thanked = [r.person for r in recipients if r.person is not None]
    quiet = set(
        KudosSetting.objects.filter(
            person_id__in=[p.pk for p in thanked], tell_manager=False
        ).values_list("person_id", flat=True)
    )
    made = 0
    for person in thanked:
        manager = person.manager
        if (
            person.pk in quiet
            or manager is None
            or not manager.is_active
            or manager.pk in told
            or manager.pk == giver.pk
        ):
            continue
        made += notify.notify_people(
            Kind.KUDOS_REPORT,
            [manager],
            f"kudos:{kudos.pk}:report",
            title=_("%(giver)s thanked %(person)s") % {"giver": giver.name, "person": person.name},
            link=kudos_path(kudos),
        )
    return made


# -- the monthly highlights ------------------------------------------------------------------


def digest_key(month: str) -> str:
    return f"kudos_digest:{month}"


def digest_batch(month: str, after_id: int) -> int | None:
    """Tells the next DIGEST_BATCH active people (by id, after `after_id`) of the month's
    highlights, in-app and by email as each chose, at most once each (the event key names the
    month). Returns the last id to go on from, or None when everyone has been told (or the
    month had no kudos)."""
    if not highlights.month_highlights(month).total:
        return None
    people = list(Person.objects.active().filter(pk__gt=after_id).order_by("pk")[:DIGEST_BATCH])
    if not people:
        return None
    notify.notify_people(
        Kind.KUDOS_DIGEST,
        people,
        digest_key(month),
        title=_("Kudos highlights: %(month)s") % {"month": highlights.month_label(month)},
        link=reverse("kudos:highlights", args=[month]),
    )
    return people[-1].pk if len(people) == DIGEST_BATCH else None
