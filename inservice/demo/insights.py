"""The dashboards' rollups over the demo's whole history, so every period a dashboard offers
has its figures from the first start (the beat keeps them fresh afterwards)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from inservice.insights import periods, services
from inservice.tickets.models import Ticket


def build_insights(progress: Callable[[str], None]) -> int:
    first = Ticket.objects.order_by("created_at").values_list("created_at", flat=True)[:1]
    if not first:
        return 0
    start, today = periods.local_day(first[0]), periods.today()
    total = (today - start).days + 1

    def moved_on(day: date) -> None:
        if day.day == 1:
            progress(f"rollups up to {day.isoformat()} of {total:,} days")

    days = services.refresh_days(start, today, progress=moved_on)
    progress(f"{days:,} days of rollups")
    return days
