"""Who may see and run a team's internal NPS campaigns.

A team's leads run its campaigns and read everything about them: scores, the breakdown by
requesting department, the reasons given (with names in a named campaign) and the CSV.
The team's members read the scores (overall, by department, the trend) but not the reasons:
a reason is written to the people who run the team. Administrators read and run everything. An
invited person reaches the campaign's answer page and nothing else. Anyone else gets 404, as
for a campaign that does not exist. Every figure, for everyone, still obeys the anonymity rules
(nps_results).
"""

from __future__ import annotations

from django.http import Http404

from inservice.feedback.models.surveys import Participation, Survey
from inservice.lib.queries import unique
from inservice.org.models import Person, Team
from inservice.org.permissions import get_team, is_lead, is_member


def can_run_campaigns(person: Person, team: Team | int) -> bool:
    return person.is_superuser or is_lead(person, team)


def can_see_scores(person: Person, team: Team | int) -> bool:
    return person.is_superuser or is_member(person, team)


def can_read_reasons(person: Person, team: Team | int) -> bool:
    """The reasons, the named respondents and the CSV: the people who run the campaigns."""
    return can_run_campaigns(person, team)


def get_team_for_nps(person: Person, slug: str) -> Team:
    """A team whose campaigns the person may see (a member, a lead, an administrator), or 404."""
    team = get_team(slug)
    if not can_see_scores(person, team):
        raise Http404
    return team


def get_team_to_run(person: Person, slug: str) -> Team:
    """A team the person may run a campaign for, or 404."""
    team = get_team(slug)
    if not can_run_campaigns(person, team):
        raise Http404
    return team


def get_any_campaign(survey_id: int) -> Survey:
    """An NPS campaign with its team, whoever asks, or 404 (for fetchers and tasks)."""
    found = unique(Survey.objects.nps().select_related("owner").filter(pk=survey_id))
    if found is None:
        raise Http404
    return found


def get_campaign(person: Person, survey_id: int) -> Survey:
    """A campaign whose scores the person may see, or 404."""
    survey = get_any_campaign(survey_id)
    if not can_see_scores(person, survey.owner_id):
        raise Http404
    return survey


def get_campaign_to_manage(person: Person, survey_id: int) -> Survey:
    """A campaign the person runs (a lead of its team, an administrator), or 404."""
    survey = get_any_campaign(survey_id)
    if not can_run_campaigns(person, survey.owner_id):
        raise Http404
    return survey


def is_invited(person: Person, survey: Survey) -> bool:
    return Participation.objects.filter(survey=survey, person=person).exists()


def get_campaign_to_answer(person: Person, survey_id: int) -> Survey:
    """A campaign the person was invited to, or one of their team's (whose leads may look at
    the question as it is asked; the engine refuses their answers), or 404."""
    survey = get_any_campaign(survey_id)
    if not (can_see_scores(person, survey.owner_id) or is_invited(person, survey)):
        raise Http404
    return survey
