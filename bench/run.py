"""`python -m bench.run` (`make bench`): seed if needed, time the pages, time API creates.

Environment (see bench/README.md): BENCH_DATABASE_URL (default var/bench.sqlite3),
BENCH_REQUESTS (default 100000), BENCH_SAMPLES, BENCH_WARMUP, BENCH_CREATE_LIMIT,
BENCH_CREATE_SECONDS, BENCH_CLIENTS, BENCH_WORKERS, BENCH_THREADS, BENCH_ONLY (pages | create),
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

    from bench import fixtures, pages, report, throughput

    # DEBUG is off: pages and gunicorn read the static files' manifest from the scratch folder.
    call_command("collectstatic", interactive=False, verbosity=0)
    requests = fixtures.ensure_seeded(config.requests)
    f = fixtures.load_fixtures(requests)
    print(
        f"Benchmarking {report.database_label()} with {requests:,} requests and about "
        f"{f.entries:,} timeline entries: {config.samples} timed requests per page after "
        f"{config.warmup} warm-up requests."
    )
    results: list[pages.PageResult] = []
    create: throughput.CreateResult | None = None
    try:
        if config.only in ("", "pages"):
            for page in pages.pages(f):
                result = pages.measure(page, config.warmup, config.samples)
                results.append(result)
                shown = (
                    f"{result.timing.p95_ms:.1f} ms p95"
                    if result.timing
                    else f"skipped: {result.skipped}"
                )
                print(f"  {page.name}: {shown}", flush=True)
        if config.only in ("", "create"):
            print(
                f"  API create: {config.clients} clients, gunicorn with {config.workers} workers "
                f"of {config.threads} thread(s), "
                f"up to {config.create_limit} requests or {config.create_seconds} s…",
                flush=True,
            )
            create = throughput.measure_create(config, f)
            if config.redis_url:
                # The queued notifications were never meant to be sent: leave Redis as it was.
                from inservice.celery import app

                app.control.purge()
    finally:
        f.revoke_tokens()
    print()
    print(report.table(results, create, requests, f.entries))
    path = report.write_json(config, results, create, requests, f.entries)
    print(f"\nWritten to {path.relative_to(path.parents[2])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
