"""How a piece of text reads: one function behind which the scorer can be swapped.

VADER (vaderSentiment) is lexicon based and runs offline. Its compound score runs from -1 (most
negative) to +1 (most positive); -0.5 and below reads strongly negative to most people.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from django.db import models
from django.utils.translation import gettext_lazy as _
from vaderSentiment.vaderSentiment import (  # type: ignore[import-untyped]  # ships no types
    SentimentIntensityAnalyzer,
)

HARSH_AT = -0.5
# VADER's own thresholds for reading a compound score as positive or negative.
POSITIVE_FROM = 0.05
NEGATIVE_TO = -0.05


class Tone(models.TextChoices):
    POSITIVE = "positive", _("Positive")
    NEUTRAL = "neutral", _("Neutral")
    NEGATIVE = "negative", _("Negative")


@dataclass(frozen=True)
class Score:
    """How a text reads: its tone and VADER's compound score, stored beside the text."""

    tone: Tone
    compound: float


@cache
def _analyzer() -> SentimentIntensityAnalyzer:
    # Built once per process: loading the lexicon takes tens of milliseconds.
    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=4096)  # the same short phrases recur ("Thanks!"); scoring is pure
def sentiment(text: str) -> float:
    """VADER's compound score of `text`, from -1 (negative) to +1 (positive); 0 for no text."""
    if not text.strip():
        return 0.0
    return float(_analyzer().polarity_scores(text)["compound"])


def reads_harsh(text: str) -> bool:
    """True when `text` reads strongly negative (compound score at or below -0.5)."""
    return sentiment(text) <= HARSH_AT


def tone_of(compound: float) -> Tone:
    if compound >= POSITIVE_FROM:
        return Tone.POSITIVE
    if compound <= NEGATIVE_TO:
        return Tone.NEGATIVE
    return Tone.NEUTRAL


def score(text: str) -> Score:
    """The tone and compound score of `text`; an empty text reads neutral (0.0)."""
    compound = sentiment(text)
    return Score(tone_of(compound), compound)
