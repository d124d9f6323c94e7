"""Promises: the time an agent commits to for a request's next step, and whether it was kept.

An acknowledgment makes the first promise; renegotiating replaces the current one with a new
time and a reason (in time: "renegotiated"; after the time passed: "broken"). The promised
step happening by the time keeps it: a public update by the team keeps an update promise, the
resolution keeps any promise. The lapse check marks promises whose time passed as broken, each
exactly once.

A promise broken by its time passing is settled *at* its promised time (settled_at ==
promised_for): that is how a lapsed promise, which still needs renegotiating, is told apart
from one whose step came late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from inservice.lib.markdown import render_markdown
from inservice.lib.timezones import zone_or_utc
from inservice.notifications import services as notify
from inservice.notifications.choices import Kind
from inservice.org.models import Person, Team
from inservice.sla import business
from inservice.sla.choices import ClockState, PromiseState, PromiseStep, Target
from inservice.sla.models import Clock, Promise, RequestSla
from inservice.sla.services import clocks
from inservice.tickets.choices import OPEN_STATUSES, EntryKind, Status
from inservice.tickets.models import Ticket, TimelineEntry
from inservice.tickets.permissions import is_agent

MAX_MESSAGE = 20_000
MAX_REASON = 300  # Promise.reason
MAX_AHEAD = timedelta(days=366)
DEFAULT_MINUTES = 8 * 60  # a business day, when the service states no resolution target
LAPSE_BATCH = 500


# -- making and changing promises ---------------------------------------------------------------


def acknowledge(
    actor: Person,
    ticket: Ticket,
    promised_for: datetime,
    step: str,
    message: str = "",
    *,
    version: int | None = None,
) -> Promise:
    """Acknowledges a request with a promised time for its next step and tells the requester.

    A new request moves to acknowledged; one already being worked on, with no promise standing,
    gets a promise for its next step. A request handed over by another team replaces that team's
    promise. The acknowledgment is the team's first response to the requester.
    """
    from inservice.tickets import services as tickets  # tickets.services calls into this package

    now = timezone.now()
    promised_for = _check_time(promised_for, now)
    if step not in PromiseStep.values:
        raise ValidationError({"step": _("Choose what you promise: an update or the resolution.")})
    text = message.strip()
    if len(text) > MAX_MESSAGE:
        raise ValidationError(
            {"message": _("Keep it under %(n)s characters.") % {"n": MAX_MESSAGE}}
        )
    with transaction.atomic():
        row = Ticket.objects.select_for_update().filter(pk=ticket.pk)
        new = row.values_list("status", flat=True).get() == Status.NEW
        if new:
            current = tickets.transition(actor, ticket, "acknowledge", version=version)
        else:
            current = _locked(actor, ticket, version)
        now = timezone.now()  # after the move: the promise reads after it on the timeline
        standing = _standing(current)
        if standing is not None and not new:
            raise ValidationError(
                {"promised_for": _("A promise already stands: renegotiate it, with a reason.")}
            )
        if not new:  # for a new request, the move to acknowledged was the team's first action
            tickets.note_first_action(actor, current, now)
        # The acknowledgment reaches the requester at once: it is the team's first response,
        # and a public update (which keeps the update promise of a team that handed it over).
        on_public_reply(current, now)
        clocks.on_public_reply(current, now)
        if standing is not None:  # handed over by another team: replaced, or kept just now
            standing.refresh_from_db()
            _replace(standing, now, _("Taken over by %(team)s.") % {"team": current.team.name})
            if standing.state == PromiseState.KEPT:
                standing = None
        promise = Promise.objects.create(
            ticket=current,
            made_by=actor,
            team=current.team,
            step=step,
            promised_for=promised_for,
            message=text,
            made_at=now,
            replaces=standing,
        )
        entry = _entry(current, actor, now, promise, _acknowledged_text(current, promise))
        notify.announce(Kind.ACKNOWLEDGED, entry)
    return promise


def renegotiate(actor: Person, ticket: Ticket, promised_for: datetime, reason: str) -> Promise:
    """A new time for the standing promise, with the reason the requester is told.

    Before the promised time it counts as renegotiated; after it, the old promise is broken.
    """
    from inservice.tickets import services as tickets  # tickets.services calls into this package

    now = timezone.now()
    promised_for = _check_time(promised_for, now)
    why = reason.strip()
    if not why:
        raise ValidationError({"reason": _("Say why the time changes: the requester reads it.")})
    if len(why) > MAX_REASON:
        raise ValidationError({"reason": _("Keep it under %(n)s characters.") % {"n": MAX_REASON}})
    with transaction.atomic():
        current = _locked(actor, ticket, None)
        standing = _standing(current)
        if standing is None:
            raise ValidationError(
                {"promised_for": _("No promise stands on this request: make one first.")}
            )
        _replace(standing, now)
        tickets.note_first_action(actor, current, now)
        promise = Promise.objects.create(
            ticket=current,
            made_by=actor,
            team=current.team,
            step=standing.step,
            promised_for=promised_for,
            made_at=now,
            reason=why,
            replaces=standing,
        )
        text = _changed_text(current, standing, promise)
        entry = _entry(current, actor, now, promise, text, was=standing)
        notify.announce(Kind.PROMISE_CHANGED, entry)
    return promise


def _check_time(promised_for: datetime, now: datetime) -> datetime:
    """The promised time, in UTC as everything stored, or the reason it cannot be promised."""
    if timezone.is_naive(promised_for):
        raise ValidationError({"promised_for": _("Give the time with its time zone.")})
    if promised_for <= now:
        raise ValidationError(
            {"promised_for": _("That time has passed: promise a time in the future.")}
        )
    if promised_for > now + MAX_AHEAD:
        raise ValidationError({"promised_for": _("Promise a time within the next year.")})
    return promised_for.astimezone(UTC)


def _locked(actor: Person, ticket: Ticket, version: int | None) -> Ticket:
    """The open request, locked for this transaction, when the actor serves it."""
    current = Ticket.objects.select_for_update().select_related("team").get(pk=ticket.pk)
    if version is not None and version != current.version:
        raise ValidationError(
            _("Someone else changed this request a moment ago. Reload to see their change.")
        )
    if not is_agent(actor, current):
        raise PermissionDenied(_("Only members of %(team)s can do this.") % {"team": current.team})
    if current.status not in OPEN_STATUSES:
        raise ValidationError(
            _("This request is %(status)s: there is nothing left to promise.")
            % {"status": current.get_status_display().lower()}
        )
    return current


def _standing(ticket: Ticket) -> Promise | None:
    """The promise a new time would replace: the latest, while open or broken by its time passing."""
    latest = (
        Promise.objects.select_for_update()
        .filter(ticket=ticket)
        .order_by("-made_at", "-pk")
        .first()
    )
    if latest is not None and (latest.state == PromiseState.OPEN or _lapsed(latest)):
        return latest
    return None


def _lapsed(promise: Promise) -> bool:
    return promise.state == PromiseState.BROKEN and promise.settled_at == promise.promised_for


def _replace(promise: Promise, now: datetime, reason: str = "") -> None:
    """Settles the promise a new one replaces: renegotiated in time, or broken when it lapsed."""
    if promise.state != PromiseState.OPEN:
        return  # already settled: broken by its time passing, or kept
    if now <= promise.promised_for:
        promise.state, promise.settled_at = PromiseState.RENEGOTIATED, now
    else:
        promise.state, promise.settled_at = PromiseState.BROKEN, promise.promised_for
    promise.reason = reason[:MAX_REASON]
    promise.save(update_fields=["state", "settled_at", "reason"])


# -- keeping promises (called by tickets.services inside their transactions) -------------------


def on_public_reply(ticket: Ticket, now: datetime) -> None:
    """The team updated the requester publicly: an open update promise is settled."""
    _settle(ticket, now, steps=(PromiseStep.UPDATE,))


def on_status(ticket: Ticket, new: str, now: datetime) -> None:
    """Resolving keeps (or, late, breaks) any open promise; asking the requester for something
    tells her where it stands, so it settles an update promise; a request that ends otherwise
    (cancelled, closed) owes nothing more, so its promise is neither kept nor broken."""
    if new == Status.RESOLVED:
        _settle(ticket, now, steps=(PromiseStep.UPDATE, PromiseStep.RESOLUTION))
    elif new == Status.WAITING:
        _settle(ticket, now, steps=(PromiseStep.UPDATE,))
    elif new in (Status.CANCELLED, Status.CLOSED):
        _withdraw(Promise.objects.open().filter(ticket=ticket), now)


def _settle(ticket: Ticket, now: datetime, steps: tuple[str, ...]) -> None:
    for promise in Promise.objects.open().select_for_update().filter(ticket=ticket, step__in=steps):
        promise.state = PromiseState.KEPT if now <= promise.promised_for else PromiseState.BROKEN
        promise.settled_at = now
        promise.save(update_fields=["state", "settled_at"])


def _withdraw(promises: QuerySet[Promise], now: datetime) -> int:
    # Withdrawn counts neither as kept nor as broken: the request ended, nothing was owed.
    return promises.update(
        state=PromiseState.WITHDRAWN,
        settled_at=now,
        reason=_("The request ended before the promised step."),
    )


# -- the lapse check ----------------------------------------------------------------------------


def lapse_promises(now: datetime, batch: int = LAPSE_BATCH) -> int:
    """Marks open promises whose time has passed as broken (by the partial index
    promise_open_due_idx); returns how many. Safe when two checks run at once."""
    ids = list(
        Promise.objects.open()
        .filter(promised_for__lt=now)
        .order_by("promised_for")
        .values_list("pk", flat=True)[:batch]
    )
    return sum(lapse(promise_id, now) for promise_id in ids)


def lapse(promise_id: int, now: datetime) -> bool:
    """Breaks one promise whose time passed, with its timeline line, exactly once.

    The row is locked SKIP LOCKED and re-checked: a second check running at the same moment
    skips it, or finds it settled, and does nothing.
    """
    with transaction.atomic():
        promise = (
            Promise.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("ticket")
            .filter(pk=promise_id, state=PromiseState.OPEN, promised_for__lt=now)
            .first()
        )
        if promise is None:
            return False
        if promise.ticket.status in (Status.CANCELLED, Status.CLOSED):
            # Closed some other way (a duplicate): nothing was owed any more.
            return bool(_withdraw(Promise.objects.filter(pk=promise.pk), now))
        promise.state, promise.settled_at = PromiseState.BROKEN, promise.promised_for
        promise.save(update_fields=["state", "settled_at"])
        TimelineEntry.objects.create(
            ticket=promise.ticket,
            kind=EntryKind.SLA,  # "Inservice noted a service level": the team's own record
            actor=None,
            created_at=now,
            is_internal=True,
            body=_("The promised time passed: %(step)s by %(when)s. Renegotiate it with a reason.")
            % {
                "step": _step_words(promise.step),
                "when": _when(promise.promised_for, UTC),
            },
            data={"promise": promise.pk, "state": PromiseState.BROKEN.value},
        )
        return True


# -- what the pages, emails and API read ---------------------------------------------------------


def standing_promise(ticket: Ticket) -> Promise | None:
    """The promise shown on the request page: the latest, while open or lapsed unreplaced."""
    latest = (
        Promise.objects.filter(ticket=ticket)
        .select_related("made_by")
        .order_by("-made_at", "-pk")
        .first()
    )
    if latest is not None and (latest.state == PromiseState.OPEN or _lapsed(latest)):
        return latest
    return None


def promise_email(entry: TimelineEntry) -> dict[str, object]:
    """For the email of an acknowledgment or a renegotiation: the promise it announced (each
    reader sees its times in their own zone) and the agent's message, rendered."""
    promise_id = entry.datum("promise") if entry.kind == EntryKind.PROMISE else None
    if not isinstance(promise_id, int):
        return {}
    promise = Promise.objects.select_related("replaces").filter(pk=promise_id).first()
    if promise is None:
        return {}
    message = render_markdown(promise.message) if promise.message else ""
    return {"promise": promise, "promise_message_html": message}


