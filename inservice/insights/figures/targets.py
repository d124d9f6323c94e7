"""The default targets figures show beside their headline numbers. One table, so a health
check's scorecard and a dashboard agree; percentages are 0-100."""

from __future__ import annotations

TARGETS: dict[str, float] = {
    "response_compliance": 90.0,  # first responses within target
    "resolution_compliance": 90.0,
    "csat": 4.2,  # average rating, 1-5
    "satisfied": 80.0,  # ratings of 4 or 5
    "promise_kept": 90.0,
    "reopen_rate": 5.0,  # at most
    "first_contact": 60.0,
    "training": 90.0,  # assignments due in the period completed
}
