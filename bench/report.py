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

from bench.config import ROOT, Config
from bench.pages import PageResult
from bench.throughput import CreateResult

PAGE_TARGET_MS = 50.0
CREATE_TARGET_PER_SECOND = 250.0


def database_label() -> str:
    if connection.vendor == "postgresql":
        return f"PostgreSQL {connection.pg_version // 10000}"  # type: ignore[attr-defined]  # only on the PostgreSQL backend
    return f"SQLite {connection.Database.sqlite_version}"  # type: ignore[attr-defined]  # only on the SQLite backend


def table(pages: list[PageResult], create: CreateResult | None, requests: int, entries: int) -> str:
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


def write_json(
    config: Config,
    pages: list[PageResult],
    create: CreateResult | None,
    requests: int,
    entries: int,
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
        "targets": {"page_p95_ms": PAGE_TARGET_MS, "create_per_second": CREATE_TARGET_PER_SECOND},
        "pages": [asdict(p) for p in pages],
        "create": asdict(create) if create is not None else None,
    }
    folder = ROOT / "bench" / "results"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{now:%Y%m%dT%H%M%SZ}-{connection.vendor}-{requests}.json"
    path.write_text(json.dumps(document, indent=2) + "\n")
    return path
