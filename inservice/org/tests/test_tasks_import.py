"""The import task on PostgreSQL: its progress is readable while its one transaction is still open."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import connection
from django.test import TransactionTestCase

from inservice.org import importing
from inservice.org import services as org
from inservice.org.choices import ImportStatus
from inservice.org.import_jobs import start_import
from inservice.org.models import ImportJob, Person

HEADER = "name,email,team,manager email,location,time zone,employment type"


@pytest.mark.services
class ImportProgressTests(TransactionTestCase):
    def test_it_shows_progress_to_other_connections_before_the_import_commits(self) -> None:
        root = org.create_person(
            username="root", name="Root", email="root@example.org", is_superuser=True
        )
        rows = [f"P{i},p{i}@example.org,Depot,,,UTC,employee" for i in range(1200)]
        text = "\n".join([HEADER, *rows]) + "\n"
        outside = connection.copy()  # what the progress page's web process would see
        seen: list[tuple[int, int]] = []
        original = importing._add_memberships

        def watch(pairs: list[tuple[int, int]]) -> int:
            added = original(pairs)
            with outside.cursor() as cursor:
                cursor.execute("SELECT processed_rows FROM org_importjob")
                (processed,) = cursor.fetchone()
                cursor.execute("SELECT count(*) FROM org_person WHERE email LIKE 'p%%'")
                (people,) = cursor.fetchone()
            seen.append((processed, people))
            return added

        try:
            with mock.patch.object(importing, "_add_memberships", side_effect=watch):
                # Not in a test transaction: start_import commits and the eager task runs at once.
                started = start_import(root, "depot.csv", text)
        finally:
            outside.close()
        # Before each batch is reported: the rows reported so far, and none of the people yet.
        self.assertEqual(seen, [(0, 0), (500, 0), (1000, 0)])
        job = ImportJob.objects.get(pk=started.pk)
        self.assertEqual((job.status, job.processed_rows), (ImportStatus.DONE, 1200))
        self.assertEqual(Person.objects.filter(team__name="Depot").count(), 1200)
