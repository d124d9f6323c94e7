"""What a health check shows beside its scorecard (decision 0038): feedback highlights, kudos,
suggestion outcomes and training, for a team (a department: its teams too) over a quarter.
Reads only; a fixed number of queries whatever the data.

Everything here is shown to everyone who reads the check (the team's members, its
department's leads, administrators), so it holds only what those readers may already read,
under the feedback app's anonymity rules:
- rating comments are named to the team, which reads them on its ratings page; the check
  shows a few of the most positive and most critical, without the requester's name, and never
  those of confidential requests (which stay with the team's own members);
- anonymous suggestions are quoted (titles only, in random order) only when at least the
  minimum group of them came in the quarter (feedback.anonymity.may_show);
- NPS reasons are not shown: they are written to the people who run the campaigns;
- kudos and answered suggestions ("you said, we did") are public already.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, F, QuerySet
from django.utils import timezone

from inservice.feedback.anonymity import DEFAULT_MIN_GROUP, may_show, shuffled
from inservice.feedback.models.csat import Rating
from inservice.feedback.models.suggestions import Suggestion, SuggestionStatus
from inservice.insights.figures.base import Figure
from inservice.insights.periods import Period, local_day
from inservice.kudos.models import Kudos
from inservice.org.models import Team

FEW = 3  # comments of each kind, kudos messages, anonymous titles
SAID_AND_DONE = 5
MAX_QUOTE = 400  # characters of a quoted text; the rest is on its own page
ANONYMOUS_READ = 50  # anonymous titles read to shuffle from
READ_MORE = 5  # comments read per one shown, to skip repeats


def gather(team: Team, quarter: Period, training: Figure) -> dict[str, Any]:
    """The highlights of the snapshot: its "feedback", "kudos", "suggestions" and "training"."""
    ids = [team.pk, *Team.objects.filter(parent=team).values_list("pk", flat=True)]
    start, end = quarter.starts_at, quarter.ends_before
    return {
        "feedback": _feedback(ids, start, end),
        "kudos": {"messages": _kudos(ids, start, end)},
        "suggestions": _suggestions(ids, start, end),
        "training": _training(training),
    }


def quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1].rstrip() + "…"


def _feedback(ids: list[int], start: datetime, end: datetime) -> dict[str, Any]:
    ratings = (
        Rating.objects.with_comment()
        .filter(team_id__in=ids, rated_at__gte=start, rated_at__lt=end)
        .exclude(ticket__is_confidential=True)
    )
    positive = ratings.filter(score__gte=4).order_by(
        "-score", F("tone_score").desc(nulls_last=True), "-rated_at", "-pk"
    )
    critical = ratings.filter(score__lte=3).order_by(
        "score", F("tone_score").asc(nulls_last=True), "-rated_at", "-pk"
    )
    anonymous = Suggestion.objects.filter(team_id__in=ids, anonymous=True).received_between(
        start, end
    )
    count = anonymous.count()
    titles: list[str] = []
    if may_show(count, DEFAULT_MIN_GROUP):
        read = list(anonymous.values_list("title", flat=True)[:ANONYMOUS_READ])
        titles = [quote(t) for t in shuffled(read)[:FEW]]
    return {
        "positive": _comments(positive),
        "critical": _comments(critical),
        "anonymous": {"count": count, "minimum": DEFAULT_MIN_GROUP, "titles": titles},
    }


def _comments(ratings: QuerySet[Rating]) -> list[dict[str, Any]]:
    """The first few different comments: the same words twice say nothing more."""
    rows = ratings.values_list("score", "comment", "service__name", "rated_at")[: FEW * READ_MORE]
    found: dict[str, dict[str, Any]] = {}
    for score, comment, service, at in rows:
        text = quote(comment)
        if text.casefold() not in found and len(found) < FEW:
            found[text.casefold()] = {
                "score": score,
                "text": text,
                "service": service,
                "on": _day(at),
            }
    return list(found.values())


def _kudos(ids: list[int], start: datetime, end: datetime) -> list[dict[str, Any]]:
    found = (
        Kudos.objects.shown()
        .between(start, end)
        .to_teams(ids)
        .newest_first()
        .values_list("giver__name", "message", "created_at")[:FEW]
    )
    return [{"giver": giver, "text": quote(text), "on": _day(at)} for giver, text, at in found]


def _suggestions(ids: list[int], start: datetime, end: datetime) -> dict[str, Any]:
    received = Suggestion.objects.filter(team_id__in=ids).received_between(start, end)
    # Measured when the check is generated: answered in time, or still waiting past due.
    measures = received.measures(timezone.now()).values()
    by_status = dict(
        received.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    done = (
        Suggestion.objects.filter(
            team_id__in=ids,
            status__in=[SuggestionStatus.DONE, SuggestionStatus.PLANNED],
            last_answered_at__gte=start,
            last_answered_at__lt=end,
        )
        .order_by("-last_answered_at", "-pk")
        .values_list("title", "status", "latest_answer__body")[:SAID_AND_DONE]
    )
    return {
        "received": sum(m.received for m in measures),
        "answered_in_time": sum(m.answered_in_time for m in measures),
        "came_due": sum(m.came_due for m in measures),
        "open_overdue": sum(m.open_overdue for m in measures),
        "by_status": {status: by_status.get(status, 0) for status in SuggestionStatus.values},
        "you_said_we_did": [
            {"title": quote(title), "status": status, "answer": quote(answer or "")}
            for title, status, answer in done
        ],
    }


def _training(figure: Figure) -> dict[str, Any]:
    """The training figure's own table, added up: its teams' assignments due in the quarter."""
    assigned = completed = overdue = 0
    for row in figure.rows:
        assigned += int(row[1] or 0)
        completed += int(row[2] or 0)
        overdue += int(row[3] or 0)
    return {
        "assigned": assigned,
        "completed": completed,
        "overdue": overdue,
        "percent": figure.stats[0].value,
    }


def _day(moment: datetime | None) -> str:
    return local_day(moment).isoformat() if moment else ""
