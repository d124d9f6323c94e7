"""The demo's pulse surveys, made, opened, answered and closed through services.surveys:

- an organisation-wide engagement survey run by HR Operations, closed two weeks ago, answered by
  about half of everyone at a rate that differs by department (so some departments' results
  show and the smallest ones' stay hidden), with comments that read like people's;
- a pulse survey of IT Service Desk for the Technology department, open now, a few answers in.

Answers lean by department (each has a mood), so the results differ between departments.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from inservice.feedback.models.surveys import Participation, Question, QuestionKind, Survey
from inservice.feedback.services import surveys
from inservice.feedback.services.surveys import QuestionDraft, SurveyDraft
from inservice.notifications import services as notify
from inservice.notifications.choices import Kind
from inservice.notifications.models import Notification
from inservice.org.choices import Role
from inservice.org.models import Person, Team

Progress = Callable[[str], None]

ENGAGEMENT = (
    QuestionDraft(QuestionKind.SCALE, "How happy are you working at Brightwater?"),
    QuestionDraft(QuestionKind.SCALE, "I have the tools and information I need to do my job well."),
    QuestionDraft(
        QuestionKind.SINGLE,
        "How is your workload most weeks?",
        ("Too light", "About right", "Heavy", "Unsustainable"),
    ),
    QuestionDraft(
        QuestionKind.MULTIPLE,
        "What would help you most this year?",
        (
            "Clearer priorities",
            "Fewer meetings",
            "Better tools",
            "More recognition",
            "Training and growth",
            "Flexible hours",
        ),
    ),
    QuestionDraft(
        QuestionKind.SCALE,
        "How likely are you to recommend Brightwater as a place to work?",
        scale_min=0,
        scale_max=10,
    ),
    QuestionDraft(QuestionKind.TEXT, "What one thing should we change?", required=False),
)

PULSE = (
    QuestionDraft(QuestionKind.SCALE, "How was your week?"),
    QuestionDraft(
        QuestionKind.SINGLE,
        "Did the service desk's changes this month help you?",
        ("Yes", "Not yet", "I did not notice any"),
    ),
    QuestionDraft(QuestionKind.TEXT, "Anything on your mind?", required=False),
)

# What people write, by how they feel: (mood at least, comment).
GOOD = (
    "My team lead makes time for everyone, and I feel supported.",
    "The new laptops are great and made my days much easier.",
    "Flexible hours are the reason I stay. Please keep them.",
    "Great colleagues who help without being asked.",
    "Onboarding was smooth and everyone was welcoming.",
    "I love that we ship things customers actually use.",
    "The move to the new office was handled really well.",
)
MIXED = (
    "More training on the new CRM.",
    "Publish the roadmap for next quarter earlier.",
    "The monthly all-hands could be shorter.",
    "Can we have a quiet room in the office?",
    "Expense approvals take a while.",
    "Desk booking in Berlin needs rethinking.",
)
BAD = (
    "Too many meetings leave no time for real work.",
    "Priorities change every week and it is frustrating that nobody explains why.",
    "The VPN drops several times a day; it is a constant problem.",
    "Recognition is unfair: it only goes to the loudest people.",
    "We are understaffed and the overtime is exhausting.",
    "Pay reviews are slow and nobody tells us where they stand, which is stressful.",
)

# Single-choice answers weighed by how someone feels (-1 to 1); other questions' options run
# from the happiest answer to the unhappiest.
WEIGHTS: dict[str, Callable[[float], dict[str, float]]] = {
    "How is your workload most weeks?": lambda f: {
        "Too light": 0.15,
        "About right": 1 + 2 * max(f, 0),
        "Heavy": 1 + 2 * max(-f, 0),
        "Unsustainable": 0.1 + 3 * max(-f - 0.2, 0),
    },
    "Did the service desk's changes this month help you?": lambda f: {
        "Yes": 1 + 2 * max(f, 0),
        "Not yet": 1 + 2 * max(-f, 0),
        "I did not notice any": 0.8,
    },
}


@dataclass(frozen=True)
class Made:
    surveys: int
    responses: int


def build_surveys(now: datetime, rng: random.Random, progress: Progress) -> Made:
    """The two demo surveys; run after the directory exists (people, teams and their leads)."""
    today = now.date()
    answered = 0
    hr, it = _team("HR"), _team("IT")
    if hr is not None:
        engagement = _run(
            hr,
            SurveyDraft(
                title="Engagement survey, autumn",
                intro="Once a year we ask everyone how working here really is. Be candid: "
                "nobody can see who wrote what, and we will share what we change.",
                owner=hr,
                opens_on=today - timedelta(days=30),
                closes_on=today - timedelta(days=14),
                questions=ENGAGEMENT,
                audience_everyone=True,
            ),
        )
        answered += _answer(engagement, rng, rate=(0.3, 0.75))
        surveys.close_survey(engagement.pk, engagement.closes_on)
        _read_invitations(engagement)
    if it is not None:
        department = it.parent or it
        pulse = _run(
            it,
            SurveyDraft(
                title="Technology pulse: how was your week?",
                intro="Three questions, two minutes. Anonymous.",
                owner=it,
                opens_on=today - timedelta(days=3),
                closes_on=today + timedelta(days=4),
                questions=PULSE,
                audience=(department,),
            ),
        )
        answered += _answer(pulse, rng, rate=(0.2, 0.4))
    progress(f"surveys 2, responses {answered}")
    return Made(surveys=2, responses=answered)


def _team(prefix: str) -> Team | None:
    return Team.objects.select_related("parent").filter(key_prefix=prefix).first()


def _run(team: Team, draft: SurveyDraft) -> Survey:
    """Made by the team's lead on its opening day, and opened."""
    lead = Person.objects.filter(memberships__team=team, memberships__role=Role.LEAD).first()
    maker = lead or Person.objects.filter(is_superuser=True).order_by("pk").first()
    assert maker is not None, "the demo directory has an administrator"
    survey = surveys.create_survey(maker, draft, today=draft.opens_on)
    surveys.open_survey(survey.pk, draft.opens_on)
    survey.refresh_from_db()
    return survey


