"""The only write path for notifications: announcing events, reading, preferences."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inservice.lib.tasks import enqueue_on_commit
from inservice.notifications.choices import (
    Channel,
    DeliveryStatus,
    DigestFrequency,
    DigestKind,
    Kind,
)
from inservice.notifications.models import (
    Delivery,
    DigestLog,
    DigestSetting,
    Notification,
    Preference,
)
from inservice.org.models import Person, Team
from inservice.tickets.models import TimelineEntry


def announce(kind: Kind, entry: TimelineEntry) -> None:
    """Tells the people concerned about `entry`, by a task that runs after the commit."""
    from inservice.notifications.tasks import fan_out

    enqueue_on_commit(fan_out, kind.value, entry.pk)


def announce_now(kind: Kind, entry: TimelineEntry) -> None:
    """Records the notifications for `entry` in the caller's transaction (emails are sent after
    the commit), for a caller that must know they exist when it commits. The SLA sweep's
    announce_escalations task uses it to record an escalation's notifications and mark it
    announced in one transaction; the escalation itself is committed earlier, and one whose task
    was lost is announced again by a later sweep."""
    from inservice.notifications.delivery import record_event
    from inservice.notifications.tasks import send_delivery

    for delivery_id in record_event(kind.value, entry.pk).deliveries:
        enqueue_on_commit(send_delivery, delivery_id)


def notify_people(
    kind: Kind, people: Iterable[Person], event_key: str, *, title: str = "", link: str = ""
) -> int:
    """Tells people of something that is not a request (an agreement's review coming up): an
    in-app notification and an email each, as their preferences allow, at most once per person
    and event key (the unique constraints are the guarantee). Emails are sent after the commit;
    emails.render_email writes them from the event key when they go. `title` and `link` (a path)
    say on the in-app notification what it is about and where to read it. Returns the
    notifications made now."""
    from inservice.notifications.tasks import send_delivery

    people = list(people)
    off = disabled_channels([p.pk for p in people], kind)
    made = 0
    with transaction.atomic():
        for person in people:
            if (person.pk, Channel.IN_APP) not in off:
                _notification, created = Notification.objects.get_or_create(
                    recipient=person,
                    event_key=event_key,
                    defaults={"kind": kind, "title": title[:200], "link": link},
                )
                made += int(created)
            if (person.pk, Channel.EMAIL) not in off and person.email:
                delivery, created = Delivery.objects.get_or_create(
                    recipient=person,
                    event_key=event_key,
                    channel=Channel.EMAIL,
                    defaults={"kind": kind, "to_address": person.email},
                )
                if created:
                    enqueue_on_commit(send_delivery, delivery.pk)
    return made


def mark_read(person: Person, notification_ids: Iterable[int] | None = None) -> int:
    """Marks some (or, with None, all) of the person's unread notifications as read."""
    unread = Notification.objects.for_person(person).unread()
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


def set_preferences(person: Person, choices: Mapping[tuple[str, str], bool]) -> None:
    """Stores the person's on/off choice per (kind, channel)."""
    with transaction.atomic():
        for (kind, channel), enabled in choices.items():
            if kind not in Kind.values or channel not in Channel.values:
                raise ValueError(f"unknown preference {kind}/{channel}")
            Preference.objects.update_or_create(
                person=person, kind=kind, channel=channel, defaults={"enabled": enabled}
            )


def disabled_channels(person_ids: Iterable[int], kind: str) -> set[tuple[int, str]]:
    """(person id, channel) pairs switched off for `kind`, read in one query."""
    rows = Preference.objects.filter(person_id__in=list(person_ids), kind=kind, enabled=False)
    return set(rows.values_list("person_id", "channel"))


def retry_delivery(delivery_id: int) -> bool:
    """Gives a failed email a fresh set of attempts and sends it after the commit.

    Returns False (and changes nothing) when the delivery is not failed: a sent email is never
    sent twice, a pending one is already on its way.
    """
    from inservice.notifications.tasks import send_delivery

    with transaction.atomic():
        reset = (
            Delivery.objects.failed()
            .filter(pk=delivery_id)
            .update(status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=timezone.now())
        )
        if reset:
            enqueue_on_commit(send_delivery, delivery_id)
    return bool(reset)


def digest_problem(frequency: str) -> str:
    """What is wrong with a digest choice ("" when nothing is)."""
    if frequency in DigestFrequency.values:
        return ""
    return _("Choose how often you want the digest: every morning, Monday mornings or never.")


def set_digest_frequency(person: Person, frequency: str) -> None:
    """Stores how often the person wants the digest of their open requests."""
    problem = digest_problem(frequency)
    if problem:
        raise ValidationError({"digest": problem})
    DigestSetting.objects.update_or_create(person=person, defaults={"frequency": frequency})


def record_digest(
    person: Person, kind: DigestKind, period: str, team: Team | None = None
) -> int | None:
    """Logs one digest for its period and queues its email, in one transaction.

    Returns the delivery's id, or None when this period's digest exists already: the log's
    unique (person, kind, period) is the guarantee, also when two runs of the task overlap.
    The email goes through the delivery log (send_delivery: retries, the stalled sweep, the
    admin's failed list); digest_emails renders it when it is sent.
    """
    from inservice.notifications.digest_emails import delivery_kind, digest_key
    from inservice.notifications.tasks import send_delivery

    try:
        with transaction.atomic():
            DigestLog.objects.create(person=person, kind=kind, period=period, team=team)
            delivery = Delivery.objects.create(
                recipient=person,
                kind=delivery_kind(kind),
                event_key=digest_key(kind, period),
                channel=Channel.EMAIL,
                to_address=person.email,
            )
            enqueue_on_commit(send_delivery, delivery.pk)
    except IntegrityError:
        return None
    return delivery.pk
