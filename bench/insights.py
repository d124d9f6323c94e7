"""Dashboards at scale: the insights pages over the seeded history, read from the daily rollups.

First the rollups must cover the history: when fewer days are rolled up than the requests span,
`manage.py refresh_insights` computes every day from the first request to today, and its time is
reported (the nightly task only redoes the last 35 days; this is the one-off backfill a new
installation or an upgrade runs). Then each dashboard is timed as the pages are
(`bench.pages.measure`: in-process through the whole Django stack, after warm-up, over the
samples), with the whole page rendered: every figure of its scope, its chart data and its table.

- the organisation, last 30 days and last 365 days, as the demo's administrator;
- IT Service Desk (the largest team), last 30 and last 90 days, as its lead;
- one of its services, last 90 days, as its lead;
- the agent's own view, last 30 days;
- a CSV download (request volume by channel, the organisation, 365 days) and the API's list of
  a team's figures (last 30 days, the lead's read token).
Target: p95 ≤ 300 ms for each at 1,000,000 requests on PostgreSQL.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

from django.core.management import call_command
from django.test import Client

from bench.fixtures import Fixtures
from bench.pages import Page, PageResult, measure
from inservice.insights import periods
from inservice.insights.models import RollupDay
from inservice.org import services as org
from inservice.org.choices import TokenScope
from inservice.org.models import Person
from inservice.tickets.models import Ticket

LEAD, ADMIN = "lead", "admin"  # the demo's sign-ins


@dataclass(frozen=True)
class Backfill:
    days: int
    seconds: float  # 0 when the rollups already covered the history


def ensure_rollups() -> Backfill:
    first = Ticket.objects.order_by("created_at").values_list("created_at", flat=True)[:1]
    if not first:
        return Backfill(0, 0.0)
    start, today = periods.local_day(first[0]), periods.today()
    days = (today - start).days + 1
    if RollupDay.objects.filter(day__gte=start, day__lte=today).count() >= days:
        return Backfill(days, 0.0)
    started = time.perf_counter()
    call_command("refresh_insights", since=start.isoformat())
    return Backfill(days, time.perf_counter() - started)


def _span(days: int) -> str:
    end = periods.today()
    return f"from={(end - timedelta(days=days - 1)).isoformat()}&to={end.isoformat()}"


def pages(f: Fixtures) -> tuple[list[Page], str]:
    people = {p.username: p for p in Person.objects.filter(username__in=(LEAD, ADMIN))}
    lead, admin, agent = Client(), Client(), Client()
    lead.force_login(people[LEAD])
    admin.force_login(people[ADMIN])
    agent.force_login(f.agent)
    token = org.create_api_token(people[LEAD], "benchmark dashboards", TokenScope.READ)
    api = {"Authorization": f"Bearer {token.secret}"}
    team, service = f.team.slug, f.service.slug
    return [
        Page("organisation, 30 days", f"/insights/?{_span(30)}", admin, {}),
        Page("organisation, 365 days", f"/insights/?{_span(365)}", admin, {}),
        Page("team, 30 days", f"/insights/teams/{team}/?{_span(30)}", lead, {}),
        Page("team, 90 days", f"/insights/teams/{team}/?{_span(90)}", lead, {}),
        Page("service, 90 days", f"/insights/services/{service}/?{_span(90)}", lead, {}),
        Page("agent's own view, 30 days", f"/insights/me/?team={team}&{_span(30)}", agent, {}),
        Page(
            "CSV: volume, organisation, 365 days",
            f"/insights/figures/volume.csv?{_span(365)}",
            admin,
            {},
        ),
        Page(
            "API: a team's figures, 30 days",
            f"/api/v1/insights/figures?scope=team&team={team}&{_span(30)}",
            Client(),
            api,
            api=True,
        ),
    ], str(token.token.pk)


def measure_all(f: Fixtures, warmup: int, samples: int) -> tuple[Backfill, list[PageResult]]:
    backfill = ensure_rollups()
    shown, token_id = pages(f)
    lead = Person.objects.get(username=LEAD)
    try:
        results = []
        for page in shown:
            result = measure(page, warmup, samples)
            results.append(result)
            assert result.timing is not None
            print(f"  {page.name}: {result.timing.p95_ms:.1f} ms p95", flush=True)
        return backfill, results
    finally:
        org.revoke_api_token(lead, int(token_id))