def _answer(survey: Survey, rng: random.Random, rate: tuple[float, float]) -> int:
    """Answers from a share of each department's people, leaning by the department's mood."""
    questions = list(survey.questions.order_by("position"))
    asked = list(
        Participation.objects.filter(survey=survey).select_related("person").order_by("person_id")
    )
    moods: dict[int | None, tuple[float, float]] = {}
    written = 0
    for participation in asked:
        person = participation.person
        department = surveys.department_of(person.team_id)
        if department not in moods:
            moods[department] = (rng.uniform(*rate), rng.gauss(0.25, 0.3))
        share, mood = moods[department]
        if rng.random() >= share:
            continue
        feeling = max(-1.0, min(1.0, mood + rng.gauss(0, 0.4)))
        surveys.submit(person, survey, {q.pk: _value(q, feeling, rng) for q in questions})
        written += 1
    return written


def _value(question: Question, feeling: float, rng: random.Random) -> Any:
    """One answer for someone feeling `feeling` (-1 to 1)."""
    if question.kind == QuestionKind.SCALE:
        low, high = question.scale_min, question.scale_max
        middle = low + (high - low) * (feeling + 1) / 2
        return max(low, min(high, round(middle + rng.gauss(0, (high - low) / 8))))
    if question.kind == QuestionKind.SINGLE:
        weigh = WEIGHTS.get(question.text)
        if weigh is not None:
            weights = weigh(feeling)
            return rng.choices(list(weights), weights=list(weights.values()))[0]
        where = (1 - feeling) / 2 * len(question.options) + rng.gauss(0, 0.6)
        return question.options[max(0, min(len(question.options) - 1, int(where)))]
    if question.kind == QuestionKind.MULTIPLE:
        return rng.sample(list(question.options), k=rng.randint(1, 3))
    if rng.random() > 0.55:
        return ""
    pool = GOOD if feeling > 0.35 else BAD if feeling < -0.15 else MIXED
    return rng.choice(pool)


def _read_invitations(survey: Survey) -> None:
    """The closed survey's invitations were read long ago: the bells show only the open one."""
    key = f"{Kind.SURVEY_INVITE.value}:{survey.pk}"
    invitations = dict(Notification.objects.filter(event_key=key).values_list("recipient_id", "pk"))
    for person in Person.objects.filter(pk__in=invitations).order_by("pk"):
        notify.mark_read(person, [invitations[person.pk]])
