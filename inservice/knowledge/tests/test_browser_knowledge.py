"""In a real browser: an employee types a request's subject, sees a published article suggested,
says it answered her question and lands on the article; no request was made, and the article
counts one deflection."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from inservice.browser import Visits
from inservice.knowledge.models import Article
from inservice.knowledge.tests.support import ensure_search_schema, write, write_password_guide
from inservice.test import Cast
from inservice.tickets.models import Ticket

pytestmark = pytest.mark.browser


def test_a_suggested_article_answers_the_question_before_it_is_asked(
    visits: Visits, cast: Cast
) -> None:
    ensure_search_schema()
    article = write_password_guide(cast.erin, cast.it, cast.laptop)
    write(cast.grace, cast.payroll, "Read your payslip", "Gross pay, tax and net pay.")

    alice = visits.signed_in(cast.alice)
    alice.goto(f"/services/{cast.laptop.slug}/ask/")
    suggestions = alice.locator("#knowledge-suggestions")
    expect(suggestions).to_contain_text("Guides for this service")  # before anything is typed
    alice.get_by_label("Subject").press_sequentially("I forgot my password")
    expect(suggestions.get_by_role("heading")).to_have_text("Maybe this answers it")
    suggested = suggestions.locator(f'[data-article="{article.slug}"]')
    expect(suggested.get_by_role("link").locator("mark")).to_have_text("password")
    expect(suggestions).not_to_contain_text("Read your payslip")

    suggested.get_by_role("button", name="This answered my question").click()
    expect(alice.get_by_role("heading", level=1)).to_have_text("Reset a forgotten password")
    expect(alice.locator(".messages")).to_contain_text(
        "Glad it helped. Nothing was sent to IT Service Desk"
    )
    assert alice.url.endswith(f"/knowledge/articles/{article.slug}/")
    assert not Ticket.objects.exists()
    assert Article.objects.get(pk=article.pk).deflection_count == 1
