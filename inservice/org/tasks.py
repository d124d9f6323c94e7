"""Background work for the directory: CSV imports. Tasks take IDs and are safe to run twice."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from celery import shared_task
from django.db import DatabaseError, connection

from inservice.org import import_jobs
from inservice.org.importing import Progress
from inservice.org.models import ImportJob

log = logging.getLogger(__name__)


@shared_task(acks_late=True)
def run_import(job_id: int) -> str:
    """Imports a queued job's file; a job that is done, invalid or failed is left alone."""
    job = import_jobs.claim_job(job_id)
    if job is None:
        return "skipped"
    with progress_reporter(job_id) as progress:
        try:
            return import_jobs.execute_job(job, progress)
        except Exception as exc:
            # The import's transaction rolled back: nothing was imported. Say so on the page.
            log.exception("import job %s failed", job_id)
            import_jobs.fail_job(job_id, exc)
            return "failed"


@contextmanager
def progress_reporter(job_id: int) -> Iterator[Progress]:
    """Writes ImportJob.processed_rows where the page can read it while the import still runs.

    The import is one transaction, and the page cannot see its uncommitted writes, so progress
    goes through a second connection that commits each update at once. SQLite lets only one
    connection write at a time and the import holds that lock, so there the bar moves when the
    import commits (the terminal command shows progress everywhere).
    """
    if connection.vendor == "sqlite":
        yield lambda done, total: None
        return
    side = connection.copy()
    table = connection.ops.quote_name(ImportJob._meta.db_table)
    sql = f"UPDATE {table} SET processed_rows = %s WHERE id = %s"  # noqa: S608 — the model's table; values are bound

    def report(done: int, total: int) -> None:
        try:
            with side.cursor() as cursor:
                cursor.execute(sql, [done, job_id])
        except DatabaseError:
            log.warning("import job %s: progress not recorded", job_id, exc_info=True)

    try:
        yield report
    finally:
        side.close()