def back_at(ticket: Ticket) -> datetime | None:
    """When the team is back, for a request asked outside its working hours (else None)."""
    return (
        RequestSla.objects.filter(ticket=ticket, opened_outside_hours=True)
        .values_list("back_at", flat=True)
        .first()
    )


@dataclass(frozen=True)
class Suggestion:
    promised_for: datetime
    step: str


def suggest(ticket: Ticket, now: datetime) -> Suggestion:
    """The time the acknowledge form offers: the first-response or resolution target, whichever
    is due next, else the next working moment plus the service's resolution target."""
    due = (
        Clock.objects.filter(
            ticket=ticket,
            state=ClockState.RUNNING,
            target__in=(Target.FIRST_RESPONSE, Target.RESOLUTION),
            due_at__gt=now,
        )
        .order_by("due_at")
        .only("target", "due_at")
        .first()
    )
    if due is not None and due.due_at is not None:
        step = PromiseStep.RESOLUTION if due.target == Target.RESOLUTION else PromiseStep.UPDATE
        return Suggestion(_whole_minute(due.due_at), step)
    minutes = ticket.service.resolution_target_minutes
    table = business.for_team(ticket.team)
    moment = table.add(table.next_working_moment(now), minutes or DEFAULT_MINUTES)
    step = PromiseStep.RESOLUTION if minutes else PromiseStep.UPDATE
    return Suggestion(_whole_minute(moment), step)


