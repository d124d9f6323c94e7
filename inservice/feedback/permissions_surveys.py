"""Who may see and run surveys (decision 0029). Fetchers answer 404 for what a person may not see.

- The leads of the owning team run a survey: they build it while it is a draft, open or close it,
  and read its results; administrators may do all of it for every survey. Nobody else learns a
  survey exists, except the people asked to answer it.
- The people asked (a `Participation`) see the answer page, and nothing of anyone else's answers.
"""

from __future__ import annotations

from django.http import Http404

from inservice.feedback.models.surveys import Participation, Survey, SurveyQuerySet
from inservice.lib.queries import unique
from inservice.org.models import Person, Team


def can_run_survey(person: Person, owner: Team | int) -> bool:
    """Leads of the owning team and administrators build, open, close and read a survey."""
    owner_id = owner if isinstance(owner, int) else owner.pk
    return person.is_superuser or owner_id in person.lead_team_ids()


def surveys_run_by(person: Person) -> SurveyQuerySet:
    """The pulse surveys the person runs: their teams' (every one, for an administrator)."""
    surveys = Survey.objects.pulse()
    if person.is_superuser:
        return surveys
    return surveys.filter(owner_id__in=person.lead_team_ids())


def teams_to_run(person: Person) -> list[Team]:
    """The teams a person may run a survey for: those they lead (every team, for an
    administrator), by name."""
    if person.is_superuser:
        return list(Team.objects.order_by("name"))
    return list(Team.objects.filter(pk__in=person.lead_team_ids()).order_by("name"))


def get_survey_to_run(person: Person, survey_id: int) -> Survey:
    """A pulse survey the person runs, with its owning team, or 404."""
    survey = unique(
        Survey.objects.pulse().select_related("owner", "created_by").filter(pk=survey_id)
    )
    if survey is None or not can_run_survey(person, survey.owner_id):
        raise Http404("No such survey.")
    return survey


def get_survey_to_answer(person: Person, survey_id: int) -> tuple[Survey, Participation]:
    """A survey (pulse or NPS) the person was asked to answer, with their participation, or 404:
    nobody else learns it exists."""
    participation = unique(
        Participation.objects.select_related("survey__owner").filter(
            survey_id=survey_id, person=person
        )
    )
    if participation is None:
        raise Http404("No such survey.")
    return participation.survey, participation
