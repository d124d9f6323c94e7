"""The self-assessment's questions: a few skills to rate oneself on, and reflection prompts about
how one's work reaches colleagues. Keys are stored with the answers: never reuse a key for a
different question (add a new one instead)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_ANSWER = 5_000


@dataclass(frozen=True)
class Prompt:
    key: str
    text: StrOrPromise
    hint: StrOrPromise


@dataclass(frozen=True)
class Skill:
    key: str
    text: StrOrPromise


SKILLS = (
    Skill("acknowledge", _("I acknowledge a request with a time the person can count on")),
    Skill("update", _("I tell people how their request is going before they have to ask")),
    Skill("listen", _("I listen to what a colleague needs before I answer")),
    Skill("follow_through", _("I see work through to the end, also after a handoff")),
)
RATING_LABELS = {
    1: _("Rarely"),
    2: _("Sometimes"),
    3: _("Often"),
    4: _("Usually"),
    5: _("Always"),
}

PROMPTS = (
    Prompt(
        "who",
        _("Who relies on your work, and what do they need from you to do theirs?"),
        _("Think of the teams and people downstream of you, not only the ones who ask."),
    ),
    Prompt(
        "waiting",
        _("Think of a recent request you handled. What was it like to be the person waiting?"),
        _("What did they know, and when? What would you have wanted to hear?"),
    ),
    Prompt(
        "promise",
        _("When did you last tell someone when they would hear back, and keep to it?"),
        _("And a time you did not: what got in the way?"),
    ),
    Prompt(
        "handoff",
        _("Where does work get stuck after it leaves you?"),
        _("A handoff, a missing detail, a question nobody answered."),
    ),
    Prompt(
        "next",
        _("One thing you will do differently in the next two weeks"),
        _("Small and concrete beats big and vague."),
    ),
)
PROMPT_KEYS = frozenset(p.key for p in PROMPTS)
SKILL_KEYS = frozenset(s.key for s in SKILLS)