def _whole_minute(moment: datetime) -> datetime:
    """Rounded up: the form's time field has no seconds, and rounding down could be in the past."""
    rounded = moment.replace(second=0, microsecond=0)
    return rounded if rounded == moment else rounded + timedelta(minutes=1)


# -- the promise-kept measure ---------------------------------------------------------------------


@dataclass(frozen=True)
class PromiseRecord:
    """Promises settled over a period: kept / (kept + broken); renegotiated in time apart."""

    kept: int = 0
    broken: int = 0
    renegotiated: int = 0

    @property
    def settled(self) -> int:
        return self.kept + self.broken

    @property
    def rate(self) -> float | None:
        """The share of promises kept, or None when none was kept or broken."""
        return self.kept / self.settled if self.settled else None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)


_COUNTS = {
    "kept": Count("pk", filter=Q(state=PromiseState.KEPT)),
    "broken": Count("pk", filter=Q(state=PromiseState.BROKEN)),
    "renegotiated": Count("pk", filter=Q(state=PromiseState.RENEGOTIATED)),
}


def promise_record(
    since: datetime,
    until: datetime,
    *,
    team: Team | int | None = None,
    person: Person | int | None = None,
) -> PromiseRecord:
    """The promises of a team and/or a person settled in [since, until), in one query."""
    promises = Promise.objects.filter(settled_at__gte=since, settled_at__lt=until)
    if team is not None:
        promises = promises.filter(team=team)
    if person is not None:
        promises = promises.filter(made_by=person)
    return PromiseRecord(**promises.aggregate(**_COUNTS))


