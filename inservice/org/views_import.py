"""The CSV import of people and teams: upload, error report or progress, summary. Administrators only."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from inservice.lib.htmx import is_fragment
from inservice.lib.requests import person_of
from inservice.org import import_jobs
from inservice.org.choices import ImportStatus
from inservice.org.importing import COLUMNS, MAX_FILE_BYTES, ImportFileError, decode
from inservice.org.models import ImportJob
from inservice.org.permissions import get_import_job

RECENT_JOBS = 20
View = Callable[..., HttpResponse]


def superusers_only(view: View) -> View:
    """Everyone else is told nothing is here (404), as for any page they may not see."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not person_of(request).is_superuser:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


class UploadForm(forms.Form):
    text = ""  # the decoded file, once clean_file has read it
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("UTF-8 CSV with a header row, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)s MB: split it into parts.")
                % {"size": round(upload.size / 1048576, 1), "limit": MAX_FILE_BYTES // 1048576}
            )
        try:
            self.text = decode(upload.read())
        except ImportFileError as exc:
            raise ValidationError(exc.message) from exc
        return upload


@superusers_only
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    status = 200
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                job = import_jobs.start_import(
                    person_of(request), form.cleaned_data["file"].name, form.text
                )
            except ImportFileError as exc:
                form.add_error("file", exc.message)
            else:
                return HttpResponseRedirect(reverse("import_org:job", args=[job.pk]), status=303)
        status = 422
    jobs = (
        ImportJob.objects.select_related("created_by")
        .defer("content", "errors")
        .order_by("-created_at", "-id")[:RECENT_JOBS]
    )
    context = {"form": form, "jobs": list(jobs), "columns": COLUMNS}
    return render(request, "org/import/home.html", context, status=status)


def _status_context(job: ImportJob) -> dict[str, Any]:
    error_count = int(job.summary.get("error_count", len(job.errors))) if job.errors else 0
    return {
        "job": job,
        "working": job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING),
        "error_count": error_count,
        "errors_cut": error_count > len(job.errors),
    }


@superusers_only
@require_GET
def job(request: HttpRequest, job_id: int) -> HttpResponse:
    found = get_import_job(person_of(request), job_id)
    return render(request, "org/import/job.html", _status_context(found))


@superusers_only
@require_GET
def progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """The status block alone, polled by htmx every second until the job is over."""
    found = get_import_job(person_of(request), job_id)
    template = "org/import/partials/status.html" if is_fragment(request) else "org/import/job.html"
    return render(request, template, _status_context(found))
