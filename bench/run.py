"""`python -m bench.run` (`make bench`): seed if needed, time the pages, time API creates, time
business-time arithmetic, time one SLA sweep.

Environment (see bench/README.md): BENCH_DATABASE_URL (default var/bench.sqlite3),
BENCH_REQUESTS (default 100000), BENCH_OPEN, BENCH_SAMPLES, BENCH_WARMUP, BENCH_CREATE_LIMIT,
BENCH_CREATE_SECONDS, BENCH_CLIENTS, BENCH_WORKERS, BENCH_THREADS, BENCH_SWEEP_DUE,
BENCH_BUSINESS_CALLS, BENCH_ONLY (some of pages, create, workflows, search, dashboards, business_time, sweep),
BENCH_REDIS_URL.
"""

from __future__ import annotations

import shutil
import sys

import django

from bench.config import Config, prepare_environment


def main() -> int:
    config = Config.from_env()
    scratch = prepare_environment(config)
    try:
        return run(config)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run(config: Config) -> int:
    django.setup()
    # Imported once Django is set up: they import models.
    from django.core.management import call_command

    from bench import (
        business_time,
        fixtures,
        insights,
        knowledge,
        pages,
        report,
        sweep,
        throughput,
        workflows,
    )
    from inservice.tickets.models import TimelineEntry

    timed = None
    if config.runs("business_time"):
        # First, on a quiet machine: no database, one core.
        print(f"Business time: {config.business_calls:,} due-time computations…", flush=True)
        timed = business_time.measure(config.business_calls)
        print(f"  {timed.per_second:,.0f}/s", flush=True)
    requests = entries = 0
    results: list[pages.PageResult] = []
    create: throughput.CreateResult | None = None
    swept: sweep.SweepResult | None = None
    flows: list[pages.PageResult] = []
    boards: list[pages.PageResult] = []
    backfill: insights.Backfill | None = None
    if any(
        config.runs(part)
        for part in ("pages", "create", "workflows", "search", "dashboards", "sweep")
    ):
        requests = fixtures.ensure_seeded(config.requests, config.open_requests)
        entries = fixtures.estimate_rows(TimelineEntry._meta.db_table)
    if any(config.runs(part) for part in ("pages", "create", "workflows", "search", "dashboards")):
        # DEBUG is off: pages and gunicorn read the static files' manifest from the scratch folder.
        call_command("collectstatic", interactive=False, verbosity=0)
        f = fixtures.load_fixtures(requests)
        print(
            f"Benchmarking {report.database_label()} with {requests:,} requests and about "
            f"{f.entries:,} timeline entries: {config.samples} timed requests per page after "
            f"{config.warmup} warm-up requests."
        )
        try:
            if config.runs("pages"):
                for page in pages.pages(f):
                    result = pages.measure(page, config.warmup, config.samples)
                    results.append(result)
                    shown = (
                        f"{result.timing.p95_ms:.1f} ms p95"
                        if result.timing
                        else f"skipped: {result.skipped}"
                    )
                    print(f"  {page.name}: {shown}", flush=True)
            if config.runs("create"):
                print(
                    f"  API create: {config.clients} clients, gunicorn with {config.workers} "
                    f"workers of {config.threads} thread(s), "
                    f"up to {config.create_limit} requests or {config.create_seconds} s…",
                    flush=True,
                )
                create = throughput.measure_create(config, f)
            if config.runs("workflows"):
                print("  Workflows: starting 20-step runs, their progress page…", flush=True)
                flows = workflows.measure(f.requester, config.warmup, config.samples)
            if config.runs("search"):
                print(
                    "  Search: 10,000 articles; as an agent, as an employee, while asking…",
                    flush=True,
                )
                results.extend(
                    knowledge.measure(f.agent, f.requester, config.warmup, config.samples)
                )
            if config.runs("dashboards"):
                print("  Dashboards: rollups over the history, then each dashboard…", flush=True)
                backfill, boards = insights.measure_all(f, config.warmup, config.samples)
        finally:
            f.revoke_tokens()
    if config.runs("sweep"):
        # Last: it escalates (writes) what has come due.
        print(f"SLA sweep: one pass when {config.sweep_due} clocks have come due…", flush=True)
        swept = sweep.measure(config.sweep_due)
    if config.redis_url and (create is not None or swept is not None):
        # The queued notifications were never meant to be sent: leave Redis as it was.
        from inservice.celery import app

        app.control.purge()
    print()
    shown = report.table(results, create, requests, entries)
    if shown:
        print(shown)
    if timed is not None:
        print(report.business_time_line(timed))
    if flows:
        print("\n".join(report.workflow_lines(flows)))
    if boards:
        print("\n".join(report.dashboard_lines(boards, backfill)))
    if swept is not None:
        print("\n".join(report.sweep_lines(swept, requests)))
    path = report.write_json(
        config, results, create, requests, entries, timed, swept, flows, boards, backfill
    )
    print(f"\nWritten to {path.relative_to(path.parents[2])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
