"""A module's quiz written as short text, the way an author would jot it down:

    What does acknowledging a request promise?
    - A fix today
    * A time by which the requester will hear from you
    - Nothing in particular

    Which of these keep a requester informed? (choose all that apply)
    * A reply when the plan changes
    * A new promised time when the old one cannot be kept
    - Closing the request without a word

Questions are separated by a blank line; an option starts with "- ", a correct one with "* ".
Reading the text never refuses it: learning.services.quiz_problems says what is wrong with the
questions it reads, question by question.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class QuestionDraft:
    text: str
    options: list[str] = field(default_factory=list)
    correct: list[int] = field(default_factory=list)


def parse(text: str) -> list[QuestionDraft]:
    questions: list[QuestionDraft] = []
    for block in _blocks(text):
        wording: list[str] = []
        options: list[str] = []
        correct: list[int] = []
        for line in block:
            marker, rest = line[:2], line[2:].strip()
            if marker in ("- ", "* ") or line in ("-", "*"):
                if marker == "* " or line == "*":
                    correct.append(len(options))
                options.append(rest)
            elif options:
                # A line after the options continues the last one (a long option, wrapped).
                options[-1] = f"{options[-1]} {line}".strip()
            else:
                wording.append(line)
        questions.append(QuestionDraft(" ".join(wording).strip(), options, correct))
    return questions


def _blocks(text: str) -> Iterable[list[str]]:
    block: list[str] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if line:
            block.append(line)
        elif block:
            yield block
            block = []
    if block:
        yield block


def write(questions: Iterable[QuestionDraft]) -> str:
    """The text `parse` reads back into the same questions."""
    blocks = []
    for question in questions:
        lines = [question.text]
        lines += [
            f"{'*' if i in question.correct else '-'} {option}"
            for i, option in enumerate(question.options)
        ]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
