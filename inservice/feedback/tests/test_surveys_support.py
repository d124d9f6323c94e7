"""What the survey tests share: a survey drafted, opened and answered through the services, and
more colleagues in a department when a test needs groups of a given size."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from inservice.feedback.models.surveys import Question, QuestionKind, Survey
from inservice.feedback.services import surveys
from inservice.feedback.services.surveys import QuestionDraft, SurveyDraft
from inservice.org import services as org
from inservice.org.models import Person, Team
from inservice.test import BaseTestCase

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TODAY = MONDAY.date()
NEXT_MONDAY = TODAY + timedelta(days=7)
_numbers = itertools.count(1)

QUESTIONS = (
    QuestionDraft(QuestionKind.SCALE, "How was your week?", scale_min=1, scale_max=5),
    QuestionDraft(QuestionKind.SINGLE, "Where do you work most?", ("Office", "Home", "Both")),
    QuestionDraft(QuestionKind.MULTIPLE, "What helps you most?", ("Quiet", "Tools", "Colleagues")),
    QuestionDraft(QuestionKind.TEXT, "Anything else?", required=False),
)


def colleague(team: Team | None, name: str = "") -> Person:
    n = next(_numbers)
    return org.create_person(
        username=f"colleague{n}",
        name=name or f"Colleague {n}",
        email=f"colleague{n}@example.org",
        team=team,
    )


class SurveyTestCase(BaseTestCase):
    def draft(self, **changes: Any) -> SurveyDraft:
        draft = SurveyDraft(
            title="How is your week going?",
            intro="Five minutes, anonymous.",
            owner=self.it,
            opens_on=TODAY,
            closes_on=NEXT_MONDAY,
            questions=QUESTIONS,
            audience_everyone=True,
        )
        return replace(draft, **changes)

    def make(self, actor: Person | None = None, **changes: Any) -> Survey:
        return surveys.create_survey(actor or self.erin, self.draft(**changes), today=TODAY)

    def opened(self, **changes: Any) -> Survey:
        survey = self.make(**changes)
        self.assertTrue(surveys.open_survey(survey.pk, TODAY))
        survey.refresh_from_db()
        return survey

    def closed(self, survey: Survey) -> Survey:
        self.assertTrue(surveys.close_survey(survey.pk, survey.closes_on))
        survey.refresh_from_db()
        return survey

    def question(self, survey: Survey, kind: str) -> Question:
        return survey.questions.get(kind=kind)

    def answers(
        self, survey: Survey, scale: int = 4, comment: str = "", **by_kind: Any
    ) -> dict[int, Any]:
        """A complete set of answers by question id; `by_kind` overrides a kind's value."""
        values: dict[str, Any] = {
            QuestionKind.SCALE: scale,
            QuestionKind.SINGLE: "Office",
            QuestionKind.MULTIPLE: ["Tools"],
            QuestionKind.TEXT: comment,
        }
        values.update(by_kind)
        return {q.pk: values[q.kind] for q in survey.questions.all()}

    def answer(self, person: Person, survey: Survey, **values: Any) -> None:
        surveys.submit(person, survey, self.answers(survey, **values))

    def department_of(self, n: int, name: str, parent: Team | None = None) -> list[Person]:
        """A new department (or a team in `parent`) with n people in it."""
        k = next(_numbers)
        prefix = "D" + "".join(chr(65 + int(d)) for d in str(k))
        team = org.create_team(name=f"{name} {k}", key_prefix=prefix, parent=parent)
        return [colleague(team) for _ in range(n)]


def on(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
