"""What one reporting day's people said and did beyond the requests themselves: ratings,
promises settled, kudos, suggestions and NPS reasons. One query each, through an index that
starts with a team and the time (the day's `team_ids`: every team, so the index is used)."""

from __future__ import annotations

from inservice.feedback.models.csat import Rating
from inservice.feedback.models.suggestions import Suggestion
from inservice.feedback.models.surveys import Answer, QuestionKind, SurveyKind, SurveyState
from inservice.insights.rollup.reading import Window
from inservice.kudos.models import Kudos, Recipient
from inservice.sla.models import Promise


def ratings(
    window: Window, team_ids: list[int]
) -> list[tuple[int, int, int | None, str, int | None]]:
    """(team, service, score, comment tone, requester's team) of the ratings given for the
    requests first resolved on the day (asked then; given up to their expiry)."""
    rows = Rating.objects.filter(
        team_id__in=team_ids,
        asked_at__gte=window.start,
        asked_at__lt=window.until,
        score__isnull=False,
    ).values_list("team_id", "service_id", "score", "tone", "ticket__requester__team_id")
    return list(rows.order_by())


def promises(window: Window, team_ids: list[int]) -> list[tuple[int, int, str]]:
    """(team, who made it, state) of the promises settled on the day (decision 0024)."""
    rows = Promise.objects.filter(
        team_id__in=team_ids, settled_at__gte=window.start, settled_at__lt=window.until
    ).values_list("team_id", "made_by_id", "state")
    return list(rows.order_by())


def kudos_received(window: Window, team_ids: list[int]) -> list[tuple[int, int, bool]]:
    """(home team, kudos, across teams) of each recipient of a shown kudos given on the day."""
    rows = (
        Recipient.objects.shown()
        .filter(home_team_id__in=team_ids)
        .between(window.start, window.until)
        .values_list("home_team_id", "kudos_id", "cross_team")
    )
    return list(rows.order_by())


def kudos_given(window: Window, team_ids: list[int]) -> list[tuple[int, bool]]:
    """(giver's team, across teams) of each shown kudos given on the day."""
    rows = (
        Kudos.objects.shown()
        .filter(giver_team_id__in=team_ids)
        .between(window.start, window.until)
        .values_list("giver_team_id", "cross_team")
    )
    return list(rows.order_by())


def suggestions(window: Window) -> list[tuple[int, bool, str]]:
    """(team, anonymous, tone) of the scored suggestions made to a team on the day that have
    reached it (an anonymous one at the end of its day)."""
    rows = (
        Suggestion.objects.reached(window.now)
        .filter(team__isnull=False, created_at__gte=window.start, created_at__lt=window.until)
        .exclude(tone="")
        .values_list("team_id", "anonymous", "tone")
    )
    return list(rows.order_by())


def nps_reasons(window: Window) -> list[tuple[int, bool, str]]:
    """(owning team, anonymous, tone) of the scored reasons of the NPS campaigns that closed on
    the day (their answers are released at close, all at once)."""
    rows = (
        Answer.objects.filter(
            question__survey__kind=SurveyKind.NPS,
            question__survey__state=SurveyState.CLOSED,
            question__survey__closes_on=window.day,
            question__kind=QuestionKind.TEXT,
        )
        .exclude(text="")
        .exclude(tone="")
        .values_list("question__survey__owner_id", "question__survey__anonymous", "tone")
    )
    return list(rows.order_by())
