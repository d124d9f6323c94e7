"""The demo's feedback, after the history (it rates and asks about the requests the history
made): ratings of recent requests with their follow-ups, suggestions and concerns, internal NPS
campaigns with a trend, and pulse surveys (one closed with results, one open)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime

from inservice.demo.feedback_csat import build_ratings
from inservice.demo.feedback_nps import build_nps
from inservice.demo.feedback_suggestions import build_suggestions
from inservice.demo.feedback_surveys import build_surveys

Progress = Callable[[str], None]


def build_feedback(now: datetime, rng: random.Random, progress: Progress) -> None:
    build_ratings(now, rng, lambda text: progress(f"Ratings: {text}"))
    build_suggestions(now, rng, lambda text: progress(f"Suggestions: {text}"))
    build_nps(now, rng, lambda text: progress(f"NPS: {text}"))
    build_surveys(now, rng, lambda text: progress(f"Surveys: {text}"))
