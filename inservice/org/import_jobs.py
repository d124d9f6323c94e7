"""The ImportJob record behind the import page: part of org's service layer.

A job is created by the page with the uploaded file, checked, queued, run by the org.tasks.run_import
task through importing.run_import, and ends imported, invalid (with its error report) or failed.
"""

from __future__ import annotations

from dataclasses import asdict

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inservice.lib.tasks import enqueue_on_commit
from inservice.org.choices import ImportStatus
from inservice.org.importing import (
    CHECK_NOW_MAX_ROWS,
    MAX_REPORTED_ERRORS,
    ImportRejected,
    Progress,
    RowError,
    parse,
    run_import,
    validate,
)
from inservice.org.models import ImportJob, Person


def start_import(actor: Person, filename: str, text: str) -> ImportJob:
    """Records an import of `text` (a decoded CSV file) and queues it when nothing is wrong.

    A file that cannot be read raises ImportFileError and records nothing. Row problems make the
    job "invalid" with its report; files over CHECK_NOW_MAX_ROWS rows that read cleanly are
    checked against the directory by the task instead of while the administrator waits.
    """
    from inservice.org import tasks  # the task module imports this one

    if not actor.is_superuser:
        raise PermissionDenied(_("Only administrators import people."))
    parsed = parse(text)
    errors = parsed.errors
    if errors or parsed.total <= CHECK_NOW_MAX_ROWS:
        errors, _directory = validate(parsed)
    with transaction.atomic():
        job = ImportJob.objects.create(
            created_by=actor,
            filename=filename[:200],
            content=text,
            status=ImportStatus.INVALID if errors else ImportStatus.QUEUED,
            total_rows=parsed.total,
        )
        if errors:
            _reject(job.pk, errors)
        else:
            enqueue_on_commit(tasks.run_import, job.pk)
    job.refresh_from_db()
    return job


def claim_job(job_id: int) -> ImportJob | None:
    """The job, marked running, if it still has to run; None when it is done, invalid or failed.

    A running job is claimed again: its worker died, and its transaction with it.
    """
    claimed = ImportJob.objects.filter(
        pk=job_id, status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING]
    ).update(status=ImportStatus.RUNNING, processed_rows=0)
    return ImportJob.objects.filter(pk=job_id).first() if claimed else None


class _FinishedElsewhere(Exception):
    """Another worker finished the job first: roll this import back."""


def execute_job(job: ImportJob, progress: Progress | None = None) -> str:
    """Runs a claimed job: imports the file and marks it done in the same transaction."""
    try:
        with transaction.atomic():
            summary = run_import(job.content, progress=progress)
            marked = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING).update(
                status=ImportStatus.DONE,
                summary=summary.as_dict(),
                processed_rows=job.total_rows,
                finished_at=timezone.now(),
            )
            if not marked:
                raise _FinishedElsewhere
    except ImportRejected as rejected:
        _reject(job.pk, rejected.errors)
        return ImportStatus.INVALID
    except _FinishedElsewhere:
        return "finished elsewhere"
    return ImportStatus.DONE


def _reject(job_id: int, errors: list[RowError]) -> None:
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportStatus.INVALID,
        errors=[asdict(error) for error in errors[:MAX_REPORTED_ERRORS]],
        summary={"error_count": len(errors)},
        processed_rows=0,
        finished_at=timezone.now(),
    )


def fail_job(job_id: int, error: BaseException) -> None:
    """Marks a job failed after an unexpected error; its transaction rolled back everything."""
    ImportJob.objects.filter(pk=job_id).exclude(status=ImportStatus.DONE).update(
        status=ImportStatus.FAILED,
        summary={"message": f"{type(error).__name__}: {error}"[:500]},
        processed_rows=0,
        finished_at=timezone.now(),
    )
