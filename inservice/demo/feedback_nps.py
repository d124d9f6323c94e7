"""The demo's internal NPS campaigns: for a few teams, a campaign about each of the last quarters,
run by the team's lead through services.nps, answered through the survey engine's `submit` by
some of the people sampled, and closed on its day; then one about last quarter, still open.

Made after the history (the campaigns sample the people who asked each team for something in
the quarter). Each team's score moves from quarter to quarter: IT Service Desk recovers from a
poor spell, Payroll slips a little, Facilities climbs steadily, HR Operations holds. A quarter
the history does not reach has nobody to ask and gets no campaign.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError

from inservice.feedback.models.surveys import Participation, Survey
from inservice.feedback.nps_score import previous_quarter
from inservice.feedback.services import nps, surveys
from inservice.notifications import services as notify
from inservice.notifications.choices import Kind
from inservice.notifications.models import Notification
from inservice.org.choices import Role
from inservice.org.models import Person, Team

Progress = Callable[[str], None]

CLOSED_QUARTERS = 4
SAMPLE_SIZE = 40
OPEN_DAYS = 14


@dataclass(frozen=True)
class TeamSpec:
    prefix: str
    anonymous: bool
    # Promoters' and detractors' shares of answers, oldest quarter first, the open one last.
    moods: tuple[tuple[float, float], ...]
    answer_rate: float


TEAMS = (
    TeamSpec(
        "IT",
        True,
        ((0.35, 0.30), (0.25, 0.40), (0.40, 0.25), (0.55, 0.15), (0.60, 0.12)),
        0.55,
    ),
    TeamSpec(
        "PAY", False, ((0.60, 0.10), (0.55, 0.15), (0.50, 0.18), (0.45, 0.22), (0.45, 0.20)), 0.45
    ),
    TeamSpec(
        "FAC", True, ((0.20, 0.45), (0.30, 0.35), (0.40, 0.25), (0.50, 0.20), (0.55, 0.15)), 0.5
    ),
    TeamSpec(
        "HR", True, ((0.45, 0.20), (0.50, 0.20), (0.45, 0.15), (0.50, 0.20), (0.50, 0.18)), 0.5
    ),
)

REASONS = {
    "promoter": (
        "Sorted the same morning, and they explained what had gone wrong.",
        "Always friendly, and they follow up without being asked.",
        "Clear answers, quick turnaround. I wish every team worked like this.",
        "They told me when to expect it and it came on time.",
        "Really patient with my questions, even the silly ones.",
        "The form asked exactly what they needed, so nothing went back and forth.",
        "Solved it first time.",
        "Great service, thank you!",
    ),
    "passive": (
        "Good in the end, but I had to chase for an update.",
        "Fine, though it took a couple of days longer than I hoped.",
        "Helpful people; the portal form was confusing.",
        "It got done. Nothing special either way.",
        "Decent, but I was passed between two people.",
    ),
    "detractor": (
        "Took over a week and I had to explain the problem three times.",
        "Nobody told me the request was waiting on me, so it sat there for days.",
        "Closed without fixing anything; I had to open it again.",
        "Slow replies and no idea who was dealing with it.",
        "The answer I got did not match my question.",
        "Promised a date, missed it, and nobody said why.",
    ),
}


def build_nps(now: datetime, rng: random.Random, progress: Progress) -> list[Survey]:
    """The campaigns described above, for those of TEAMS the directory has and a lead runs."""
    today = now.date()
    made: list[Survey] = []
    answers = 0
    for spec in TEAMS:
        team = Team.objects.filter(key_prefix=spec.prefix).first()
        lead = _lead(team) if team is not None else None
        if team is None or lead is None:
            continue
        quarters = _quarters(today, CLOSED_QUARTERS + 1)
        for n, (period, mood) in enumerate(zip(quarters, spec.moods, strict=True)):
            is_last = n == len(quarters) - 1
            seed = rng.randrange(2**32)  # the demo's own draws: the same demo asks the same people
            survey = _campaign(team, lead, spec, period, today, seed, still_open=is_last)
            if survey is None:
                continue
            rate = spec.answer_rate * (0.5 if is_last else 1.0)  # the open one is under way
            answers += _answer(survey, mood, rate, rng)
            if not is_last:
                surveys.close_survey(survey.pk, survey.closes_on)
                _mark_invitations_read(survey)
            made.append(survey)
    progress(f"NPS campaigns {len(made)}, answers {answers}")
    return made


def _lead(team: Team) -> Person | None:
    leads = Person.objects.filter(
        is_active=True, memberships__team=team, memberships__role=Role.LEAD
    )
    return leads.order_by("name", "pk").first()


def _quarters(today: date, count: int) -> list[tuple[date, date]]:
    """The `count` calendar quarters before today's, oldest first."""
    found: list[tuple[date, date]] = []
    day = today
    for _ in range(count):
        period = previous_quarter(day)
        found.append(period)
        day = period[0]
    return list(reversed(found))


def _campaign(
    team: Team,
    lead: Person,
    spec: TeamSpec,
    period: tuple[date, date],
    today: date,
    seed: int,
    *,
    still_open: bool,
) -> Survey | None:
    """A campaign about `period`, opened on the first working day after it (the open one at
    most six days ago, so it is still open today), launched with its sample."""
    opens = nps.first_working_day(team, period[1] + timedelta(days=1))
    if still_open:
        opens = min(max(opens, today - timedelta(days=6)), today)
    try:
        survey = nps.create_campaign(
            lead,
            team,
            period_start=period[0],
            period_end=period[1],
            sample_size=SAMPLE_SIZE,
            anonymous=spec.anonymous,
            opens_on=opens,
            closes_on=opens + timedelta(days=OPEN_DAYS),
            today=opens,
        )
    except ValidationError:
        return None  # the history does not reach this quarter: nobody to ask
    nps.launch_campaign(survey.pk, opens, seed=seed)
    return survey


def _answer(survey: Survey, mood: tuple[float, float], rate: float, rng: random.Random) -> int:
    """Some of the people sampled answer, each once, through the engine."""
    asked = Participation.objects.filter(survey=survey).values_list("person_id", flat=True)
    people = list(Person.objects.filter(pk__in=list(asked)).order_by("pk"))
    promoters, detractors = mood
    count = 0
    for person in people:
        if rng.random() > rate:
            continue
        draw = rng.random()
        if draw < promoters:
            score, band = rng.choice((9, 10, 10)), "promoter"
        elif draw < promoters + detractors:
            score, band = rng.choice((2, 3, 4, 5, 5, 6, 6)), "detractor"
        else:
            score, band = rng.choice((7, 8, 8)), "passive"
        reason = rng.choice(REASONS[band]) if rng.random() < 0.65 else ""
        nps.answer_campaign(person, survey, score, reason)
        count += 1
    return count


def _mark_invitations_read(survey: Survey) -> None:
    """The invitations of a campaign long closed are history, not news in anyone's bell."""
    told = Notification.objects.filter(
        kind=Kind.NPS_INVITE, event_key=f"{Kind.NPS_INVITE.value}:{survey.pk}"
    ).values_list("recipient_id", "pk")
    by_person: dict[int, list[int]] = {}
    for person_id, pk in told:
        by_person.setdefault(person_id, []).append(pk)
    people: Sequence[Person] = list(Person.objects.filter(pk__in=list(by_person)))
    for person in people:
        notify.mark_read(person, by_person[person.pk])
