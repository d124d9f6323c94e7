"""Search keeps working across migrations: on SQLite a migration that remakes an indexed table
drops its full-text triggers, and `migrate` puts back whatever is missing (the post_migrate
receiver in knowledge.search_schema); with everything in place it changes nothing."""

from __future__ import annotations

import io
from unittest import skipUnless

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inservice.knowledge import search_schema, services
from inservice.knowledge.search import search
from inservice.knowledge.tests.support import KnowledgeTestCase

ON_SQLITE = connection.vendor == "sqlite"


def _search_structures() -> list[tuple[str, ...]]:
    """SQLite's full-text tables and triggers, or PostgreSQL's search indexes, as the database
    stores them (their SQL included)."""
    sql = (
        "SELECT type, name, sql FROM sqlite_master WHERE name LIKE '%\\_fts%' ESCAPE '\\' "
        "ORDER BY type, name"
        if ON_SQLITE
        else "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE '%search_idx' "
        "ORDER BY indexname"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return list(cursor.fetchall())


def _drop_triggers(fts: str) -> None:
    """What remaking the table under `fts` does to its triggers (SQLite drops a table's
    triggers with it); a real remake cannot run inside the test's transaction."""
    with connection.cursor() as cursor:
        for suffix in search_schema.TRIGGERS:
            cursor.execute(f"DROP TRIGGER {fts}_{suffix}")


@skipUnless(ON_SQLITE, "SQLite's full-text triggers; PostgreSQL alters tables in place")
class TriggersAfterMigrateTests(KnowledgeTestCase):
    def test_it_puts_back_dropped_triggers_so_later_edits_are_found(self) -> None:
        _drop_triggers("knowledge_article_fts")
        _drop_triggers("tickets_ticket_fts")
        self.assertEqual(
            search_schema.missing_on_sqlite(connection),
            [
                f"{fts}_{s}"
                for fts in ("knowledge_article_fts", "tickets_ticket_fts")
                for s in ("ai", "ad", "au")
            ],
        )
        article = self.fresh(self.payslip_guide)
        draft = services.ArticleDraft(
            kind="faq",
            title="Read your payslip",
            body="Overtime appears on the payslip of the following month.",
            team=self.payroll,
            services=(self.payslip,),
        )
        services.update_article(self.grace, article, draft)
        self.assertEqual(search(self.bob, "overtime").articles, [])  # the index lost track

        out = io.StringIO()
        call_command("migrate", verbosity=1, stdout=out)

        self.assertEqual(search_schema.missing_on_sqlite(connection), [])
        self.assertIn("Search: put back knowledge_article_fts_ai", out.getvalue())
        self.assertIn("and rebuilt the full-text index.", out.getvalue())
        # The rebuild read the edit made while the triggers were gone...
        self.assertEqual([h.pk for h in search(self.bob, "overtime").articles], [article.pk])
        # ...and the triggers follow what is written after the migration.
        article = self.fresh(article)
        services.update_article(
            self.grace,
            article,
            services.ArticleDraft(
                kind="faq",
                title="Read your payslip",
                body="Commission appears on the payslip of the following month.",
                team=self.payroll,
                services=(self.payslip,),
            ),
        )
        self.assertEqual([h.pk for h in search(self.bob, "commission").articles], [article.pk])
        self.assertEqual(search(self.bob, "overtime").articles, [])
        ticket = self.ask(subject="Docking station flickers")
        self.assertEqual([h.ref for h in search(self.carol, "docking").requests], [ticket.key])

    def test_it_says_nothing_when_migrating_quietly(self) -> None:
        _drop_triggers("catalog_service_fts")
        out = io.StringIO()
        call_command("migrate", verbosity=0, stdout=out)
        self.assertEqual(out.getvalue(), "")
        self.assertEqual(search_schema.missing_on_sqlite(connection), [])

    def test_before_the_search_migration_there_is_nothing_to_put_back(self) -> None:
        with connection.cursor() as cursor:
            for statement in search_schema.sqlite_backwards():
                cursor.execute(statement)
        self.assertEqual(search_schema.missing_on_sqlite(connection), [])
        call_command("migrate", verbosity=0)
        self.assertEqual(_search_structures(), [])


class NothingMissingTests(KnowledgeTestCase):
    def test_with_everything_in_place_migrate_leaves_the_triggers_as_they_were(self) -> None:
        before = _search_structures()
        self.assertTrue(before)
        out = io.StringIO()
        with CaptureQueriesContext(connection) as queries:
            call_command("migrate", verbosity=1, stdout=out)
        self.assertEqual(_search_structures(), before)
        self.assertNotIn("Search:", out.getvalue())
        touched = [
            q["sql"]
            for q in queries.captured_queries
            if any(word in q["sql"] for word in ("_fts", "search_idx", "search_document"))
        ]
        # SQLite: the one look in sqlite_master; PostgreSQL: nothing at all.
        self.assertEqual(len(touched), 1 if ON_SQLITE else 0, touched)
