"""The demo's satisfaction ratings: the history's requests resolved in the last 120 days were each
asked (no service has a rule: every request, no cap), and about a third of them answered, mostly
4 and 5, a few low with a follow-up for the team's leads, most of those answered in time.

Written after the history in bulk through services.csat.seed_ratings (as tickets.bulk writes
the requests): a few thousand rows at most, nothing announced.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from inservice.feedback.models.csat import LOW_SCORE, RatingChannel
from inservice.feedback.services import csat
from inservice.org.choices import Role
from inservice.org.models import Membership, Team
from inservice.sla import business
from inservice.tickets.choices import Status
from inservice.tickets.models import Ticket
from inservice.workflows.schedule import add_working_days

Progress = Callable[[str], None]

DAYS = 120
MAX_ROWS = 4_000  # the newest resolutions, if the history resolved more
ANSWERED = 0.35  # of those asked: what requesters usually bother with
SCORES = (1, 2, 3, 4, 5)
SCORE_WEIGHTS = (4, 5, 9, 30, 52)
CHANNELS = (RatingChannel.EMAIL, RatingChannel.APP, RatingChannel.API)
CHANNEL_WEIGHTS = (60, 36, 4)

COMMENTS = {
    1: (
        "Nobody told me anything for days and the problem is still there.",
        "I had to chase three times. Very frustrating.",
        "Closed without fixing it. Please actually read the request.",
    ),
    2: (
        "It took far too long and I had to explain everything twice.",
        "Solved in the end, but only after I escalated it.",
        "The answer did not match what I asked for.",
    ),
    3: (
        "Fine, though it took longer than I hoped.",
        "Okay in the end; an update halfway through would have helped.",
    ),
    4: (
        "Quick and friendly, thanks.",
        "Good service, sorted within the day.",
        "Thanks, works now.",
    ),
    5: (
        "Brilliant, thank you so much for the quick help!",
        "Excellent: clear explanation and fixed straight away.",
        "Great job, really appreciated.",
        "Super fast, thanks a lot!",
    ),
}
COMMENT_ODDS = {1: 0.9, 2: 0.8, 3: 0.5, 4: 0.3, 5: 0.35}
ANSWERS = (
    "I am sorry this took so long. I have looked into it with the team: your request sat in the "
    "wrong queue for two days. We have changed the routing so it does not happen again.",
    "Thank you for telling us. You should have had an update much sooner; I have spoken with "
    "the agent and we now send one every day while a request waits.",
    "Sorry about this. I have reopened the underlying problem and will call you tomorrow to "
    "make sure it is really fixed.",
)


def build_ratings(now: datetime, rng: random.Random, progress: Progress) -> int:
    """Ratings for the requests resolved in the last DAYS days; returns how many were asked."""
    resolved = (
        Ticket.objects.filter(
            status__in=(Status.RESOLVED, Status.CLOSED),
            resolved_at__gte=now - timedelta(days=DAYS),
            resolved_at__lte=now,
            requester__is_active=True,
            rating__isnull=True,
        )
        .order_by("-resolved_at", "-pk")
        .values_list("pk", "requester_id", "team_id", "service_id", "resolved_at")[:MAX_ROWS]
    )
    teams = {t.pk: t for t in Team.objects.select_related("calendar")}
    leads: dict[int, list[int]] = {}
    for team_id, person_id in (
        Membership.objects.filter(role=Role.LEAD)
        .order_by("team_id", "person_id")
        .values_list("team_id", "person_id")
    ):
        leads.setdefault(team_id, []).append(person_id)
    rows = []
    for ticket_id, requester_id, team_id, service_id, resolved_at in resolved:
        assert resolved_at is not None  # filtered above
        rows.append(
            _rating(
                rng, now, ticket_id, requester_id, teams[team_id], service_id, resolved_at, leads
            )
        )
    rows.reverse()  # oldest first, as they happened
    written = csat.seed_ratings(rows)
    answered = sum(1 for row in rows if row.score is not None)
    low = sum(1 for row in rows if row.follow_up_due_at is not None)
    progress(f"ratings {written:,} asked, {answered:,} answered, {low:,} low")
    return written


def _rating(
    rng: random.Random,
    now: datetime,
    ticket_id: int,
    requester_id: int,
    team: Team,
    service_id: int,
    asked_at: datetime,
    leads: dict[int, list[int]],
) -> csat.PastRating:
    unanswered = csat.PastRating(
        ticket_id=ticket_id,
        requester_id=requester_id,
        team_id=team.pk,
        service_id=service_id,
        asked_at=asked_at,
    )
    rated_at = asked_at + timedelta(minutes=rng.randint(5, 3 * 24 * 60))
    if rng.random() >= ANSWERED or rated_at > now:
        return unanswered
    score = rng.choices(SCORES, SCORE_WEIGHTS)[0]
    comment = rng.choice(COMMENTS[score]) if rng.random() < COMMENT_ODDS[score] else ""
    rating = csat.PastRating(
        ticket_id=ticket_id,
        requester_id=requester_id,
        team_id=team.pk,
        service_id=service_id,
        asked_at=asked_at,
        score=score,
        rated_at=rated_at,
        comment=comment,
        channel=rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0],
    )
    if score > LOW_SCORE:
        return rating
    due_at = add_working_days(business.for_team(team), rated_at, csat.FOLLOW_UP_DAYS)
    answered_at = rated_at + (due_at - rated_at) * rng.uniform(0.2, 1.4)
    who = leads.get(team.pk)
    if not who or answered_at > now or rng.random() < 0.15:
        return replace(rating, follow_up_due_at=due_at)
    return replace(
        rating,
        follow_up_due_at=due_at,
        answered_at=answered_at,
        answered_by_id=rng.choice(who),
        answer=rng.choice(ANSWERS),
    )
