"""Internal NPS campaigns over the API: a team's campaigns and trend, one campaign's results,
a new campaign, an invited person's answer.

The same rules as the pages: who sees what is permissions_nps (404 for anyone else), every
figure obeys the anonymity rules of nps_results (a hidden figure is null, with `results`
saying why), and refusals are 422s naming the field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from inservice.feedback import nps_results
from inservice.feedback.anonymity import DEFAULT_MIN_GROUP
from inservice.feedback.models.surveys import Survey
from inservice.feedback.nps_score import SCALE_MAX, SCALE_MIN, NpsScore
from inservice.feedback.permissions_nps import (
    can_read_reasons,
    get_campaign,
    get_campaign_to_answer,
    get_team_for_nps,
)
from inservice.feedback.services import nps
from inservice.feedback.services.surveys import MAX_TEXT_ANSWER
from inservice.lib.api import problem, service_call, unprocessable
from inservice.lib.api_dates import Day
from inservice.lib.queries import unique
from inservice.lib.timezones import zone_or_utc
from inservice.org.api_auth import caller
from inservice.org.models import Person, Team
from inservice.org.schemas import PersonRef, TeamRef
from inservice.tickets.schemas import StrictIn

router = Router(tags=["nps"])


class ScoreOut(Schema):
    score: int | None = Field(description="% promoters minus % detractors, -100 to +100.")
    promoters: int
    passives: int
    detractors: int
    answers: int


class CampaignOut(Schema):
    id: int
    title: str
    state: str
    anonymous: bool
    period_start: date | None
    period_end: date | None
    opens_on: date
    closes_on: date
    sample_size: int | None
    invited: int
    min_group: int
    results: str = Field(
        description="shown, not_open, released_at_close (anonymous, while open), "
        "too_few_answers (anonymous, below min_group) or no_answers."
    )
    score: ScoreOut | None


class TrendOut(Schema):
    id: int
    title: str
    closes_on: date
    results: str
    score: int | None
    answers: int | None


class TeamNpsOut(Schema):
    team: TeamRef
    campaigns: list[CampaignOut]
    trend: list[TrendOut]


class DepartmentOut(Schema):
    department: TeamRef | None = Field(description="null: people in no department.")
    score: ScoreOut


class ReasonOut(Schema):
    text: str
    tone: str = Field(description="Named campaigns: positive, neutral or negative.")
    department: str | None = Field(description="Named campaigns only.")
    person: PersonRef | None = Field(description="Named campaigns only.")
    score: int | None = Field(description="Named campaigns only.")


class TonesOut(Schema):
    positive: int
    neutral: int
    negative: int


class CampaignDetail(CampaignOut):
    team: TeamRef
    departments: list[DepartmentOut]
    other_departments: ScoreOut | None = Field(
        description="Anonymous campaigns: the departments too small to show, together."
    )
    reasons: list[ReasonOut] | None = Field(
        description="The team's leads only; null when hidden (fewer reasons than min_group)."
    )
    tones: TonesOut | None


class CampaignIn(StrictIn):
    team: str = Field(description="The slug of the team asked about.")
    title: str = Field("", max_length=200, description="Empty: the team and the period.")
    period_start: Day = Field(description="Requests made from this day (YYYY-MM-DD)...")
    period_end: Day = Field(description="... to this day, included.")
    sample_size: int = Field(description="At most this many people are asked.")
    anonymous: bool = True
    min_group: int = Field(DEFAULT_MIN_GROUP, description="Anonymous: the smallest group shown.")
    opens_on: Day
    closes_on: Day


class AnswerIn(StrictIn):
    score: int = Field(ge=SCALE_MIN, le=SCALE_MAX, description="0 (not at all) to 10.")
    reason: str = Field("", max_length=MAX_TEXT_ANSWER, description="The main reason.")


class AnsweredOut(Schema):
    campaign: int
    anonymous: bool


def _score(score: NpsScore | None) -> dict[str, Any] | None:
    if score is None:
        return None
    return {
        "score": score.score,
        "promoters": score.promoters,
        "passives": score.passives,
        "detractors": score.detractors,
        "answers": score.answers,
    }


def _campaign(survey: Survey, score: NpsScore | None) -> dict[str, Any]:
    return {
        "id": survey.pk,
        "title": survey.title,
        "state": survey.state,
        "anonymous": survey.anonymous,
        "period_start": survey.period_start,
        "period_end": survey.period_end,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "sample_size": survey.sample_size,
        "invited": survey.invited,
        "min_group": survey.min_group,
        "results": nps_results.status_of(survey, score),
        "score": _score(score),
    }


def _today(person: Person) -> date:
    return timezone.now().astimezone(zone_or_utc(person.time_zone)).date()


@router.get("/teams/{slug}/nps", response=TeamNpsOut, summary="A team's NPS campaigns and trend")
def team_nps(request: HttpRequest, slug: str) -> dict[str, Any]:
    """The team's campaigns, newest first (at most 100), and the trend over its closed ones in
    order of closing. For the team's members and leads, and administrators."""
    team = get_team_for_nps(caller(request), slug)
    campaigns = nps_results.campaigns_of(team)
    scores = nps_results.scores_of(campaigns)
    points = nps_results.trend(team, campaigns)
    return {
        "team": team,
        "campaigns": [_campaign(s, scores[s.pk]) for s in campaigns],
        "trend": [
            {
                "id": p.survey.pk,
                "title": p.survey.title,
                "closes_on": p.survey.closes_on,
                "results": p.status,
                "score": p.score.score if p.score else None,
                "answers": p.score.answers if p.score else None,
            }
            for p in points
        ],
    }


