"""How a piece of text reads: one function behind which the scorer can be swapped.

VADER (vaderSentiment) is lexicon based and runs offline. Its compound score runs from -1 (most
negative) to +1 (most positive); -0.5 and below reads strongly negative to most people.
"""

from __future__ import annotations

from functools import cache

from vaderSentiment.vaderSentiment import (  # type: ignore[import-untyped]  # ships no types
    SentimentIntensityAnalyzer,
)

HARSH_AT = -0.5


@cache
def _analyzer() -> SentimentIntensityAnalyzer:
    # Built once per process: loading the lexicon takes tens of milliseconds.
    return SentimentIntensityAnalyzer()


def sentiment(text: str) -> float:
    """VADER's compound score of `text`, from -1 (negative) to +1 (positive); 0 for no text."""
    if not text.strip():
        return 0.0
    return float(_analyzer().polarity_scores(text)["compound"])


def reads_harsh(text: str) -> bool:
    """True when `text` reads strongly negative (compound score at or below -0.5)."""
    return sentiment(text) <= HARSH_AT
