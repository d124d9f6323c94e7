"""What the knowledge tests share (no tests of its own).

The test database is made without the knowledge app's migration, so the search structures that
migration adds (knowledge.search_schema: PostgreSQL's search column and GIN indexes, SQLite's
FTS5 tables and triggers) are created here, before each test class's data, and kept for the
session: every statement is IF NOT EXISTS.

`KnowledgeTestCase` adds two published articles to the cast: IT's "Reset a forgotten password"
(erin owns it, linked to the laptop service) and Payroll's "Read your payslip" (grace, linked
to the payslip service).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from inservice.catalog import services as catalog
from inservice.catalog.models import Service
from inservice.knowledge import search_schema, services
from inservice.knowledge.models import Article
from inservice.org.models import Person, Team
from inservice.org.tests.api_support import make_team
from inservice.test import BaseTestCase

MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
HTMX = {"HX-Request": "true"}
PASSWORD_BODY = """If you forgot your password, open the sign-in page and choose **Forgot password**.

1. Enter your work email.
2. Confirm with the code sent to your phone.
3. Choose a new password of at least 12 characters.

Still locked out? [Ask the service desk](https://intranet.example/it)."""


def ensure_search_schema() -> None:
    search_schema.ensure(connection, rebuild=True)


def write(
    author: Person,
    team: Team,
    title: str,
    body: str = "Plain words about nothing in particular.",
    *,
    publish: bool = True,
    owner: Person | None = None,
    services_: tuple[Service, ...] = (),
    summary: str = "",
    kind: str = "article",
    review_on: date | None = None,
    at: datetime | None = None,
) -> Article:
    """An article written through the services (published unless told otherwise)."""
    draft = services.ArticleDraft(
        kind=kind,
        title=title,
        body=body,
        team=team,
        summary=summary,
        owner=owner,
        services=services_,
        review_on=review_on,
    )
    return services.create_article(author, draft, publish=publish, at=at)


def write_password_guide(erin: Person, it: Team, laptop: Service) -> Article:
    """IT's "Reset a forgotten password", by erin, linked to the laptop service."""
    return write(
        erin,
        it,
        "Reset a forgotten password",
        PASSWORD_BODY,
        summary="Choose a new password yourself in two minutes.",
        services_=(laptop,),
        kind="guide",
    )


class KnowledgeTestCase(BaseTestCase):
    password: Article
    payslip_guide: Article

    @classmethod
    def setUpClass(cls) -> None:
        ensure_search_schema()  # before the class's transaction: kept for the session
        super().setUpClass()

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.password = write_password_guide(cls.erin, cls.it, cls.laptop)
        cls.payslip_guide = write(
            cls.grace,
            cls.payroll,
            "Read your payslip",
            "Your payslip lists gross pay, tax, social security and net pay.",
            services_=(cls.payslip,),
            kind="faq",
        )

    def closed_service(self) -> Service:
        """IT's service for a team of its own only: one the cast may not see or ask for."""
        return catalog.create_service(
            self.it,
            name="Lab kit",
            summary="For the lab.",
            accountable=self.erin,
            audience="teams",
            audience_teams=[make_team()],
        )

    def fresh(self, article: Article) -> Article:
        return Article.objects.get(pk=article.pk)

    def count_page_queries(self, url: str, **headers: Any) -> tuple[int, str]:
        """Queries one GET makes (after a first, uncounted one), and their SQL for the failure."""
        self.client.get(url, headers=headers)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, headers=headers)
        self.assertEqual(response.status_code, 200, response.content[:500])
        return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)
