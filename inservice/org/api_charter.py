"""The vision and the teams' charters over the API (decision 0036): everyone with a token reads
them; a team's leads and administrators write its charter with a read and write token.

`GET /vision` and `GET /teams/{slug}/charter` answer 404 when there is none (yet). `PUT
/teams/{slug}/charter` writes it whole: 201 when it is the team's first, 200 after; refusals are
422s naming the field, someone else's team a 403."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Router, Status

from inservice.lib.api import service_call
from inservice.lib.markdown import render_markdown
from inservice.org import services_charter
from inservice.org.api_auth import caller
from inservice.org.charters import CharterView, charter_view, get_vision
from inservice.org.models import Team
from inservice.org.permissions import get_team
from inservice.org.schemas_charter import CharterIn, CharterOut, VisionOut

router = Router(tags=["vision and charters"])


@router.get("/vision", response=VisionOut, summary="The organisation's service vision")
def get_the_vision(request: HttpRequest) -> dict[str, Any]:
    found = get_vision()
    if found is None:
        raise Http404
    return {
        "statement": found.statement,
        "text": found.text,
        "text_html": str(render_markdown(found.text)),
        "updated_at": found.updated_at,
        "updated_by": found.updated_by,
        "version": found.version,
    }


def _charter(view: CharterView) -> dict[str, Any]:
    charter, week = view.charter, view.week
    if charter is None or week is None:
        raise Http404
    return {
        "team": view.team,
        "mission": charter.mission,
        "hours": charter.hours,
        "working_week": {
            "calendar": week.name,
            "time_zone": week.time_zone,
            "hours": week.lines,
            "public_holidays": week.holidays,
        },
        "reach": charter.reach,
        "reach_html": str(view.reach_html),
        "commitments": charter.commitments,
        "commitments_html": str(view.commitments_html),
        "services": view.services,
        "agreements": [
            {
                "id": a.pk,
                "title": a.title,
                "provider": a.provider,
                "receiver": a.receiver,
                "url": reverse("workflows:agreement_detail", args=[a.pk]),
            }
            for a in view.agreements
        ],
        "updated_at": charter.updated_at,
        "updated_by": charter.updated_by,
        "version": charter.version,
    }


@router.get("/teams/{slug}/charter", response=CharterOut, summary="A team's charter")
def get_charter(request: HttpRequest, slug: str) -> dict[str, Any]:
    """The charter with what is live beside it: the team's services offered to you, its working
    calendar and the agreements it is part of."""
    return _charter(charter_view(get_team(slug), caller(request)))


@router.put(
    "/teams/{slug}/charter",
    response={200: CharterOut, 201: CharterOut},
    summary="Write a team's charter (its leads)",
)
def put_charter(request: HttpRequest, slug: str, payload: CharterIn) -> Status[dict[str, Any]]:
    """The whole charter: mission (required), hours, how to reach the team, commitments."""
    person = caller(request)
    team: Team = get_team(slug)
    draft = services_charter.CharterDraft(
        mission=payload.mission,
        hours=payload.hours,
        reach=payload.reach,
        commitments=payload.commitments,
    )
    with service_call():
        saved = services_charter.save_charter(person, team, draft, version=payload.version)
    return Status(201 if saved.version == 1 else 200, _charter(charter_view(team, person)))
