"""Service agreements over the API: the list, and one agreement with both sides measured.

Everyone signed in reads every agreement, as on the pages (decision 0027). The measured period is
whole days in the caller's time zone, `start` to `end` included (the last 90 days by default);
one that makes no sense is a 422 naming `start` or `end`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from inservice.catalog.schemas import ServiceRef
from inservice.lib.api import PageQuery, django_problems, page_or_422, unprocessable
from inservice.lib.timezones import zone_or_utc
from inservice.org.api_auth import caller
from inservice.org.permissions import get_team
from inservice.org.schemas import TeamRef
from inservice.workflows.agreement_measures import Share, choose_period, measure, terms_of
from inservice.workflows.models import Agreement
from inservice.workflows.permissions_agreements import get_agreement

router = Router(tags=["agreements"])


class AgreementOut(Schema):
    id: int
    title: str
    provider: TeamRef
    receiver: TeamRef
    starts_on: date
    review_on: date


class AgreementPage(Schema):
    items: list[AgreementOut]
    next_cursor: str | None


class WorkflowRef(Schema):
    id: int
    name: str


class CommitmentOut(Schema):
    service: ServiceRef
    first_response_minutes: int | None
    resolution_minutes: int | None


class NoticeOut(Schema):
    workflow: WorkflowRef
    notice_days: int


class ShareOut(Schema):
    done: int
    total: int
    percent: int | None


class PromisesOut(Schema):
    kept: int
    broken: int
    renegotiated: int
    percent: int | None


class ProviderSideOut(Schema):
    requests: int
    first_response_in_time: ShareOut
    resolution_in_time: ShareOut
    promises: PromisesOut


class NoticeMeasureOut(Schema):
    workflow: WorkflowRef
    notice_days: int
    runs_with_notice: ShareOut


class ReceiverSideOut(Schema):
    notice_in_time: ShareOut
    notices: list[NoticeMeasureOut]
    complete_on_arrival: ShareOut
    answered: int
    still_waiting: int
    median_answer_minutes: float | None
    answered_in_time: ShareOut | None


class PeriodOut(Schema):
    start: date
    end: date


class AgreementDetail(AgreementOut):
    complete_information: bool
    answer_within_minutes: int | None
    notes: str
    services: list[CommitmentOut]
    notices: list[NoticeOut]
    period: PeriodOut
    provider_side: ProviderSideOut
    receiver_side: ReceiverSideOut


@router.get("/agreements", response=AgreementPage, summary="Service agreements")
def list_agreements(
    request: HttpRequest, paging: Query[PageQuery], team: str = ""
) -> dict[str, Any]:
    """Every agreement by title; `team` (a slug) keeps those the team is part of, either side."""
    caller(request)
    agreements = Agreement.objects.for_list()
    if team:
        agreements = agreements.of_team(get_team(team))
    page = page_or_422(agreements, ["title", "id"], paging.cursor, paging.limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get(
    "/agreements/{agreement_id}",
    response=AgreementDetail,
    summary="One service agreement, both sides measured",
)
def get_agreement_detail(
    request: HttpRequest, agreement_id: int, start: date | None = None, end: date | None = None
) -> dict[str, Any]:
    """Both sides' terms and how they were kept from `start` to `end` (YYYY-MM-DD, both
    included, in your time zone; by default the last 90 days)."""
    person = caller(request)
    agreement = get_agreement(agreement_id)
    try:
        period = choose_period(start, end, timezone.now(), zone_or_utc(person.time_zone))
    except ValidationError as exc:
        raise unprocessable(django_problems(exc, prefix=("query",))) from exc
    terms = terms_of(agreement)
    measured = measure(agreement, terms, period)
    provider, receiver = measured.provider, measured.receiver
    return {
        "id": agreement.pk,
        "title": agreement.title,
        "provider": agreement.provider,
        "receiver": agreement.receiver,
        "starts_on": agreement.starts_on,
        "review_on": agreement.review_on,
        "complete_information": agreement.complete_information,
        "answer_within_minutes": agreement.answer_within_minutes,
        "notes": agreement.notes,
        "services": [
            {
                "service": row.service,
                "first_response_minutes": row.first_response_minutes,
                "resolution_minutes": row.resolution_minutes,
            }
            for row in terms.services
        ],
        "notices": [{"workflow": n.template, "notice_days": n.notice_days} for n in terms.notices],
        "period": {"start": period.first_day, "end": period.last_day},
        "provider_side": {
            "requests": provider.requests,
            "first_response_in_time": _share(provider.first_response),
            "resolution_in_time": _share(provider.resolution),
            "promises": {
                "kept": provider.promises.kept,
                "broken": provider.promises.broken,
                "renegotiated": provider.promises.renegotiated,
                "percent": provider.promises.percent,
            },
        },
        "receiver_side": {
            "notice_in_time": _share(receiver.notice),
            "notices": [
                {
                    "workflow": line.notice.template,
                    "notice_days": line.notice.notice_days,
                    "runs_with_notice": _share(line.runs),
                }
                for line in receiver.notices
            ],
            "complete_on_arrival": _share(receiver.complete),
            "answered": receiver.answered,
            "still_waiting": receiver.still_waiting,
            "median_answer_minutes": receiver.median_answer_minutes,
            "answered_in_time": (
                _share(receiver.answered_in_time) if receiver.answered_in_time else None
            ),
        },
    }


def _share(share: Share) -> dict[str, Any]:
    return {"done": share.done, "total": share.total, "percent": share.percent}
