"""Marking a quiz attempt: pure functions over the questions and the answers given.

Answers are {question id (as text): [chosen option indexes]}. A question is right when exactly
its correct options are chosen; the score is the percentage of questions right, and an attempt
passes at the module's pass mark or above.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from django.utils.translation import gettext as _


class Question(Protocol):
    @property
    def pk(self) -> int: ...

    options: list[str]
    correct: list[int]

    @property
    def multiple(self) -> bool: ...


Answers = Mapping[str, Sequence[int]]


@dataclass(frozen=True)
class Marked:
    score: int  # percent, rounded down: 2 of 3 right is 66, short of a 70% pass mark
    passed: bool
    results: dict[str, bool]  # question id (as text) -> right


def answer_problems(questions: Sequence[Question], answers: Answers) -> dict[str, str]:
    """Per question id (as text), why its answer cannot be marked; "answers" for the whole."""
    problems: dict[str, str] = {}
    known = {str(q.pk) for q in questions}
    unknown = sorted(set(answers) - known)
    if unknown:
        problems["answers"] = _("There is no question “%(id)s” in this quiz.") % {"id": unknown[0]}
    for question in questions:
        chosen = answers.get(str(question.pk), ())
        if not chosen:
            problems[str(question.pk)] = _("Answer this question.")
        elif any(not 0 <= i < len(question.options) for i in chosen):
            problems[str(question.pk)] = _("Choose among the options given.")
        elif not question.multiple and len(set(chosen)) > 1:
            problems[str(question.pk)] = _("Choose one answer.")
    return problems


def mark(questions: Sequence[Question], answers: Answers, pass_mark: int) -> Marked:
    """The score of answers that `answer_problems` found nothing wrong with."""
    results = {str(q.pk): set(answers.get(str(q.pk), ())) == set(q.correct) for q in questions}
    right = sum(results.values())
    score = (100 * right) // len(questions) if questions else 0
    return Marked(score=score, passed=score >= pass_mark, results=results)
