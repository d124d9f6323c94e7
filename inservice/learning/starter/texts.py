"""The shapes the starter library is written in."""

from __future__ import annotations

from dataclasses import dataclass, field

from inservice.learning.quiz_text import QuestionDraft


@dataclass(frozen=True)
class ModuleText:
    title: str
    minutes: int
    body: str
    video_url: str = ""
    quiz: tuple[QuestionDraft, ...] = ()
    pass_mark: int | None = None


@dataclass(frozen=True)
class CourseText:
    key: str
    title: str
    summary: str
    modules: tuple[ModuleText, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ProgramText:
    title: str
    summary: str
    courses: tuple[str, ...]  # CourseText keys, in order


def q(text: str, right: str | list[str], *wrong: str) -> QuestionDraft:
    """A question written right option(s) first, its options then put in a fixed order that
    does not depend on which are right (so the right one is not always first)."""
    rights = [right] if isinstance(right, str) else right
    options = sorted([*rights, *wrong], key=lambda o: (len(o) * 7919) % 101)
    return QuestionDraft(text, options, sorted(options.index(r) for r in rights))
