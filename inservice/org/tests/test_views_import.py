"""The import page: administrators upload a CSV, see the error report or the progress, then a summary."""

from __future__ import annotations

from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.org.choices import ImportStatus
from inservice.org.models import ImportJob, Person
from inservice.org.tasks import run_import
from inservice.test import BaseTestCase

HEADER = "name,email,team,manager email,location,time zone,employment type"
GOOD = f"{HEADER}\nAnn,ann@example.org,Ops,bea@example.org,Lisbon,Europe/Lisbon,employee\nBea,bea@example.org,Ops,,,UTC,contractor\n"
BAD = (
    f"{HEADER}\nAnn,ann@example.org,Ops,,,UTC,employee\nBea,not-an-email,Ops,,,Moon/Base,employee\n"
)
HOME = reverse("import_org:home")
FRAGMENT = {"HX-Request": "true"}


def upload(text: str | bytes, name: str = "people.csv") -> dict[str, SimpleUploadedFile]:
    data = text.encode() if isinstance(text, str) else text
    return {"file": SimpleUploadedFile(name, data, content_type="text/csv")}


class ImportPermissionTests(BaseTestCase):
    def test_it_answers_404_to_everyone_but_administrators(self) -> None:
        job = ImportJob.objects.create(
            created_by=self.root, filename="x.csv", content=GOOD, status=ImportStatus.DONE
        )
        urls = [
            HOME,
            reverse("import_org:job", args=[job.pk]),
            reverse("import_org:progress", args=[job.pk]),
        ]
        for person in (self.alice, self.erin, self.frank):
            self.login(person)
            for url in urls:
                with self.subTest(person=person.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)
            response = self.client.post(HOME, upload(GOOD))
            self.assertEqual(response.status_code, 404)
        self.assertEqual(ImportJob.objects.count(), 1)
        self.assertFalse(Person.objects.filter(email="ann@example.org").exists())

    def test_it_answers_404_for_a_job_that_does_not_exist(self) -> None:
        self.login(self.root)
        url = reverse("import_org:job", args=[999])
        self.assertEqual(self.client.get(url).status_code, 404)


class ImportPageTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.root)

    def test_it_shows_the_upload_form_and_what_the_file_holds(self) -> None:
        response = self.client.get(HOME)
        self.assertContains(response, 'enctype="multipart/form-data"')
        self.assertContains(response, "name, email, team, manager email, location, time zone")

    def test_it_lists_every_bad_row_and_imports_nothing(self) -> None:
        response = self.client.post(HOME, upload(BAD), follow=True)
        job = ImportJob.objects.get()
        self.assertEqual(job.status, ImportStatus.INVALID)
        self.assertRedirects(response, reverse("import_org:job", args=[job.pk]), status_code=303)
        self.assertContains(response, "Nothing imported: 2 problems to fix")
        self.assertContains(response, "“not-an-email” is not a valid email address.")
        self.assertContains(response, "“Moon/Base” is not a time zone")
        self.assertContains(response, '<td data-label="Line">3</td>', count=2, html=False)
        self.assertNotContains(response, 'hx-trigger="every 1s"')
        self.assertFalse(Person.objects.filter(email="ann@example.org").exists())

    def test_it_refuses_a_file_that_is_not_utf8_with_a_clear_message(self) -> None:
        response = self.client.post(HOME, upload(GOOD.replace("Ann", "Anné").encode("latin-1")))
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "The file is not UTF-8 text", status_code=422)
        self.assertFalse(ImportJob.objects.exists())

    def test_it_refuses_a_file_without_the_header_row(self) -> None:
        response = self.client.post(HOME, upload("Ann,ann@example.org,Ops\n"))
        self.assertContains(response, "The first row must be the header", status_code=422)
        self.assertFalse(ImportJob.objects.exists())

    def test_it_refuses_a_file_over_the_size_limit(self) -> None:
        with mock.patch("inservice.org.views_import.MAX_FILE_BYTES", 100):
            response = self.client.post(HOME, upload(GOOD + "x" * 200))
        self.assertContains(response, "the limit is", status_code=422)
        self.assertFalse(ImportJob.objects.exists())

    def test_it_shows_progress_until_done_then_a_summary(self) -> None:
        with self.captureOnCommitCallbacks() as callbacks:
            response = self.client.post(HOME, upload(GOOD))
        job = ImportJob.objects.get()
        job_url = reverse("import_org:job", args=[job.pk])
        progress_url = reverse("import_org:progress", args=[job.pk])
        self.assertRedirects(response, job_url, status_code=303, fetch_redirect_response=False)
        self.assertEqual(job.status, ImportStatus.QUEUED)
        page = self.client.get(job_url)
        self.assertContains(page, 'class="progress"')
        self.assertContains(page, f'hx-get="{progress_url}"')
        self.assertContains(page, 'hx-trigger="every 1s"')
        self.assertContains(page, "0 of 2 rows (0%)")
        self.assertFalse(Person.objects.filter(email="ann@example.org").exists())

        with self.captureOnCommitCallbacks(execute=True):
            for callback in callbacks:
                callback()  # the worker picks the job up

        partial = self.client.get(progress_url, headers=FRAGMENT)
        self.assertNotContains(partial, "<html")
        self.assertNotContains(partial, "hx-trigger")  # done: the polling stops
        self.assertContains(partial, "Imported")
        self.assertContains(partial, "<dt>People created</dt><dd>2</dd>", html=True)
        self.assertContains(partial, "<dt>Teams created</dt><dd>1</dd>", html=True)
        ann = Person.objects.select_related("manager", "team").get(email="ann@example.org")
        self.assertEqual(
            (ann.team.name if ann.team else "", ann.manager),
            ("Ops", Person.objects.get(email="bea@example.org")),
        )
        job.refresh_from_db()
        self.assertEqual((job.status, job.processed_rows, job.percent), (ImportStatus.DONE, 2, 100))

    def test_it_checks_a_large_file_in_the_task_and_reports_its_problems(self) -> None:
        text = f"{HEADER}\nAnn,ann@example.org,Ops,ghost@example.org,,UTC,employee\n"
        with (
            mock.patch("inservice.org.import_jobs.CHECK_NOW_MAX_ROWS", 0),
            self.captureOnCommitCallbacks(execute=True),
        ):
            posted = self.client.post(HOME, upload(text))
        response = self.client.get(posted["Location"])
        self.assertContains(response, "Nobody with the email ghost@example.org")
        self.assertEqual(ImportJob.objects.get().status, ImportStatus.INVALID)
        self.assertFalse(Person.objects.filter(email="ann@example.org").exists())

    def test_it_marks_the_job_failed_and_imports_nothing_on_an_unexpected_error(self) -> None:
        with (
            mock.patch(
                "inservice.org.importing._add_memberships", side_effect=RuntimeError("disk full")
            ),
            self.captureOnCommitCallbacks(execute=True),
        ):
            posted = self.client.post(HOME, upload(GOOD))
        response = self.client.get(posted["Location"])
        self.assertContains(response, "The import failed: nothing was imported")
        self.assertContains(response, "RuntimeError: disk full")
        self.assertEqual(ImportJob.objects.get().status, ImportStatus.FAILED)
        # People had been written before the error: the transaction took them back.
        self.assertFalse(Person.objects.filter(email="ann@example.org").exists())

    def test_it_runs_a_job_once_however_often_the_task_is_delivered(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(HOME, upload(GOOD))
        job = ImportJob.objects.get()
        self.assertEqual(run_import(job.pk), "skipped")
        self.assertEqual(
            Person.objects.filter(email__in=["ann@example.org", "bea@example.org"]).count(), 2
        )
        job.refresh_from_db()
        self.assertEqual(job.summary["people_created"], 2)

    def test_it_links_the_page_from_the_people_list_in_the_admin(self) -> None:
        response = self.client.get(reverse("admin:org_person_changelist"))
        self.assertContains(response, HOME)


class ImportQueryCountTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.root)

    def make_jobs(self, n: int) -> None:
        for i in range(n):
            ImportJob.objects.create(
                created_by=self.root if i % 2 else self.erin,
                filename=f"file{i}.csv",
                content=GOOD,
                status=ImportStatus.DONE,
                total_rows=2,
            )

    def count(self, url: str, **kwargs: object) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, **kwargs)  # type: ignore[arg-type]  # headers only
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_it_reads_the_job_list_in_a_fixed_number_of_queries(self) -> None:
        self.make_jobs(2)
        few = self.count(HOME)
        self.make_jobs(15)
        self.assertEqual(self.count(HOME), few)

    def test_it_reads_the_progress_partial_in_a_fixed_number_of_queries(self) -> None:
        small = ImportJob.objects.create(
            created_by=self.root,
            filename="a.csv",
            content="",
            status=ImportStatus.INVALID,
            errors=[{"line": 2, "column": "name", "message": "The name is missing."}],
        )
        large = ImportJob.objects.create(
            created_by=self.root,
            filename="b.csv",
            content="",
            status=ImportStatus.INVALID,
            errors=[
                {"line": n, "column": "name", "message": "The name is missing."} for n in range(500)
            ],
        )
        few = self.count(reverse("import_org:progress", args=[small.pk]), headers=FRAGMENT)
        many = self.count(reverse("import_org:progress", args=[large.pk]), headers=FRAGMENT)
        self.assertEqual(few, many)
