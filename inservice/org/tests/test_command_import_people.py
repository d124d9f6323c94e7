"""`manage.py import_people people.csv`: the same checks and import, with a progress line."""

from __future__ import annotations

import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

from inservice.org.models import Person, Team
from inservice.test import BaseTestCase

HEADER = "name,email,team,manager email,location,time zone,employment type"


class ImportPeopleCommandTests(BaseTestCase):
    def write(self, text: str | bytes) -> Path:
        folder = Path(tempfile.mkdtemp(prefix="inservice-import-"))
        path = folder / "people.csv"
        if isinstance(text, str):
            path.write_text(text, encoding="utf-8")
        else:
            path.write_bytes(text)
        self.addCleanup(path.unlink)
        return path

    def run_command(self, path: Path) -> tuple[str, str]:
        out, err = StringIO(), StringIO()
        call_command("import_people", str(path), stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def test_it_imports_and_rewrites_one_progress_line(self) -> None:
        rows = [f"Person {i},p{i}@example.org,Warehouse,,,UTC,employee" for i in range(1200)]
        out, err = self.run_command(self.write("\n".join([HEADER, *rows]) + "\n"))
        self.assertEqual(err, "")
        self.assertIn("\rImporting people: 500/1200 (41%)", out)
        self.assertIn("\rImporting people: 1200/1200 (100%)\n", out)
        self.assertIn("People created: 1200; people updated: 0; teams created: 1;", out)
        self.assertEqual(Person.objects.filter(team__name="Warehouse").count(), 1200)

    def test_it_prints_every_problem_and_exits_1_with_nothing_imported(self) -> None:
        text = "\n".join(
            [
                HEADER,
                "Ann,ann@example.org,Warehouse,,,UTC,employee",
                "Bea,bea@example.org,Warehouse,ghost@example.org,,UTC,employee",
                ",cat@example.org,Warehouse,,,Nowhere,employee",
            ]
        )
        out, err = StringIO(), StringIO()
        with self.assertRaises(CommandError) as caught:
            call_command("import_people", str(self.write(text)), stdout=out, stderr=err)
        self.assertEqual(caught.exception.returncode, 1)
        self.assertIn("Nothing imported: 3 problems in 3 rows.", str(caught.exception))
        report = err.getvalue().splitlines()
        self.assertEqual(
            report,
            [
                "line 3, manager email: Nobody with the email ghost@example.org is in this file or in the directory.",
                "line 4, name: The name is missing.",
                "line 4, time zone: “Nowhere” is not a time zone; use a name like Europe/Berlin or America/New_York.",
            ],
        )
        self.assertNotIn("Importing people", out.getvalue())
        self.assertFalse(Team.objects.filter(name="Warehouse").exists())
        self.assertFalse(Person.objects.filter(email="ann@example.org").exists())

    def test_it_refuses_a_file_that_is_not_utf8(self) -> None:
        path = self.write(
            f"{HEADER}\nJosé,jose@example.org,Warehouse,,,UTC,employee\n".encode("latin-1")
        )
        with self.assertRaises(CommandError) as caught:
            self.run_command(path)
        self.assertIn("not UTF-8", str(caught.exception))
        self.assertFalse(Person.objects.filter(email="jose@example.org").exists())

    def test_it_says_when_the_file_cannot_be_read(self) -> None:
        with self.assertRaises(CommandError) as caught:
            self.run_command(Path("/nonexistent/people.csv"))
        self.assertIn("Cannot read /nonexistent/people.csv", str(caught.exception))
