"""NPS pages that read: a team's campaigns and trend, its block on the team's page, one
campaign's results and their CSV. Every figure comes from nps_results, which applies the
anonymity rules; who sees what is permissions_nps (404 for anyone else)."""

from __future__ import annotations

import csv
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from inservice.feedback import nps_results
from inservice.feedback.models.surveys import Survey, SurveyState
from inservice.feedback.nps_score import NpsScore
from inservice.feedback.permissions_nps import (
    can_read_reasons,
    can_run_campaigns,
    get_campaign,
    get_campaign_to_manage,
    get_team_for_nps,
)
from inservice.lib.requests import person_of


@require_GET
def team_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The team's campaigns, newest first, and its trend over the closed ones."""
    person = person_of(request)
    team = get_team_for_nps(person, slug)
    campaigns = nps_results.campaigns_of(team)
    scores = nps_results.scores_of(campaigns)
    points = nps_results.trend(team, campaigns)
    context = {
        "team": team,
        "rows": [
            (survey, scores[survey.pk], nps_results.status_of(survey, scores[survey.pk]))
            for survey in campaigns
        ],
        "points": points,
        "trend_line": nps_results.trend_line(points),
        "can_run": can_run_campaigns(person, team),
        "today": timezone.localdate(),
    }
    return render(request, "feedback/nps/team.html", context)


@require_GET
def team_block(request: HttpRequest, slug: str) -> HttpResponse:
    """The block on the team's page (loaded after it): the last closed campaign's score and the
    trend as text."""
    person = person_of(request)
    team = get_team_for_nps(person, slug)
    points = nps_results.trend(team)
    context = {
        "team": team,
        "last": nps_results.last_closed(points),
        "points": points,
        "trend_line": nps_results.trend_line(points),
    }
    return render(request, "feedback/nps/block.html", context)


@require_GET
def campaign_page(request: HttpRequest, survey_id: int) -> HttpResponse:
    """A campaign's results: score, promoters, passives and detractors, by requesting
    department, and (for the team's leads) the reasons and their tone."""
    person = person_of(request)
    survey = get_campaign(person, survey_id)
    readers = can_read_reasons(person, survey.owner_id)
    found = nps_results.campaign_results(survey, with_reasons=readers)
    context: dict[str, Any] = {
        "survey": survey,
        "team": survey.owner,
        "results": found,
        "can_read_reasons": readers,
        "can_close": readers and survey.state == SurveyState.OPEN,
    }
    return render(request, "feedback/nps/campaign.html", context)


# -- the CSV --------------------------------------------------------------------------------

COLUMNS = (
    "section",
    "department",
    "person",
    "answers",
    "score",
    "promoters",
    "passives",
    "detractors",
    "tone",
    "text",
)


@require_GET
def campaign_csv(request: HttpRequest, survey_id: int) -> HttpResponse:
    """The campaign's results as CSV, for the team's leads: the same figures as the page, under
    the same rules (nothing an anonymous campaign's page would hide)."""
    person = person_of(request)
    survey = get_campaign_to_manage(person, survey_id)
    found = nps_results.campaign_results(survey, with_reasons=True)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="nps-{survey.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(COLUMNS)
    for row in csv_rows(survey, found):
        writer.writerow([_cell(value) for value in row])
    return response


def csv_rows(survey: Survey, found: nps_results.CampaignResults) -> list[list[object]]:
    if not found.released:
        return [["note", "", "", "", "", "", "", "", "", _released_at_close(survey)]]
    if found.score is None:
        return [["note", "", "", "", "", "", "", "", "", _("Too few answers to show.")]]
    rows = [_score_row("overall", _("All departments"), found.score)]
    rows += [_score_row("department", group.name, group.score) for group in found.groups]
    if found.other is not None:
        rows.append(_score_row("department", _("Other departments"), found.other))
    if found.reasons is None:
        rows.append(["note", "", "", "", "", "", "", "", "", _("Too few reasons to show.")])
        return rows
    for reason in found.reasons:
        score = "" if reason.score is None else reason.score
        rows.append(
            [
                "reason",
                reason.department,
                reason.person,
                "",
                score,
                "",
                "",
                "",
                reason.tone,
                reason.text,
            ]
        )
    return rows


def _score_row(section: str, name: str, score: NpsScore) -> list[object]:
    return [
        section,
        name,
        "",
        score.answers,
        score.score,
        score.promoters,
        score.passives,
        score.detractors,
        "",
        "",
    ]


def _released_at_close(survey: Survey) -> str:
    return _("Results are released when the campaign closes, on %(date)s.") % {
        "date": survey.closes_on.isoformat()
    }


def _cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula (=, +, -, @ first) is quoted with a
    leading apostrophe: reasons and names are people's words, never formulas."""
    risky = isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r")
    if risky and not str(value).lstrip("+-").isdigit():
        return "'" + str(value)
    return value
