"""The results as a table in the terminal and as JSON in bench/results/."""

from __future__ import annotations

import json
import os
import platform
import sys
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import django
from django.db import connection

from bench.business_time import BusinessTimeResult
from bench.config import ROOT, Config
from bench.insights import Backfill
from bench.pages import PageResult
from bench.sweep import SweepResult
from bench.throughput import CreateResult

PAGE_TARGET_MS = 50.0
CREATE_TARGET_PER_SECOND = 250.0
BUSINESS_TIME_TARGET_PER_SECOND = 200_000.0
SWEEP_TARGET_SECONDS = 1.0
WORKFLOW_TARGET_MS = 100.0
DASHBOARD_TARGET_MS = 300.0


def database_label() -> str:
    if connection.vendor == "postgresql":
        return f"PostgreSQL {connection.pg_version // 10000}"  # type: ignore[attr-defined]  # only on the PostgreSQL backend
    return f"SQLite {connection.Database.sqlite_version}"  # type: ignore[attr-defined]  # only on the SQLite backend


def table(pages: list[PageResult], create: CreateResult | None, requests: int, entries: int) -> str:
    if not pages and create is None:
        return ""
    size = f"{requests:,} req / {entries:,} entries"
    db = database_label()
    head = ("page", "data size", "database", "median ms", "p95 ms", "n", "queries", "p95 ≤ 50 ms")
    rows: list[tuple[str, ...]] = [head]
    for page in pages:
        if page.timing is None:
            rows.append((page.name, size, db, "-", "-", "0", "-", f"skipped: {page.skipped}"))
            continue
        t = page.timing
        rows.append(
            (
                page.name,
                size,
                db,
                f"{t.median_ms:.1f}",
                f"{t.p95_ms:.1f}",
                str(t.n),
                str(page.queries),
                "yes" if t.p95_ms <= PAGE_TARGET_MS else "NO",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    if create is not None:
        lines.append("")
        if create.timing is None:
            lines.append(f"API create: skipped: {create.skipped or 'no request succeeded'}")
        else:
            verdict = "yes" if create.per_second >= CREATE_TARGET_PER_SECOND else "NO"
            lines.append(
                f"API create (POST /api/v1/requests, {db}): {create.per_second:.0f} requests/s "
                f"(≥ 250: {verdict}), median {create.timing.median_ms:.1f} ms, "
                f"p95 {create.timing.p95_ms:.1f} ms, n {create.requests} in {create.seconds:.1f} s"
            )
        for problem, count in create.failures.items():
            lines.append(f"  failed {count} times: {problem}")
    return "\n".join(lines)


def workflow_lines(results: list[PageResult]) -> list[str]:
    db = database_label()
    lines = []
    for result in results:
        t = result.timing
        assert t is not None
        verdict = "yes" if t.p95_ms <= WORKFLOW_TARGET_MS else "NO"
        lines.append(
            f"Workflows, {result.name} ({db}): median {t.median_ms:.1f} ms, p95 {t.p95_ms:.1f} ms "
            f"(≤ 100 ms: {verdict}), n {t.n}, {result.queries} SQL statements"
        )
    return lines


def dashboard_lines(results: list[PageResult], backfill: Backfill | None) -> list[str]:
    db = database_label()
    lines = []
    if backfill is not None and backfill.seconds:
        lines.append(
            f"Dashboards: rollups of {backfill.days:,} days computed in {backfill.seconds:.1f} s"
        )
    for result in results:
        t = result.timing
        assert t is not None
        verdict = "yes" if t.p95_ms <= DASHBOARD_TARGET_MS else "NO"
        lines.append(
            f"Dashboards, {result.name} ({db}): median {t.median_ms:.1f} ms, "
            f"p95 {t.p95_ms:.1f} ms (≤ 300 ms: {verdict}), n {t.n}, {result.queries} queries"
        )
    return lines


def business_time_line(result: BusinessTimeResult) -> str:
    verdict = "yes" if result.per_second >= BUSINESS_TIME_TARGET_PER_SECOND else "NO"
    return (
        f"Business time ({result.calendar}): {result.per_second:,.0f} due-time computations/s "
        f"on one core (≥ 200,000: {verdict}); per call median {result.median_us:.2f} µs, "
        f"p95 {result.p95_us:.2f} µs, n {result.calls:,}; first call (builds the tables) "
        f"{result.first_call_ms:.0f} ms"
    )


def sweep_lines(result: SweepResult, requests: int) -> list[str]:
    head = (
        f"SLA sweep ({database_label()}, {requests:,} requests, {result.open_requests:,} open, "
        f"{result.pending_clocks:,} clocks waiting for a look)"
    )
    if result.skipped:
        return [f"{head}: skipped: {result.skipped}"]
    verdict = "yes" if result.seconds <= SWEEP_TARGET_SECONDS else "NO"
    find = f"{result.find.median_ms:.2f} ms median" if result.find else "-"
    rhythm = result.per_minute
    return [
        f"{head}: one pass at {result.now} over {result.due:,} due clocks in "
        f"{result.seconds:.3f} s (≤ 1 s: {verdict}): {result.looked_at:,} looked at, "
        f"{result.escalations:,} escalations, {result.left:,} left for the next pass, "
        f"{result.queries:,} SQL statements",
        f"  find query {find}; index {'clock_sweep_idx used' if result.uses_index else 'NOT USED'}"
        f"; the next 24 h bring {rhythm.get('next_24h', 0):,.0f} clocks due "
        f"({rhythm.get('mean_per_minute', 0)} a minute on average, "
        f"{rhythm.get('busiest_minute', 0):,.0f} in the busiest minute)",
        "  EXPLAIN of the find query:",
        *(f"    {line}" for line in result.explain.splitlines()),
    ]


def write_json(
    config: Config,
    pages: list[PageResult],
    create: CreateResult | None,
    requests: int,
    entries: int,
    business_time: BusinessTimeResult | None = None,
    sweep: SweepResult | None = None,
    workflows: list[PageResult] | None = None,
    dashboards: list[PageResult] | None = None,
    backfill: Backfill | None = None,
) -> Path:
    now = datetime.now(UTC)
    document: dict[str, Any] = {
        "measured_at": now.isoformat(),
        "database": database_label(),
        "requests": requests,
        "timeline_entries": entries,
        "machine": {
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
            "django": django.get_version(),
            "platform": platform.platform(),
        },
        "config": config.as_dict(),
        "targets": {
            "page_p95_ms": PAGE_TARGET_MS,
            "create_per_second": CREATE_TARGET_PER_SECOND,
            "business_time_per_second": BUSINESS_TIME_TARGET_PER_SECOND,
            "sweep_seconds": SWEEP_TARGET_SECONDS,
            "workflow_p95_ms": WORKFLOW_TARGET_MS,
            "dashboard_p95_ms": DASHBOARD_TARGET_MS,
        },
        "pages": [asdict(p) for p in pages],
        "create": asdict(create) if create is not None else None,
        "business_time": asdict(business_time) if business_time is not None else None,
        "sweep": asdict(sweep) if sweep is not None else None,
        "workflows": [asdict(w) for w in workflows or []],
        "dashboards": [asdict(d) for d in dashboards or []],
        "rollup_backfill": asdict(backfill) if backfill is not None else None,
    }
    folder = ROOT / "bench" / "results"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{now:%Y%m%dT%H%M%SZ}-{connection.vendor}-{requests}.json"
    path.write_text(json.dumps(document, indent=2) + "\n")
    return path