@router.get("/nps/{campaign_id}", response=CampaignDetail, summary="One NPS campaign's results")
def campaign_detail(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    """The score, the breakdown by requesting department and (for the team's leads) the
    reasons, as far as the anonymity rules allow."""
    person = caller(request)
    survey = get_campaign(person, campaign_id)
    readers = can_read_reasons(person, survey.owner_id)
    found = nps_results.campaign_results(survey, with_reasons=readers)
    slugs = dict(
        Team.objects.filter(pk__in=[g.department_id for g in found.groups if g.department_id])
        .order_by()
        .values_list("pk", "slug")
    )
    body = _campaign(survey, found.score)
    body.update(
        {
            "team": survey.owner,
            "departments": [
                {
                    "department": (
                        {"slug": slugs[g.department_id], "name": g.name}
                        if g.department_id is not None
                        else None
                    ),
                    "score": _score(g.score),
                }
                for g in found.groups
            ],
            "other_departments": _score(found.other),
            "reasons": (
                [
                    {
                        "text": r.text,
                        "tone": r.tone,
                        "department": r.department or None,
                        "person": {"id": r.person_id, "name": r.person} if r.person_id else None,
                        "score": r.score,
                    }
                    for r in found.reasons
                ]
                if found.reasons is not None
                else None
            ),
            "tones": found.tones,
        }
    )
    return body


@router.post("/nps", response={201: CampaignOut}, summary="Create an NPS campaign")
def create_campaign(request: HttpRequest, payload: CampaignIn) -> Status[dict[str, Any]]:
    """A campaign about a team you lead: its requesters in the period are sampled when it opens
    (today's is opened at once). Refusals are 422s naming the field."""
    person = caller(request)
    team = unique(Team.objects.filter(slug=payload.team))
    if team is None:
        raise unprocessable(
            [problem(("body", "team"), _("No team has this slug."), "unknown_team")]
        )
    with service_call():
        survey = nps.create_campaign(
            person,
            team,
            title=payload.title,
            period_start=payload.period_start,
            period_end=payload.period_end,
            sample_size=payload.sample_size,
            anonymous=payload.anonymous,
            opens_on=payload.opens_on,
            closes_on=payload.closes_on,
            today=_today(person),
            min_group=payload.min_group,
        )
    return Status(201, _campaign(survey, None))


@router.post(
    "/nps/{campaign_id}/responses",
    response={201: AnsweredOut},
    summary="Answer an NPS campaign you were asked",
)
def answer(request: HttpRequest, campaign_id: int, payload: AnswerIn) -> Status[dict[str, Any]]:
    """Your score (0-10) and reason, once. Refused (422) when the campaign is not open, you were
    not asked, or you have answered already (at `campaign_id`)."""
    person = caller(request)
    survey = get_campaign_to_answer(person, campaign_id)
    where = {key: ("body", name) for key, name in nps.field_names(survey).items()}
    where["survey"] = ("path", "campaign_id")
    with service_call(where):
        nps.answer_campaign(person, survey, payload.score, payload.reason)
    return Status(201, {"campaign": survey.pk, "anonymous": survey.anonymous})