def promise_records_by_person(
    team: Team | int, since: datetime, until: datetime
) -> dict[int, PromiseRecord]:
    """Each member's promises for the team settled in [since, until), in one query."""
    rows = (
        Promise.objects.filter(team=team, settled_at__gte=since, settled_at__lt=until)
        .values("made_by")
        .annotate(
            kept=_COUNTS["kept"], broken=_COUNTS["broken"], renegotiated=_COUNTS["renegotiated"]
        )
        .order_by()
    )
    return {
        int(row["made_by"]): PromiseRecord(
            kept=row["kept"], broken=row["broken"], renegotiated=row["renegotiated"]
        )
        for row in rows
    }


# -- words ----------------------------------------------------------------------------------------


def _entry(
    ticket: Ticket,
    actor: Person,
    now: datetime,
    promise: Promise,
    body: str,
    was: Promise | None = None,
) -> TimelineEntry:
    data: dict[str, object] = {
        "promise": promise.pk,
        "step": promise.step,
        "promised_for": promise.promised_for.isoformat(),
    }
    if was is not None:
        data.update(was=was.promised_for.isoformat(), was_state=was.state)
    return TimelineEntry.objects.create(
        ticket=ticket, kind=EntryKind.PROMISE, actor=actor, created_at=now, body=body, data=data
    )


def _acknowledged_text(ticket: Ticket, promise: Promise) -> str:
    # A timeline body is one text for every reader: the time is written in the requester's zone,
    # with the zone named (the page and the emails show it in each reader's own zone).
    zone = zone_or_utc(ticket.requester.time_zone)
    line = _("We will get back to you by %(when)s with %(step)s.") % {
        "when": _when(promise.promised_for, zone),
        "step": _step_words(promise.step),
    }
    return f"{line}\n\n{promise.message}" if promise.message else line


def _changed_text(ticket: Ticket, was: Promise, promise: Promise) -> str:
    zone = zone_or_utc(ticket.requester.time_zone)
    line = _("New time: we will get back to you by %(when)s with %(step)s (we said %(was)s).") % {
        "when": _when(promise.promised_for, zone),
        "step": _step_words(promise.step),
        "was": _when(was.promised_for, zone),
    }
    return f"{line}\n\n{_('Why')}: {promise.reason}"


def _step_words(step: str) -> str:
    return _("the resolution") if step == PromiseStep.RESOLUTION else _("an update")


def _when(moment: datetime, zone: tzinfo) -> str:
    return formats.date_format(moment.astimezone(zone), "D j M Y, H:i T")
