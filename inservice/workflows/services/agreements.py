"""Two-way service agreements: made, changed and ended whole, checked before anything is written,
and the reminder to both leads before an agreement's review date (decision 0027).

The provider's side is a list of its services with targets that may only be stricter than the
service's own for normal requests; requests from the receiving side start with them
(sla.policies.snapshot). The receiver's side is notice for named workflows, complete information
on arrival and answers within a business time. Every change touches the services concerned
(catalog.services.touch_service), so the targets cached per service version reload at once.
Errors are keyed by where they are (`services.2.resolution_minutes`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from inservice.catalog.models import Service
from inservice.catalog.services import touch_service
from inservice.catalog.targets import business_duration
from inservice.lib.queries import unique
from inservice.notifications import services as notify
from inservice.notifications.choices import Kind
from inservice.org.choices import Role
from inservice.org.models import Person, Team
from inservice.sla import policies
from inservice.tickets.choices import Priority
from inservice.workflows.models import (
    Agreement,
    AgreementNotice,
    AgreementService,
    WorkflowTemplate,
)
from inservice.workflows.permissions_agreements import can_create_agreement, can_edit_agreement

MAX_TITLE = 160  # Agreement.title
MAX_NOTES = 5_000
MAX_MINUTES = 10_000 * 60  # years of business hours: surely a typo (as sla's policies)
MAX_NOTICE_DAYS = 250  # working days, about a year
MAX_ROWS = 100  # services or notices in one agreement
REVIEW_REMINDER_DAYS = 14  # both leads hear this many days before the review date
REMINDER_BATCH = 500


@dataclass(frozen=True)
class Commitment:
    """A service of the provider in the agreement, with its targets in business minutes (None:
    the service's own target applies)."""

    service: Service
    first_response_minutes: int | None = None
    resolution_minutes: int | None = None


@dataclass(frozen=True)
class NoticeTerm:
    """Notice in working days the receiver gives before the anchor date of a workflow's runs."""

    template: WorkflowTemplate
    notice_days: int


@dataclass(frozen=True)
class AgreementDraft:
    title: str
    provider: Team
    receiver: Team
    starts_on: date
    review_on: date
    complete_information: bool = True
    answer_within_minutes: int | None = None
    notes: str = ""
    services: Sequence[Commitment] = ()
    notices: Sequence[NoticeTerm] = ()


Problems = dict[str, list[str]]


def agreement_problems(draft: AgreementDraft) -> Problems:
    """Every problem with a draft, by where it is (empty when it can be saved)."""
    errors: Problems = {}

    def refuse(where: str, message: str) -> None:
        errors.setdefault(where, []).append(message)

    title = draft.title.strip()
    if not title:
        refuse("title", _("Give the agreement a title, e.g. “IT and Sales”."))
    elif len(title) > MAX_TITLE:
        refuse("title", _("Keep the title under %(n)s characters.") % {"n": MAX_TITLE})
    if draft.provider.pk == draft.receiver.pk:
        refuse(
            "receiver",
            _("An agreement is between two sides: choose a receiving team other than %(team)s.")
            % {"team": draft.provider},
        )
    if draft.review_on <= draft.starts_on:
        refuse(
            "review_on",
            _("The review date comes after the agreement starts (%(start)s).")
            % {"start": draft.starts_on.isoformat()},
        )
    minutes = draft.answer_within_minutes
    if minutes is not None and not 0 < minutes <= MAX_MINUTES:
        refuse("answer_within_minutes", _target_problem(minutes))
    if len(draft.notes) > MAX_NOTES:
        refuse("notes", _("Keep the notes under %(n)s characters.") % {"n": MAX_NOTES})
    if len(draft.services) > MAX_ROWS:
        refuse("services", _("At most %(n)s services in one agreement.") % {"n": MAX_ROWS})
    if len(draft.notices) > MAX_ROWS:
        refuse("notices", _("At most %(n)s workflows in one agreement.") % {"n": MAX_ROWS})
    seen: set[int] = set()
    for i, row in enumerate(draft.services):
        for where, message in _commitment_problems(draft.provider, row, seen):
            refuse(f"services.{i}.{where}", message)
        seen.add(row.service.pk)
    named: set[int] = set()
    for i, notice in enumerate(draft.notices):
        if notice.template.pk in named:
            refuse(
                f"notices.{i}.template",
                _("“%(name)s” is named twice.") % {"name": notice.template},
            )
        named.add(notice.template.pk)
        if not 0 < notice.notice_days <= MAX_NOTICE_DAYS:
            refuse(
                f"notices.{i}.notice_days",
                _("Notice is a number of working days from 1 to %(n)s.") % {"n": MAX_NOTICE_DAYS},
            )
    return errors


def _target_problem(minutes: int) -> str:
    if minutes <= 0:
        return _("A time must be longer than zero, or left empty.")
    return _("That is longer than %(hours)s business hours.") % {"hours": MAX_MINUTES // 60}


def _commitment_problems(
    provider: Team, row: Commitment, seen: set[int]
) -> Iterable[tuple[str, str]]:
    service = row.service
    if service.team_id != provider.pk:
        yield (
            "service",
            _("“%(service)s” is not a service of %(team)s.")
            % {"service": service, "team": provider},
        )
        return
    if service.pk in seen:
        yield "service", _("“%(service)s” is listed twice.") % {"service": service}
    # Stricter only: a looser target would change nothing (the request keeps the stricter of
    # the two) and would publish a promise the service does not keep.
    normal = policies.snapshot(service, Priority.NORMAL)
    targets = (
        (
            "first_response_minutes",
            row.first_response_minutes,
            normal["first_response_minutes"],
            _("first response"),
        ),
        (
            "resolution_minutes",
            row.resolution_minutes,
            normal["resolution_minutes"],
            _("resolution"),
        ),
    )
    for field, minutes, own, name in targets:
        if minutes is None:
            continue
        if not 0 < minutes <= MAX_MINUTES:
            yield field, _target_problem(minutes)
            continue
        if own is not None and minutes > own:
            yield (
                field,
                _(
                    "%(service)s already promises a %(target)s within %(own)s for normal "
                    "requests: an agreement can only make it shorter."
                )
                % {"service": service, "target": name, "own": business_duration(own)},
            )
    first, resolution = row.first_response_minutes, row.resolution_minutes
    if first and resolution and 0 < resolution < first:
        yield "resolution_minutes", _("The resolution is sooner than the first response.")


def create_agreement(actor: Person, draft: AgreementDraft) -> Agreement:
    """A new agreement with both sides' terms, made by a lead of the providing team."""
    if not can_create_agreement(actor, draft.provider):
        raise PermissionDenied(
            _("Only a lead of %(team)s can commit it to an agreement.") % {"team": draft.provider}
        )
    errors = agreement_problems(draft)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        agreement = Agreement.objects.create(
            title=draft.title.strip(),
            provider=draft.provider,
            receiver=draft.receiver,
            starts_on=draft.starts_on,
            review_on=draft.review_on,
            complete_information=draft.complete_information,
            answer_within_minutes=draft.answer_within_minutes,
            notes=draft.notes.strip(),
            created_by=actor,
            created_at=now,
            updated_at=now,
        )
        _write_terms(agreement, draft)
        _touch(row.service for row in draft.services)
    return agreement


def update_agreement(actor: Person, agreement: Agreement, draft: AgreementDraft) -> Agreement:
    """Replaces an agreement's terms, as a lead of either side. Its two sides stay the same: a
    different pair of teams is a different agreement."""
    if not can_edit_agreement(actor, agreement):
        raise PermissionDenied(_("Only the leads of the two teams can change this agreement."))
    errors = agreement_problems(draft)
    if draft.provider.pk != agreement.provider_id:
        errors.setdefault("provider", []).append(
            _("An agreement keeps its providing team: end it and make a new one.")
        )
    if draft.receiver.pk != agreement.receiver_id:
        errors.setdefault("receiver", []).append(
            _("An agreement keeps its receiving side: end it and make a new one.")
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        before = list(Service.objects.filter(pk__in=locked.services.values("service_id")))
        if draft.review_on != locked.review_on:
            locked.review_reminded_on = None  # a new review date earns its own reminder
        locked.title = draft.title.strip()
        locked.starts_on = draft.starts_on
        locked.review_on = draft.review_on
        locked.complete_information = draft.complete_information
        locked.answer_within_minutes = draft.answer_within_minutes
        locked.notes = draft.notes.strip()
        locked.updated_at = timezone.now()
        locked.save()
        locked.services.all().delete()
        locked.notices.all().delete()
        _write_terms(locked, draft)
        _touch([*before, *(row.service for row in draft.services)])
    return locked


def end_agreement(actor: Person, agreement: Agreement) -> None:
    """Ends an agreement, as a lead of either side: its terms go, and new requests from the
    receiver start with the services' own targets. Requests already asked keep theirs."""
    if not can_edit_agreement(actor, agreement):
        raise PermissionDenied(_("Only the leads of the two teams can end this agreement."))
    with transaction.atomic():
        committed = list(Service.objects.filter(pk__in=agreement.services.values("service_id")))
        Agreement.objects.filter(pk=agreement.pk).delete()
        _touch(committed)


def _write_terms(agreement: Agreement, draft: AgreementDraft) -> None:
    AgreementService.objects.bulk_create(
        AgreementService(
            agreement=agreement,
            service=row.service,
            first_response_minutes=row.first_response_minutes,
            resolution_minutes=row.resolution_minutes,
        )
        for row in draft.services
    )
    AgreementNotice.objects.bulk_create(
        AgreementNotice(agreement=agreement, template=n.template, notice_days=n.notice_days)
        for n in draft.notices
    )


def _touch(services: Iterable[Service]) -> None:
    """Requests asked from now on read the agreement's targets as they are now."""
    for service in {s.pk: s for s in services}.values():
        touch_service(service)


# -- the review reminder --------------------------------------------------------------------


def reviews_due(today: date) -> list[int]:
    """Agreements whose review date is at most REVIEW_REMINDER_DAYS away (or has passed) and
    whose leads have not been told of it yet."""
    horizon = today + timedelta(days=REVIEW_REMINDER_DAYS)
    due = Agreement.objects.filter(review_reminded_on__isnull=True, review_on__lte=horizon)
    return list(due.order_by("review_on", "pk").values_list("pk", flat=True)[:REMINDER_BATCH])


def remind_review(agreement_id: int, today: date) -> bool:
    """Tells the leads of both teams that the agreement's review comes up, once per review date:
    the row is locked and marked in the same transaction, and each notification is unique per
    person and review date. False when there was nothing (left) to do."""
    horizon = today + timedelta(days=REVIEW_REMINDER_DAYS)
    with transaction.atomic():
        agreement = unique(
            Agreement.objects.select_for_update().filter(
                pk=agreement_id, review_reminded_on__isnull=True, review_on__lte=horizon
            )
        )
        if agreement is None:
            return False
        Agreement.objects.filter(pk=agreement.pk).update(review_reminded_on=today)
        leads = Person.objects.filter(
            is_active=True,
            memberships__team_id__in=(agreement.provider_id, agreement.receiver_id),
            memberships__role=Role.LEAD,
        ).distinct()
        key = f"{Kind.AGREEMENT_REVIEW.value}:{agreement.pk}:{agreement.review_on.isoformat()}"
        notify.notify_people(
            Kind.AGREEMENT_REVIEW,
            leads.order_by("pk"),
            key,
            title=str(agreement),
            link=reverse("workflows:agreement_detail", args=[agreement.pk]),
        )
    return True
