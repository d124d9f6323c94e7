"""Background work for the directory: CSV imports, people going out of office and coming back.
Tasks take IDs and are safe to run twice."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from celery import shared_task
from django.db import DatabaseError, connection
from django.utils import timezone

from inservice.org import import_jobs, services
from inservice.org.importing import Progress
from inservice.org.models import ImportJob, Person
from inservice.tickets import services as tickets

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


@shared_task(acks_late=True)
def reassign_while_out_of_office(person_id: int) -> int:
    """After someone goes out of office: their open requests go to their delegate or back to
    the team queues. Returns how many moved; running it again moves nothing more."""
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        return 0
    return tickets.hand_on_while_out_of_office(person)


@shared_task(acks_late=True)
def end_past_absences() -> int:
    """Beat, hourly: people whose last day out of office has passed are available again."""
    return services.end_past_absences(timezone.now())
